/**
 * The scheduler's worker slots: one worker process and the runs it trains (one, or a batch), and the checks its
 * watchdog makes on them. The scheduler (./scheduler.ts) owns the slots and acts on what these find.
 */
import type { Store } from '../store/store'
import type { WorkerTransport } from './transport'

export interface Slot {
  worker: WorkerTransport
  pid: number | null
  /** The runs the worker trains, by id, with their sweep: one, or a batch (empty: idle). */
  runs: Map<string, string>
  startedAt: number
  /** When the worker last sent anything (heartbeat, progress, result). */
  lastHeard: number
  /** Set when we kill the worker on purpose (cancel, shutdown), so its exit does not fail the run. */
  stopping: boolean
  /** When an idle worker was asked to exit: one still there long after is killed (stuckWorkers). */
  shutdownAt: number | null
}

export function newSlot(worker: WorkerTransport): Slot {
  return { worker, pid: worker.pid ?? null, runs: new Map(), startedAt: 0, lastHeard: Date.now(), stopping: false, shutdownAt: null }
}

/** Slots whose worker sent nothing past the timeout (stopped, hung), with the reason their runs fail. */
export function silentSlots(slots: Iterable<Slot>, timeoutMs: number, now = Date.now()): Array<{ slot: Slot; reason: string }> {
  const out: Array<{ slot: Slot; reason: string }> = []
  for (const slot of slots) {
    if (slot.stopping || now - slot.lastHeard <= timeoutMs) continue
    const silent = ((now - slot.lastHeard) / 1000).toFixed(1)
    const limit = +(timeoutMs / 1000).toPrecision(3)
    out.push({ slot, reason: `worker ${slot.pid ?? '?'} sent nothing for ${silent} s (hung or stopped; the limit is ${limit} s): killed` })
  }
  return out
}

/**
 * Runs of batches the store no longer has running: cancelled by another process (`impulse-lab cancel`), which does not
 * kill a worker that trains other runs too (cancel.ts), so the batch must be told to drop them.
 */
export function runsCancelledElsewhere(slots: Iterable<Slot>, store: Store): Array<{ slot: Slot; runId: string; sweepId: string }> {
  const out: Array<{ slot: Slot; runId: string; sweepId: string }> = []
  for (const slot of slots) {
    if (slot.runs.size < 2 || slot.stopping) continue
    for (const [runId, sweepId] of slot.runs) if (store.getRun(runId)?.status !== 'running') out.push({ slot, runId, sweepId })
  }
  return out
}

/**
 * Threads a run starting now may use inside its matrix products: the cores shared by the passes that will be training
 * together (`busy` running, and those of `queued` that can start), so a lone run uses every core and a full sweep one
 * each. Results do not depend on it (native/gemm.cc, native/gates.cc).
 */
export function threadsPerRun(cores: number, workers: number, busy: number, queued: number): number {
  const together = Math.max(1, busy + Math.min(queued, Math.max(0, workers - busy)))
  return Math.max(1, Math.floor(cores / together))
}

/** Ask idle workers to exit (after a while without work). */
export function stopIdleWorkers(slots: Iterable<Slot>): void {
  for (const slot of slots) {
    if (slot.runs.size > 0) continue
    slot.stopping = true
    slot.shutdownAt = Date.now()
    slot.worker.send({ type: 'shutdown' })
  }
}

/** Kill and forget idle workers asked to exit more than the timeout ago that are still there (stopped, hung). */
export function dropStuckWorkers(slots: Set<Slot>, timeoutMs: number, now = Date.now()): void {
  for (const slot of slots) {
    if (slot.shutdownAt === null || now - slot.shutdownAt <= timeoutMs) continue
    slots.delete(slot)
    slot.worker.kill('SIGKILL')
  }
}
