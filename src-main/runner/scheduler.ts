/**
 * The scheduler: runs a sweep's runs on N worker processes (never on the main thread), records every state change in
 * the store and reports it through typed events. The store is the source of truth: a run is only started after it
 * was claimed there (queued → running), so a cancel from another process (`impulse-lab cancel`) is respected.
 */
import { availableParallelism } from 'node:os'
import { FromWorkerMessage, type FromWorker } from '../../src-shared/api/worker'
import type { ExperimentSpec, Scale, SweepSpecInput } from '../../src-shared/spec/experiment'
import { validSweep, type CheckedSweep } from '../../src-shared/spec/sweep'
import type { Store } from '../store/store'
import type { RunStatus, SweepStatus } from '../../src-shared/api/status'
import type { StoredSweepSummary } from '../store/types'
import { Emitter } from '../../src-shared/util/emitter'
import type { WorkerFactory, WorkerTransport } from './transport'
import { forkNodeWorker } from './nodeTransport'
import { codeVersion } from './codeVersion'
import { datasetFileOf, namesDatasets, resolveSweepDatasets, type DatasetPaths } from '../datasets/refs'
import { waitForLocks } from '../store/busy'
import { cancelStoredRuns } from './cancel'
import { asStoreFault, isStoreFault, StoreWriteError } from '../store/storeFault'

export interface SchedulerOptions {
  /** Worker processes (default: os.availableParallelism()). */
  workers?: number
  /** How workers are started (default: Node child processes; the desktop app passes Electron utility processes). */
  createWorker?: WorkerFactory
  /** Recorded with each run (default: git commit or package version). */
  codeVersion?: string
  /** May a sweep name its dataset by a CSV path, imported at submit (default), or only by a stored id or name (the API)? */
  datasetPaths?: DatasetPaths
  /** Idle workers are stopped after this long without work (default 10 s). */
  idleTimeoutMs?: number
  /**
   * A worker that sends nothing (no heartbeat, no progress) for this long is hung or stopped: it is killed and its run
   * fails saying so. Default: $IMPULSE_LAB_WORKER_TIMEOUT seconds, else DEFAULT_WORKER_TIMEOUT_MS.
   */
  workerTimeoutMs?: number
}

/** Workers beat every 2 s and between progress reports; two minutes of silence is far beyond any step of a run. */
const DEFAULT_WORKER_TIMEOUT_MS = 120_000

function workerTimeoutFromEnv(): number | undefined {
  const seconds = Number(process.env.IMPULSE_LAB_WORKER_TIMEOUT)
  return process.env.IMPULSE_LAB_WORKER_TIMEOUT && seconds > 0 ? seconds * 1000 : undefined
}

export interface SubmitSweep {
  /** A sweep as written, checked here; or one validSweep already checked, stored without another parse. */
  sweep: SweepSpecInput | CheckedSweep
  preset?: string | null
  scale?: Scale | null
  /** Defaults to the sweep's title. */
  title?: string
}

export interface RunStartedEvent {
  runId: string
  sweepId: string
  workerPid: number | null
}
export interface RunProgressEvent {
  runId: string
  sweepId: string
  step: number
  totalSteps: number
  loss: number | null
}
export interface RunFinishedEvent {
  runId: string
  sweepId: string
  status: Extract<RunStatus, 'done' | 'failed' | 'cancelled'>
  reason: string | null
  elapsedMs: number | null
}
export interface SweepFinishedEvent {
  sweepId: string
  status: SweepStatus
  summary: StoredSweepSummary
}

interface Slot {
  worker: WorkerTransport
  pid: number | null
  runId: string | null
  sweepId: string | null
  startedAt: number
  /** When the worker last sent anything (heartbeat, progress, result). */
  lastHeard: number
  /** Set when we kill the worker on purpose (cancel, shutdown), so its exit does not fail the run. */
  stopping: boolean
}

interface QueuedRun {
  runId: string
  sweepId: string
}

