/**
 * What the lab's services share: the store, the scheduler, the event stream, the calibrated cost model and the
 * sweep summary every service answers with. Not a service itself: src-main/lab/services/ holds those.
 */
import type { AppInfo, LabEvent, SweepSummary } from '../../src-shared/api/lab'
import type { Series } from '../../src-shared/api/results'
import { estimateSeconds, type Calibration } from '../../src-shared/analysis/estimate'
import { Emitter } from '../../src-shared/util/emitter'
import { itemKind, type Store, type StoredSweepSummary } from '../store'
import type { Scheduler } from '../runner'
import { specsFor } from '../store/results'
import { userDataDir } from '../store/paths'
import { machineRatesNow, type StoredMachineRates } from './costCalibration'
import { storeCalibration } from './estimateCalibration'
import { SweepEstimates } from './sweepEstimates'
import { toSweepSummary } from './apiShapes'
import type { FileHandles } from './fileHandles'

export interface LabServiceOptions {
  mode: AppInfo['mode']
  version: string
  /** Browser mode: the folder the server streams CSV uploads into (`<uploadId>.csv`). */
  uploadDir?: string
  /** Desktop app: the files main's open dialog chose, by handle. */
  fileHandles?: FileHandles
  /** This machine's cost-model rates and the load they were measured under (default: measured once per machine, kept beside the settings). */
  rates?: () => StoredMachineRates
}

/** A lookup that found nothing: 404 over HTTP, the message in the app. */
export function notFound(what: string): Error {
  return Object.assign(new Error(what), { status: 404 })
}

/** Progress curves kept for the run detail's live chart; halved when full so memory stays bounded. */
const LIVE_POINTS = 2000
const CALIBRATION_TTL_MS = 10_000

export class LabContext {
  private readonly events = new Emitter<LabEvent>()
  /** Subscribe to every event (progress, finished runs and sweeps, menu commands). */
  readonly subscribe = this.events.event
  private readonly live = new Map<string, { x: number[]; y: number[] }>()
  private calibration: { at: number; value: Calibration } | null = null
  readonly sweepEstimates: SweepEstimates

  constructor(
    readonly store: Store,
    readonly scheduler: Scheduler,
    readonly options: LabServiceOptions,
  ) {
    this.sweepEstimates = new SweepEstimates(store.dataDir)
  }

  fire(event: LabEvent): void {
    this.events.fire(event)
  }

  /** Tell every window a run's or sweep's listing changed. */
  changed(id: string): void {
    const sweepId = itemKind(this.store, id) === 'run' ? this.store.getRun(id)!.sweepId : id
    this.fire({ type: 'sweep-changed', sweepId })
  }

  recordLive(runId: string, step: number, loss: number | null): void {
    if (loss === null) return
    let curve = this.live.get(runId)
    if (!curve) this.live.set(runId, (curve = { x: [], y: [] }))
    curve.x.push(step)
    curve.y.push(loss)
    if (curve.x.length > LIVE_POINTS) {
      curve.x = curve.x.filter((_, i) => i % 2 === 0)
      curve.y = curve.y.filter((_, i) => i % 2 === 0)
    }
  }

  forgetLive(runId: string): void {
    this.live.delete(runId)
  }

  liveCurve(runId: string): Series | null {
    const live = this.live.get(runId)
    return live ? { x: [...live.x], y: [...live.y] } : null
  }

  /**
   * The cost model at this machine's rates, corrected per kind by this store's recently finished runs (cached:
   * planning runs on every edit). Enough recent runs are read that a kind run an hour ago is still found.
   */
  currentCalibration(): Calibration {
    if (this.calibration && Date.now() - this.calibration.at < CALIBRATION_TTL_MS) return this.calibration.value
    const stored = this.options.rates?.() ?? machineRatesNow(userDataDir(), this.scheduler.createWorker)
    this.calibration = { at: Date.now(), value: storeCalibration(this.store, stored, this.scheduler.workers) }
    return this.calibration.value
  }

  /**
   * The sweep's ETA: the work left (queued runs, plus what running runs have not done yet) at this sweep's mean run
   * time, or before any run finished, at the estimate from runs of the same kind on this machine.
   */
  sweepSummary(summary: StoredSweepSummary): SweepSummary {
    const remaining = summary.counts.queued + summary.counts.running
    let etaSeconds: number | null = null
    if (remaining > 0) {
      const running = summary.counts.running ? this.store.listRuns({ sweepId: summary.id, status: 'running', limit: 64 }).runs : []
      const runningLeft = running.reduce((a, r) => a + (r.totalSteps ? 1 - (r.step ?? 0) / r.totalSteps : 1), 0)
      const work = summary.counts.queued + runningLeft
      let perRun: number
      if (summary.counts.done > 0) {
        const done = this.store.listRuns({ sweepId: summary.id, status: 'done', limit: 50 }).runs
        perRun = done.reduce((a, r) => a + (r.elapsedMs ?? 0), 0) / Math.max(1, done.length) / 1000
      } else {
        const waiting = this.store.listRuns({ sweepId: summary.id, status: ['queued', 'running'], limit: 50 }).runs
        const specs = [...specsFor(this.store.db, waiting.map((r) => r.id)).values()]
        perRun = estimateSeconds(specs, this.currentCalibration(), 1).perRun
      }
      etaSeconds = (perRun * work) / Math.max(1, Math.min(this.scheduler.workers, remaining))
    }
    const timing = remaining === 0 ? this.sweepEstimates.timing(this.store, summary.id) : null
    return { ...toSweepSummary(summary, this.store.getSweep(summary.id)?.spec, etaSeconds), timing }
  }

  /** A sweep's summary; 404 when there is no such sweep (every service that takes a sweep id checks it this way). */
  summaryOf(sweepId: string): SweepSummary {
    const summary = this.store.getSweepSummary(sweepId)
    if (!summary) throw notFound(`no sweep "${sweepId}"`)
    return this.sweepSummary(summary)
  }
}
