/**
 * The scheduler: runs a sweep's runs on N worker processes (never on the main thread), records every state change in
 * the store and reports it through typed events. The store is the source of truth: a run is only started after it
 * was claimed there (queued → running), so a cancel from another process (`impulse-lab cancel`) is respected.
 */
import { availableParallelism } from 'node:os'
import { FromWorkerMessage, type FromWorker } from '../../src-shared/api/worker'
import type { ExperimentSpec } from '../../src-shared/spec/experiment'
import { validSweep } from '../../src-shared/spec/sweep'
import type { Store } from '../store/store'
import type { StoredSweepSummary } from '../store/types'
import { Emitter } from '../../src-shared/util/emitter'
import type { WorkerFactory } from './transport'
import { forkNodeWorker } from './nodeTransport'
import { codeVersion } from './codeVersion'
import { datasetFileOf, namesDatasets, resolveSweepDatasets } from '../datasets/refs'
import { waitForLocks } from '../store/busy'
import { cancelStoredRuns } from './cancel'
import { asStoreFault, isStoreFault, StoreWriteError } from '../store/storeFault'
import { type QueuedRun, takeBatch } from './batchDispatch'
import { longestFirst } from './runOrder'
import { newSlot, runsCancelledElsewhere, silentSlots, type Slot, stopIdleWorkers, dropStuckWorkers, threadsPerRun } from './slots'
import type { RunFinishedEvent, RunProgressEvent, RunStartedEvent, SchedulerOptions, SubmitSweep, SweepFinishedEvent } from './schedulerTypes'
import { DEFAULT_WORKER_TIMEOUT_MS, workerTimeoutFromEnv } from './schedulerTypes'

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
    this.watchdog = setInterval(() => this.guarded(() => this.watch()), Math.min(5000, this.workerTimeoutMs / 4))
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
    const specs = new Map(runIds.map((id, i) => [id, runs[i].spec]))
    waitForLocks(this.store.db, () => this.enqueue(sweep.id, longestFirst(runIds, (id) => specs.get(id))))
    return { sweepId: sweep.id, runIds }
  }

  /** Run again every unfinished run of a sweep (failed, cancelled, interrupted, queued); done runs are kept. */
  resume(sweepId: string): string[] {
    if (!this.store.getSweep(sweepId)) throw new Error(`no sweep "${sweepId}"`)
    const runIds = this.writing(() => this.store.requeueUnfinished(sweepId))
    waitForLocks(this.store.db, () => this.enqueue(sweepId, longestFirst(runIds, (id) => this.store.getRunSpec(id))))
    return runIds
  }

  /**
   * Cancel one run: dropped from the queue, or its worker killed (a fresh one takes the next run); a run of a batch is
   * dropped from it and the others train on. A run another process is running (the CLI on the app's database, say) is
   * cancelled through the store and its worker killed (unless that worker trains others too, cancel.ts).
   */
  cancelRun(runId: string): boolean {
    const run = this.store.getRun(runId)
    if (!run) return false
    const slot = [...this.slots].find((s) => s.runs.has(runId))
    if (!slot) {
      if (cancelStoredRuns(this.store, [runId]).length === 0) return false
    } else {
      if (this.store.cancelRuns([runId]).length === 0) return false
      this.release(slot, runId)
    }
    const queued = this.queue.findIndex((q) => q.runId === runId)
    if (queued >= 0) this.queue.splice(queued, 1)
    this.finished(run.sweepId, runId, null)
    return true
  }

  /** Take a cancelled run off its worker: a lone run's worker is killed, a batch is told to drop it. */
  private release(slot: Slot, runId: string): void {
    slot.runs.delete(runId)
    if (slot.runs.size > 0) return slot.worker.send({ type: 'cancel', runId })
    slot.stopping = true
    slot.worker.kill('SIGKILL')
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
    const exits = [...this.slots].map((slot) => new Promise<void>((resolve) => slot.worker.onExit(() => resolve())))
    this.interruptAll((write) => write())
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
    this.interruptAll((write) => {
      try {
        write()
      } catch {
        // the store refuses writes: recovery at the next open marks these runs interrupted
      }
    }, inFlight)
  }

  /** Drop the queue, kill every worker, fail the runs in flight 'interrupted', mark their sweeps so and answer waiters. */
  private interruptAll(attempt: (write: () => unknown) => void, inFlight: string[] = []): void {
    this.queue.length = 0
    for (const slot of this.slots) {
      inFlight.push(...slot.runs.keys())
      slot.runs.clear()
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
      let slot = [...this.slots].find((s) => s.runs.size === 0 && !s.stopping)
      if (!slot) {
        // a worker on its way out (idle stop, cancel) holds no place: its exit may come late or never
        if ([...this.slots].filter((s) => !s.stopping).length >= this.workers) break
        slot = this.spawn()
      }
      const next = this.queue.shift()!
      this.start(slot, takeBatch(this.queue, next, this.workers, (runId) => this.store.getRunSpec(runId), this.options.batchLimit))
    }
    if (this.queue.length === 0 && [...this.slots].every((s) => s.runs.size === 0)) {
      this.idleTimer = setTimeout(() => stopIdleWorkers(this.slots), this.idleTimeoutMs)
      this.idleTimer.unref()
    }
  }

  private spawn(): Slot {
    const worker = this.createWorker()
    const slot = newSlot(worker)
    this.slots.add(slot)
    worker.onMessage((message) => this.guarded(() => this.handleMessage(slot, message)))
    worker.onExit((code, signal) => this.guarded(() => this.handleExit(slot, code, signal)))
    return slot
  }

  /** Claim and send a run, or a batch of runs of one sweep (batchDispatch.ts) that train in one worker pass. */
  private start(slot: Slot, batch: QueuedRun[]): void {
    const claimed = batch.filter(({ runId }) => this.store.claimRun(runId, this.version))
    // The others were cancelled (possibly by another process) while they waited in the queue.
    for (const run of batch) if (!claimed.includes(run)) this.finished(run.sweepId, run.runId, null)
    if (claimed.length === 0) return
    slot.startedAt = Date.now()
    for (const { runId, sweepId } of claimed) {
      slot.runs.set(runId, sweepId)
      this.store.setWorkerPid(runId, slot.pid)
    }
    const runs = claimed.map(({ runId, spec }) => ({ runId, spec: spec ?? this.store.getRunSpec(runId)! }))
    // batched runs have no dataset (batchDispatch.ts); a lone run's is a stored id since submit
    const dataset = runs.length === 1 ? runs[0].spec.data.dataset : undefined
    let datasetFile: string | undefined
    try {
      if (dataset !== undefined) datasetFile = datasetFileOf(this.store, dataset)
    } catch (error) {
      // the slot is free again: pump's loop gives it the next run
      this.failSlotRuns(slot, `data.dataset: ${error instanceof Error ? error.message : String(error)}`)
      return
    }
    this.send(slot, runs, datasetFile)
  }

  private send(slot: Slot, runs: Array<{ runId: string; spec: ExperimentSpec }>, datasetFile: string | undefined): void {
    const threads = threadsPerRun(this.cores, this.workers, [...this.slots].filter((s) => s.runs.size > 0).length, this.queue.length)
    slot.worker.send(runs.length > 1
      ? { type: 'batch', runs, threads }
      : { type: 'run', ...runs[0], threads, ...(datasetFile !== undefined ? { datasetFile } : {}) })
    for (const { runId } of runs) this.runStarted.fire({ runId, sweepId: slot.runs.get(runId)!, workerPid: slot.pid })
  }

  private handleMessage(slot: Slot, raw: unknown): void {
    slot.lastHeard = Date.now()
    const parsed = FromWorkerMessage.safeParse(raw)
    if (!parsed.success) {
      this.failSlotRuns(slot, `the worker sent an invalid message: ${parsed.error.issues[0]?.message}`)
      slot.stopping = true
      slot.worker.kill('SIGKILL')
      return
    }
    const message = parsed.data as FromWorker
    if (message.type === 'heartbeat') return
    if (message.type === 'ready') {
      slot.pid = message.pid
      for (const runId of slot.runs.keys()) this.store.setWorkerPid(runId, message.pid)
      return
    }
    const { runId } = message
    const sweepId = slot.runs.get(runId)
    if (sweepId === undefined) return
    if (message.type === 'progress') {
      this.store.updateProgress(runId, message.step, message.totalSteps, message.loss)
      this.runProgress.fire({ runId, sweepId, step: message.step, totalSteps: message.totalSteps, loss: message.loss })
      return
    }
    slot.runs.delete(runId)
    // The worker gets its next run (once its batch is done) before this one's results are written: it trains while the store works.
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
    // a crashed batch fails its runs, not the sweep: the others go on, and resume trains these again
    if (!slot.stopping) this.failSlotRuns(slot, signal ? `worker killed by ${signal}` : `worker exited with code ${code}`)
    this.pump()
  }

  private failSlotRuns(slot: Slot, reason: string): void {
    const runs = [...slot.runs]
    slot.runs.clear()
    for (const [runId, sweepId] of runs) {
      this.store.failRun(runId, reason)
      this.finished(sweepId, runId, Date.now() - slot.startedAt)
    }
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

  /**
   * The watchdog: kill workers silent past the timeout (stopped, hung), failing their runs with the reason, and idle
   * ones that did not exit when asked; drop from their batches the runs another process cancelled.
   */
  private watch(): void {
    for (const { slot, reason } of silentSlots(this.slots, this.workerTimeoutMs)) {
      this.failSlotRuns(slot, reason)
      slot.stopping = true
      slot.worker.kill('SIGKILL')
    }
    dropStuckWorkers(this.slots, this.workerTimeoutMs)
    for (const { slot, runId, sweepId } of runsCancelledElsewhere(this.slots, this.store)) {
      this.release(slot, runId)
      this.finished(sweepId, runId, null)
    }
  }
}
