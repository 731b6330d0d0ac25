/** The runs service: the runs table and a run's detail from the store, cancel and re-run through the scheduler, Compare. */
import type { RunsHandlers } from '../../../src-shared/api/services/runs'
import { ExperimentSpec, SpecError } from '../../../src-shared/spec/experiment'
import { cloneJson, setPath } from '../../../src-shared/spec/sweep'
import { formatIssues, pathIssue } from '../../../src-shared/spec/issues'
import { listRunColumns, type StoredRun } from '../../store'
import { toRunDetail, toRunRow } from '../apiShapes'
import { compareRuns } from '../compareRuns'
import { notFound, type LabContext } from '../labContext'
import type { SweepsService } from './sweeps'

type Req<M extends keyof RunsHandlers> = Parameters<RunsHandlers[M]>[0]

export class RunsService implements RunsHandlers {
  constructor(
    private readonly lab: LabContext,
    private readonly sweeps: SweepsService,
  ) {}

  /** One page of runs, filtered by the run query and sorted, both in SQL (a bad query is a 400 naming its column). */
  async listRuns(request: Req<'listRuns'>) {
    const page = this.lab.store.listRuns({
      sweepId: request.sweepId,
      status: request.status,
      where: request.query,
      sort: request.sort,
      trash: request.trash,
      columns: request.columns,
      limit: request.limit,
      offset: request.offset,
    })
    return { total: page.total, offset: request.offset, rows: page.runs.map((r) => toRunRow(r, { values: page.values[r.id], deleted: request.trash })) }
  }

  async listRunColumns() {
    return listRunColumns(this.lab.store.db)
  }

  async getRun(request: Req<'getRun'>) {
    const detail = this.lab.store.getRunDetail(request.runId)
    if (!detail) throw notFound(`no run ${request.runId} in this store`)
    return toRunDetail(detail, this.lab.store.getSweep(detail.sweepId)?.title ?? detail.sweepId, this.lab.liveCurve(detail.id))
  }

  async cancelRun(request: Req<'cancelRun'>) {
    if (!this.lab.store.getRun(request.runId)) throw notFound(`no run "${request.runId}"`)
    this.lab.scheduler.cancelRun(request.runId)
    return toRunRow(this.lab.store.getRun(request.runId)!)
  }

  async rerun(request: Req<'rerun'>) {
    const row = this.lab.store.getRun(request.runId)
    const spec = this.lab.store.getRunSpec(request.runId)
    if (!row || !spec) throw notFound(`no run "${request.runId}"`)
    const sweep = this.lab.store.getSweep(row.sweepId)
    const base = cloneJson(spec) as unknown as Record<string, unknown>
    for (const [path, value] of Object.entries(request.changes)) {
      const issue = pathIssue(ExperimentSpec, path)
      if (issue) throw new SpecError(formatIssues([issue], 'changes'))
      setPath(base, path, value)
    }
    const changed = Object.entries(request.changes).map(([p, v]) => `${p}=${JSON.stringify(v)}`).join(', ')
    const rerun = { title: `Re-run of ${row.id}${changed ? ` (${changed})` : ''}`, base, axes: [], seeds: [Number(base.seed ?? 0)] }
    const sweepId = await this.sweeps.submit(this.sweeps.check(rerun, 'changes'), { preset: sweep?.preset ?? null, scale: sweep?.scale ?? null }, false)
    return this.lab.summaryOf(sweepId)
  }

  async compare(request: Req<'compare'>) {
    let rows: StoredRun[]
    if (request.sweepId) {
      this.lab.summaryOf(request.sweepId)
      rows = this.lab.store.sweepRuns(request.sweepId)
    } else {
      rows = (request.runIds ?? []).map((id) => {
        const row = this.lab.store.getRun(id)
        if (!row) throw notFound(`no run ${id} in this store`)
        return row
      })
    }
    return compareRuns(this.lab.store, rows, request)
  }
}
