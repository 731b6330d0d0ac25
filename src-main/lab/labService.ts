/**
 * The lab's services on the run store and the scheduler, independent of transport: Electron IPC and the browser-mode
 * HTTP server both dispatch validated requests to them (src-main/lab/dispatch.ts), and the Node tests call them the
 * same way. One class per service in src-main/lab/services/, matching src-shared/api/services/; this file wires them
 * to one shared context and turns the scheduler's events into the API's.
 */
import type { LabEvent, LabHandlers } from '../../src-shared/api/lab'
import type { Store } from '../store'
import type { Scheduler } from '../runner'
import { isSearchRound } from './searchService'
import { LabContext, type LabServiceOptions } from './labContext'
import { AppService } from './services/app'
import { ReproductionService } from './services/reproduction'
import { TeachersService } from './services/teachers'
import { SweepsService } from './services/sweeps'
import { SearchService } from './services/search'
import { RunsService } from './services/runs'
import { OrganiseService } from './services/organise'
import { DatasetsService } from './services/datasets'
import { ClusterService } from './services/cluster'

export type { LabServiceOptions } from './labContext'

export class LabService implements LabHandlers {
  private readonly lab: LabContext
  /** Subscribe to every event (progress, finished runs and sweeps, menu commands). */
  readonly subscribe: LabContext['subscribe']
  private readonly unsubscribe: Array<() => void>
  readonly app: AppService
  readonly reproduction: ReproductionService
  readonly teachers: TeachersService
  readonly sweeps: SweepsService
  readonly search: SearchService
  readonly runs: RunsService
  readonly organise: OrganiseService
  readonly datasets: DatasetsService
  readonly cluster: ClusterService

  constructor(
    readonly store: Store,
    readonly scheduler: Scheduler,
    options: LabServiceOptions,
  ) {
    const lab = (this.lab = new LabContext(store, scheduler, options))
    this.subscribe = lab.subscribe
    this.app = new AppService(lab)
    this.sweeps = new SweepsService(lab)
    this.reproduction = new ReproductionService(lab, this.sweeps)
    this.teachers = new TeachersService(lab)
    this.search = new SearchService(lab)
    this.runs = new RunsService(lab, this.sweeps)
    this.organise = new OrganiseService(lab)
    this.datasets = new DatasetsService(lab)
    this.cluster = new ClusterService(lab)
    this.unsubscribe = [
      scheduler.onProgress((e) => {
        lab.recordLive(e.runId, e.step, e.loss)
        lab.fire({ type: 'progress', sweepId: e.sweepId, runId: e.runId, step: e.step, totalSteps: e.totalSteps, loss: e.loss })
      }),
      scheduler.onRunFinished((e) => {
        lab.forgetLive(e.runId)
        lab.fire({ type: 'run-finished', sweepId: e.sweepId, runId: e.runId, status: e.status, reason: e.reason })
      }),
      scheduler.onSweepFinished((e) => {
        if (isSearchRound(store, e.sweepId)) return // one event when the search ends, not one per round
        lab.fire({ type: 'sweep-finished', sweepId: e.sweepId, title: e.summary.title, status: e.status, counts: e.summary.counts })
      }),
    ]
  }

  /** Events main raises itself (menu commands, dropped files) go out on the same stream. */
  emit(event: LabEvent): void {
    this.lab.fire(event)
  }

  dispose(): void {
    for (const stop of this.unsubscribe) stop()
  }
}