export class Scheduler {
  readonly workers: number
  private readonly cores: number
  readonly createWorker: WorkerFactory
  private readonly version: string
  private readonly idleTimeoutMs: number
  readonly workerTimeoutMs: number
  private readonly watchdog: NodeJS.Timeout
  private readonly queue: QueuedRun[] = []
  private readonly slots = new Set<Slot>()
  /** Runs this scheduler still has to finish, by sweep. */
  private readonly pending = new Map<string, Set<string>>()
  private readonly waiters = new Map<string, Array<(summary: StoredSweepSummary) => void>>()
  private idleTimer: NodeJS.Timeout | null = null
  private disposed = false
  private halted: StoreWriteError | null = null

  private readonly runStarted = new Emitter<RunStartedEvent>()
  private readonly runProgress = new Emitter<RunProgressEvent>()
  private readonly runFinished = new Emitter<RunFinishedEvent>()
  private readonly sweepFinished = new Emitter<SweepFinishedEvent>()
  readonly onRunStarted = this.runStarted.event
  readonly onProgress = this.runProgress.event
  readonly onRunFinished = this.runFinished.event
  readonly onSweepFinished = this.sweepFinished.event

  constructor(
    readonly store: Store,
    private readonly options: SchedulerOptions = {},
  ) {
    this.workers = Math.max(1, options.workers ?? availableParallelism())
    this.cores = availableParallelism()
    this.createWorker = options.createWorker ?? forkNodeWorker
    this.version = options.codeVersion ?? codeVersion()
    this.idleTimeoutMs = options.idleTimeoutMs ?? 10_000
    this.workerTimeoutMs = options.workerTimeoutMs ?? workerTimeoutFromEnv() ?? DEFAULT_WORKER_TIMEOUT_MS
    this.watchdog = setInterval(() => this.guarded(() => this.killSilentWorkers()), Math.min(5000, this.workerTimeoutMs / 4))
    this.watchdog.unref()
  }

  /**
   * Validate and expand a sweep (SpecError names the bad field; a sweep checked at the boundary is not parsed again),
   * resolve its datasets to ids (importing a CSV path where paths are allowed), store it with its runs queued, and
   * start it.
   */
  async submit(input: SubmitSweep): Promise<{ sweepId: string; runIds: string[] }> {
    const checked = validSweep(input.sweep)
    const { sweep: spec, runs } = namesDatasets(checked.sweep)
      ? validSweep(await resolveSweepDatasets(this.store, checked.sweep, this.options.datasetPaths ?? 'import'))
      : checked
    const { sweep, runIds } = this.writing(() => this.store.createSweep({
      preset: input.preset ?? null,
      scale: input.scale ?? null,
      title: input.title ?? spec.title,
      spec,
      runs,
    }))
    // stored: from here the runs must be queued and claimed, so a lock is waited for even inside a request
    waitForLocks(this.store.db, () => this.enqueue(sweep.id, runIds))
    return { sweepId: sweep.id, runIds }
  }

  /** Run again every unfinished run of a sweep (failed, cancelled, interrupted, queued); done runs are kept. */
  resume(sweepId: string): string[] {
    if (!this.store.getSweep(sweepId)) throw new Error(`no sweep "${sweepId}"`)
    const runIds = this.writing(() => this.store.requeueUnfinished(sweepId))
    waitForLocks(this.store.db, () => this.enqueue(sweepId, runIds))
    return runIds
  }

  /**
   * Cancel one run: dropped from the queue, or its worker killed (a fresh one takes the next run). A run another
   * process is running (the CLI on the app's database, say) is cancelled through the store and its worker killed.
   */
  cancelRun(runId: string): boolean {
    const run = this.store.getRun(runId)
    if (!run) return false
    const slot = [...this.slots].find((s) => s.runId === runId)
    if (!slot) {
      if (cancelStoredRuns(this.store, [runId]).length === 0) return false
    } else {
      if (this.store.cancelRuns([runId]).length === 0) return false
      slot.stopping = true
      slot.worker.kill('SIGKILL')
    }
    const queued = this.queue.findIndex((q) => q.runId === runId)
    if (queued >= 0) this.queue.splice(queued, 1)
    this.finished(run.sweepId, runId, null)
    return true
  }

