/** The sweeps service on the store and the scheduler: a request's sweep arrives checked and is stored as checked. */
import type { SweepsHandlers } from '../../../src-shared/api/services/sweeps'
import type { Scale } from '../../../src-shared/spec/experiment'
import { validSweep, type CheckedSweep } from '../../../src-shared/spec/sweep'
import { estimateSeconds } from '../../../src-shared/analysis/estimate'
import { renameSweep } from '../../store'
import { exportSweep } from '../../store/export'
import { runMemoryLimit } from '../../runner/memoryLimit'
import { requireStoredDatasets } from '../../datasets/refs'
import { resumeIfSearch } from '../searchService'
import type { LabContext } from '../labContext'

type Req<M extends keyof SweepsHandlers> = Parameters<SweepsHandlers[M]>[0]

export class SweepsService implements SweepsHandlers {
  constructor(private readonly lab: LabContext) {}

  /**
   * What only main can check of a sweep: this machine's memory and the stored datasets. A request's sweep arrives
   * checked (src-shared/api/services/sweeps.ts); a sweep main builds itself (a preset's, a re-run) is checked here.
   */
  check(sweep: unknown, where = 'sweep'): CheckedSweep {
    const checked = validSweep(sweep, { where, ...runMemoryLimit() })
    requireStoredDatasets(this.lab.store, checked.runs)
    return checked
  }

  /** Store a checked sweep with its runs queued and start it; `estimate` keeps the launch estimate beside its wall time. */
  async submit(checked: CheckedSweep, meta: { preset: string | null; scale: Scale | null; title?: string }, estimate = true): Promise<string> {
    const { sweepId } = await this.lab.scheduler.submit({ sweep: checked, ...meta })
    if (estimate) this.lab.sweepEstimates.record(sweepId, estimateSeconds(checked.runs.map((r) => r.spec), this.lab.currentCalibration(), this.lab.scheduler.workers).total)
    this.lab.fire({ type: 'sweep-changed', sweepId })
    return sweepId
  }

  async planSweep(request: Req<'planSweep'>) {
    const { sweep, runs } = this.check(request.sweep)
    const estimate = estimateSeconds(runs.map((r) => r.spec), this.lab.currentCalibration(), this.lab.scheduler.workers)
    return {
      runs: runs.length,
      estimatedSeconds: estimate.total,
      perRunSeconds: estimate.perRun,
      workers: this.lab.scheduler.workers,
      axes: sweep.axes.map((a) => ('path' in a ? { name: a.path, values: a.values } : { name: a.name, values: a.variants.map((v) => v.label) })),
      seeds: sweep.seeds,
    }
  }

  async launchSweep(request: Req<'launchSweep'>) {
    return this.lab.summaryOf(await this.submit(this.check(request.sweep), { preset: request.preset, scale: request.scale }))
  }

  async cancelSweep(request: Req<'cancelSweep'>) {
    this.lab.summaryOf(request.sweepId)
    this.lab.scheduler.cancelSweep(request.sweepId)
    this.lab.fire({ type: 'sweep-changed', sweepId: request.sweepId })
    return this.lab.summaryOf(request.sweepId)
  }

  async resumeSweep(request: Req<'resumeSweep'>) {
    this.lab.summaryOf(request.sweepId)
    if (!resumeIfSearch(this.lab.store, this.lab.scheduler, request.sweepId, (event) => this.lab.fire(event))) this.lab.scheduler.resume(request.sweepId)
    this.lab.fire({ type: 'sweep-changed', sweepId: request.sweepId })
    return this.lab.summaryOf(request.sweepId)
  }

  async exportSweep(request: Req<'exportSweep'>) {
    this.lab.summaryOf(request.sweepId)
    return exportSweep(this.lab.store, request.sweepId, request.format)
  }

  async listSweeps(request: Req<'listSweeps'>) {
    return this.lab.store.listSweeps({ trash: request.trash }).map((s) => this.lab.sweepSummary(s))
  }

  async renameSweep(request: Req<'renameSweep'>) {
    renameSweep(this.lab.store, request.sweepId, request.title)
    this.lab.changed(request.sweepId)
    return this.lab.summaryOf(request.sweepId)
  }
}
