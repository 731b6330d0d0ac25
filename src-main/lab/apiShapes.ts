/**
 * Where the store's run and sweep records become the API's shapes (src-shared/api/services/runs.ts, sweeps.ts): ISO
 * dates, progress and ETAs the renderer shows, the result of a run gathered in one object. The Reproduce cards are
 * built in report/reproduction.ts.
 */
import type { CellValue, RunDetail, RunRow } from '../../src-shared/api/services/runs'
import type { SweepSummary } from '../../src-shared/api/services/sweeps'
import type { Series } from '../../src-shared/api/results'
import type { SweepSpec } from '../../src-shared/spec/experiment'
import type { StoredRun, StoredRunDetail, StoredSweepSummary } from '../store'
import { snapshotEigenvalues } from './teacherPreview'

/** Swept parameter names of a sweep (spec paths or variant-axis names), then `seed`. */
function sweptParams(spec: SweepSpec | undefined): string[] {
  return [...(spec?.axes.map((a) => ('path' in a ? a.path : a.name)) ?? []), 'seed']
}

export function toSweepSummary(summary: StoredSweepSummary, spec: SweepSpec | undefined, etaSeconds: number | null): SweepSummary {
  const { deletedAt, ...rest } = summary
  return { ...rest, createdAt: new Date(summary.createdAt).toISOString(), params: sweptParams(spec), etaSeconds, deleted: deletedAt !== null }
}

/**
 * `values`: the runs table's chosen columns. `deleted`: known to a trash or non-trash listing; otherwise only the
 * run's own trash mark is seen (its sweep's is not).
 */
export function toRunRow(run: StoredRun, extra: { values?: Record<string, CellValue>; deleted?: boolean } = {}, now = Date.now()): RunRow {
  const running = run.status === 'running'
  const progress = run.status === 'done' ? 1 : run.step !== null && run.totalSteps ? run.step / run.totalSteps : 0
  let etaSeconds: number | null = null
  if (running && run.startedAt !== null && run.step && run.totalSteps) {
    etaSeconds = (((now - run.startedAt) / run.step) * (run.totalSteps - run.step)) / 1000
  }
  return {
    id: run.id,
    sweepId: run.sweepId,
    index: run.index,
    status: run.status,
    params: run.params,
    progress,
    step: run.step,
    totalSteps: run.totalSteps,
    loss: run.loss,
    finalLoss: run.status === 'done' ? run.loss : null,
    elapsedMs: run.elapsedMs ?? (running && run.startedAt !== null ? now - run.startedAt : null),
    etaSeconds,
    reason: run.reason,
    createdAt: run.createdAt === null ? null : new Date(run.createdAt).toISOString(),
    note: run.note,
    tags: run.tags,
    deleted: extra.deleted ?? run.deletedAt !== null,
    values: extra.values ?? {},
  }
}

export function toRunDetail(detail: StoredRunDetail, sweepTitle: string, liveCurve: Series | null): RunDetail {
  const hasResult = detail.status === 'done' || Object.keys(detail.metrics).length > 0
  return {
    run: toRunRow(detail),
    sweepTitle,
    spec: detail.spec,
    result: hasResult ? { metrics: detail.metrics, series: detail.series, models: detail.models, warnings: detail.warnings, steps: detail.step ?? 0 } : null,
    liveCurve,
    teacherEigenvalues: snapshotEigenvalues(detail.models.teacher),
  }
}