  /** Cancel every queued or running run of a sweep; returns how many were cancelled. */
  cancelSweep(sweepId: string): number {
    const ids = this.store.sweepRunIds(sweepId, ['queued', 'running'])
    let cancelled = 0
    for (const id of ids) if (this.cancelRun(id)) cancelled++
    this.store.settleSweepStatus(sweepId)
    return cancelled
  }

  /** Resolves with the sweep's summary once this scheduler has nothing left to do for it. */
  waitForSweep(sweepId: string): Promise<StoredSweepSummary> {
    if (!this.pending.has(sweepId)) return Promise.resolve(this.summary(sweepId))
    return new Promise((resolve) => {
      const list = this.waiters.get(sweepId) ?? []
      list.push(resolve)
      this.waiters.set(sweepId, list)
    })
  }

  /** Why this scheduler stopped, when the store could not be written (a full disk, an I/O error); null while it works. */
  get fault(): StoreWriteError | null {
    return this.halted
  }

  /** Sweeps this scheduler is working on. */
  activeSweeps(): string[] {
    return [...this.pending.keys()]
  }

  /** Stop every worker; runs still queued here stay queued in the store (resume picks them up), running ones fail. */
  async dispose(): Promise<void> {
    this.disposed = true
    clearInterval(this.watchdog)
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.queue.length = 0
    for (const sweepId of this.pending.keys()) this.store.setSweepStatus(sweepId, 'interrupted')
    this.pending.clear()
    for (const [sweepId, waiters] of this.waiters) for (const resolve of waiters) resolve(this.summary(sweepId))
    this.waiters.clear()
    const exits = [...this.slots].map(
      (slot) =>
        new Promise<void>((resolve) => {
          slot.worker.onExit(() => resolve())
          if (slot.runId) this.store.failRun(slot.runId, 'interrupted')
          slot.stopping = true
          slot.worker.kill('SIGKILL')
        }),
    )
    await Promise.all(exits)
    this.slots.clear()
  }

  private enqueue(sweepId: string, runIds: string[]): void {
    if (this.disposed) throw new Error('the scheduler has been disposed')
    const pending = this.pending.get(sweepId) ?? new Set<string>()
    this.pending.set(sweepId, pending)
    for (const runId of runIds) {
      if (pending.has(runId)) continue
      pending.add(runId)
      this.queue.push({ runId, sweepId })
    }
    this.guarded(() => {
      if (pending.size === 0) return this.settleSweep(sweepId)
      this.store.setSweepStatus(sweepId, 'running')
      this.pump()
    })
  }

  /** A store write whose fault (full disk, I/O error) is thrown naming the file, for callers of submit and resume. */
  private writing<T>(write: () => T): T {
    try {
      return write()
    } catch (error) {
      throw asStoreFault(error, this.store.file)
    }
  }

  /**
   * Run a step that writes to the store from an event (a worker's message or exit, a timer): a full disk or an I/O
   * error stops the scheduler (halt) instead of escaping as an uncaught exception; other errors are thrown as before.
   */
  private guarded(step: () => void): void {
    try {
      step()
    } catch (error) {
      const fault = asStoreFault(error, this.store.file)
      if (!(fault instanceof StoreWriteError)) throw error
      this.halt(fault)
    }
  }

  /**
   * Stop on a store fault: no run is started, workers are killed, runs in flight are failed 'interrupted' and their
   * sweeps marked interrupted where the store still takes the write (else the next open does it: their owner is
   * gone), and waiters get the sweep as it stands. `resume` finishes the sweep once the store can be written.
   */
  private halt(fault: StoreWriteError, inFlight: string[] = []): void {
    this.halted ??= fault
    this.queue.length = 0
    const attempt = (write: () => unknown) => {
      try {
        write()
      } catch {
        // the store refuses writes: recovery at the next open marks these runs interrupted
      }
    }
    for (const slot of this.slots) {
      if (slot.runId) inFlight.push(slot.runId)
      slot.runId = null
      slot.sweepId = null
      slot.stopping = true
      slot.worker.kill('SIGKILL')
    }
    for (const runId of inFlight) attempt(() => this.store.failRun(runId, 'interrupted'))
    for (const sweepId of this.pending.keys()) attempt(() => this.store.setSweepStatus(sweepId, 'interrupted'))
    this.pending.clear()
    for (const [sweepId, waiters] of this.waiters) for (const resolve of waiters) resolve(this.summary(sweepId))
    this.waiters.clear()
  }

