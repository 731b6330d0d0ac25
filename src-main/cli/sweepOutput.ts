/** A sweep's runs with their metrics, as `run --json` prints them (docs/specs.md) and as a human-readable table. */
import type { MetricValue } from '../../src-shared/api/results'
import type { Store } from '../store/store'
import type { RunStatus } from '../../src-shared/api/status'
import { formatTable } from './table'

interface SweepReport {
  sweep: { id: string; preset: string | null; scale: string | null; title: string; status: string }
  runs: Array<{
    id: string
    status: RunStatus
    params: Record<string, unknown>
    metrics: Record<string, MetricValue>
    reason?: string
  }>
}

/** Metrics shown first in tables, when a run has them (the standard names of docs/specs.md). */
const KEY_METRICS = ['final_loss', 'extrapolation_error', 'zero_error', 'extrapolation_mse', 'test_loss', 'slackness_max', 'balance_ratio']

export function sweepReport(store: Store, sweepId: string): SweepReport {
  const sweep = store.getSweep(sweepId)
  if (!sweep) throw new Error(`no sweep "${sweepId}"`)
  const metrics = store.sweepMetrics(sweepId)
  return {
    sweep: { id: sweep.id, preset: sweep.preset, scale: sweep.scale, title: sweep.title, status: sweep.status },
    runs: store.sweepRuns(sweepId).map((run) => ({
      id: run.id,
      status: run.status,
      params: run.params,
      metrics: metrics.get(run.id) ?? {},
      ...(run.reason !== null && run.status !== 'done' ? { reason: run.reason } : {}),
    })),
  }
}

/** One row per run: id, status, swept params, then scalar metrics (key ones first, at most `maxMetrics`). */
export function formatSweepTable(report: SweepReport, maxMetrics = 6): string {
  const paramNames = [...new Set(report.runs.flatMap((r) => Object.keys(r.params)))]
  const scalarNames = new Set<string>()
  for (const run of report.runs) {
    for (const [name, value] of Object.entries(run.metrics)) if (typeof value === 'number') scalarNames.add(name)
  }
  const metricNames = [
    ...KEY_METRICS.filter((m) => scalarNames.has(m)),
    ...[...scalarNames].filter((m) => !KEY_METRICS.includes(m)).sort(),
  ].slice(0, maxMetrics)
  const rows = report.runs.map((run) => [
    run.id,
    run.status === 'done' ? 'done' : `${run.status}${run.reason ? ` (${run.reason})` : ''}`,
    ...paramNames.map((p) => run.params[p] as string | number),
    ...metricNames.map((m) => run.metrics[m] as number | null | undefined),
  ])
  return formatTable(['run', 'status', ...paramNames, ...metricNames], rows)
}
