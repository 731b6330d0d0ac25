/**
 * The service half of Compare: read the compared runs, their metrics and curves in batches, put every curve on the
 * chosen x axis and smooth it, then hand everything to the pure buildComparison.
 */
import type { CompareRequest, CompareResult } from '../../src-shared/api/services/runs'
import type { Series } from '../../src-shared/api/results'
import type { ExperimentSpec } from '../../src-shared/spec/experiment'
import { buildComparison, type CompareRun } from '../../src-shared/analysis/compare'
import { againstSeries, emaSmooth, inEpochs } from '../../src-shared/analysis/curves'
import type { Store, StoredRun } from '../store'
import { metricsFor, seriesFor, seriesNames, specsFor } from '../store/results'

function badRequest(message: string): Error {
  return Object.assign(new Error(message), { status: 400 })
}

/** A run's curve on the requested x axis: as stored (step), in epochs, or against another series. */
function onXAxis(series: Series, xAxis: string, spec: ExperimentSpec | undefined, xSeries: Series | undefined, runId: string): Series {
  if (xAxis === 'step') return series
  if (xAxis === 'epoch') {
    const data = spec?.data as { batchSize?: number; trainSize?: number | null } | undefined
    if (!data?.trainSize || !data.batchSize) {
      throw badRequest(`compare: xAxis "epoch" needs data.trainSize and data.batchSize; run ${runId} trains on the population loss (no epochs)`)
    }
    return inEpochs(series, data.batchSize, data.trainSize)
  }
  if (!xSeries) throw badRequest(`compare: xAxis "${xAxis}": run ${runId} has no series of that name`)
  return againstSeries(series, xSeries)
}

export function compareRuns(store: Store, rows: StoredRun[], request: CompareRequest): CompareResult {
  const ids = rows.map((r) => r.id)
  const specs = specsFor(store.db, ids)
  const metrics = metricsFor(store.db, ids)
  const sweeps = new Map([...new Set(rows.map((r) => r.sweepId))].map((id) => [id, store.getSweep(id)]))
  const runs: CompareRun[] = rows.map((row) => ({
    id: row.id,
    sweepId: row.sweepId,
    status: row.status,
    params: row.params,
    spec: specs.get(row.id),
    metrics: metrics.get(row.id) ?? {},
    sweepTitle: sweeps.get(row.sweepId)?.title,
    tags: [...new Set([...(sweeps.get(row.sweepId)?.tags ?? []), ...row.tags])],
  }))
  const done = rows.filter((r) => r.status === 'done').map((r) => r.id)
  const series = seriesFor(store.db, done, request.curve)
  const xSeries = request.xAxis === 'step' || request.xAxis === 'epoch' ? new Map<string, Series>() : seriesFor(store.db, done, request.xAxis)
  const curves = done.flatMap((runId) => {
    const raw = series.get(runId)
    if (!raw) return []
    const placed = onXAxis(raw, request.xAxis, specs.get(runId), xSeries.get(runId), runId)
    return [{ runId, series: { x: placed.x, y: emaSmooth(placed.y, request.smoothing) } }]
  })
  const curveNames = done.length ? seriesNames(store.db, done[0]).filter((n) => !n.startsWith('landscape_')) : []
  return buildComparison({
    runs,
    groupBy: request.groupBy,
    splitBy: request.splitBy,
    metrics: request.metrics,
    heatmap: request.heatmap,
    curves,
    maxCurves: request.maxCurves,
    curveNames,
  })
}