  /** Hand queued runs to idle workers, starting workers up to the limit. */
  private pump(): void {
    if (this.disposed || this.halted) return
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    while (this.queue.length > 0) {
      let slot = [...this.slots].find((s) => s.runId === null && !s.stopping)
      if (!slot) {
        if (this.slots.size >= this.workers) break
        slot = this.spawn()
      }
      const next = this.queue.shift()!
      this.start(slot, next)
    }
    if (this.queue.length === 0 && [...this.slots].every((s) => s.runId === null)) {
      this.idleTimer = setTimeout(() => this.stopIdleWorkers(), this.idleTimeoutMs)
      this.idleTimer.unref()
    }
  }

  private spawn(): Slot {
    const worker = this.createWorker()
    const slot: Slot = { worker, pid: worker.pid ?? null, runId: null, sweepId: null, startedAt: 0, lastHeard: Date.now(), stopping: false }
    this.slots.add(slot)
    worker.onMessage((message) => this.guarded(() => this.handleMessage(slot, message)))
    worker.onExit((code, signal) => this.guarded(() => this.handleExit(slot, code, signal)))
    return slot
  }

  private start(slot: Slot, { runId, sweepId }: QueuedRun): void {
    if (!this.store.claimRun(runId, this.version)) {
      // Cancelled (possibly by another process) while it waited in the queue.
      this.finished(sweepId, runId, null)
      return
    }
    slot.runId = runId
    slot.sweepId = sweepId
    slot.startedAt = Date.now()
    this.store.setWorkerPid(runId, slot.pid)
    const spec = this.store.getRunSpec(runId)!
    let datasetFile: string | undefined
    try {
      if (spec.data.dataset !== undefined) datasetFile = datasetFileOf(this.store, spec.data.dataset)
    } catch (error) {
      // the slot is free again: pump's loop gives it the next run
      this.failSlotRun(slot, `data.dataset: ${error instanceof Error ? error.message : String(error)}`)
      return
    }
    this.send(slot, runId, sweepId, spec, datasetFile)
  }

  private send(slot: Slot, runId: string, sweepId: string, spec: ExperimentSpec, datasetFile: string | undefined): void {
    slot.worker.send({ type: 'run', runId, spec, threads: this.threadsPerRun(), ...(datasetFile !== undefined ? { datasetFile } : {}) })
    this.runStarted.fire({ runId, sweepId, workerPid: slot.pid })
  }

  /**
   * Threads a run starting now may use inside its matrix products: the cores shared by the runs that will be
   * training together (those running and those queued that can start), so a lone run uses every core and a full
   * sweep one each. Results do not depend on it (native/kernel.cc).
   */
  private threadsPerRun(): number {
    const busy = [...this.slots].filter((s) => s.runId !== null).length
    const together = Math.max(1, busy + Math.min(this.queue.length, Math.max(0, this.workers - busy)))
    return Math.max(1, Math.floor(this.cores / together))
  }

  private handleMessage(slot: Slot, raw: unknown): void {
    slot.lastHeard = Date.now()
    const parsed = FromWorkerMessage.safeParse(raw)
    if (!parsed.success) {
      if (slot.runId) this.failSlotRun(slot, `the worker sent an invalid message: ${parsed.error.issues[0]?.message}`)
      slot.stopping = true
      slot.worker.kill('SIGKILL')
      return
    }
    const message = parsed.data as FromWorker
    if (message.type === 'heartbeat') return
    if (message.type === 'ready') {
      slot.pid = message.pid
      if (slot.runId) this.store.setWorkerPid(slot.runId, message.pid)
      return
    }
    if (message.runId !== slot.runId || slot.sweepId === null) return
    const { runId, sweepId } = { runId: slot.runId, sweepId: slot.sweepId }
    if (message.type === 'progress') {
      this.store.updateProgress(runId, message.step, message.totalSteps, message.loss)
      this.runProgress.fire({ runId, sweepId, step: message.step, totalSteps: message.totalSteps, loss: message.loss })
      return
    }
    slot.runId = null
    slot.sweepId = null
    // The worker gets its next run before this one's results are written: it trains while the store works.
    this.pump()
    // A run cancelled while its worker finished is not overwritten (finishRun and failRun check it is still running).
    if (message.type === 'done') {
      try {
        this.store.finishRun(runId, message.result, message.elapsedMs)
      } catch (error) {
        // A full disk stops the sweep; this run, no longer in a slot, is interrupted with the others.
        if (isStoreFault(error)) return this.halt(asStoreFault(error, this.store.file) as StoreWriteError, [runId])
        // Nothing of the results landed (one transaction); the run says why instead of staying 'running'.
        this.store.failRun(runId, `its results could not be stored: ${error instanceof Error ? error.message : String(error)}`)
      }
    } else this.store.failRun(runId, message.message)
    this.finished(sweepId, runId, message.type === 'done' ? message.elapsedMs : Date.now() - slot.startedAt)
    this.pump()
  }

  private handleExit(slot: Slot, code: number | null, signal: string | null): void {
    this.slots.delete(slot)
    if (slot.runId && !slot.stopping) {
      this.failSlotRun(slot, signal ? `worker killed by ${signal}` : `worker exited with code ${code}`)
    }
    this.pump()
  }

  private failSlotRun(slot: Slot, reason: string): void {
    const { runId, sweepId } = slot
    slot.runId = null
    slot.sweepId = null
    if (!runId || !sweepId) return
    this.store.failRun(runId, reason)
    this.finished(sweepId, runId, Date.now() - slot.startedAt)
  }

  /** A run this scheduler owned reached a final state; report it as the store has it (the store decides races). */
  private finished(sweepId: string, runId: string, elapsedMs: number | null): void {
    const pending = this.pending.get(sweepId)
    if (!pending?.delete(runId)) return
    const run = this.store.getRun(runId)
    const status = run && run.status !== 'queued' && run.status !== 'running' ? run.status : 'failed'
    this.runFinished.fire({ runId, sweepId, status, reason: run?.reason ?? null, elapsedMs: run?.elapsedMs ?? elapsedMs })
    if (pending.size === 0) this.settleSweep(sweepId)
  }

  private settleSweep(sweepId: string): void {
    this.pending.delete(sweepId)
    const status = this.store.settleSweepStatus(sweepId) ?? 'done'
    const summary = this.summary(sweepId)
    this.sweepFinished.fire({ sweepId, status, summary })
    for (const resolve of this.waiters.get(sweepId) ?? []) resolve(summary)
    this.waiters.delete(sweepId)
  }

  private summary(sweepId: string): StoredSweepSummary {
    const summary = this.store.getSweepSummary(sweepId)
    if (!summary) throw new Error(`no sweep "${sweepId}"`)
    return summary
  }

  /** Kill workers silent past the timeout (stopped, hung); a run one held fails with the reason. */
  private killSilentWorkers(): void {
    const now = Date.now()
    for (const slot of this.slots) {
      if (slot.stopping || now - slot.lastHeard <= this.workerTimeoutMs) continue
      const silent = ((now - slot.lastHeard) / 1000).toFixed(1)
      const limit = +(this.workerTimeoutMs / 1000).toPrecision(3)
      this.failSlotRun(slot, `worker ${slot.pid ?? '?'} sent nothing for ${silent} s (hung or stopped; the limit is ${limit} s): killed`)
      slot.stopping = true
      slot.worker.kill('SIGKILL')
    }
  }

  private stopIdleWorkers(): void {
    for (const slot of this.slots) {
      if (slot.runId !== null) continue
      slot.stopping = true
      slot.worker.send({ type: 'shutdown' })
    }
  }
}
