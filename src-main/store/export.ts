/** A sweep as one CSV table (a row per run, metrics flattened) or one JSON document; shared by the CLI and the app. */
import type { MetricValue } from '../../src-shared/api/results'
import type { Store } from './store'

export interface ExportedFile {
  fileName: string
  mimeType: string
  content: string
}

/** What `impulse-lab export` writes and the app's Export button saves: `<sweep-id>.csv` or `<sweep-id>.json`. */
export function exportSweep(store: Store, sweepId: string, format: 'csv' | 'json'): ExportedFile {
  return format === 'csv'
    ? { fileName: `${sweepId}.csv`, mimeType: 'text/csv', content: sweepToCsv(store, sweepId) }
    : { fileName: `${sweepId}.json`, mimeType: 'application/json', content: sweepToJson(store, sweepId) }
}

/**
 * Columns: run, sweep (its id: a file of several sweeps' runs keeps them apart), idx, status, reason, seed, the swept params by spec path, then metrics; arrays flatten to `name.0`,
 * `name.1`, ... (mse_by_length.0 is length 1) and objects to `name.key` (r2.<column>).
 */
export function sweepToCsv(store: Store, sweepId: string): string {
  if (!store.getSweep(sweepId)) throw new Error(`no sweep "${sweepId}"`)
  const runs = store.sweepRuns(sweepId)
  const metrics = store.sweepMetrics(sweepId)
  const paramNames = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].filter((p) => p !== 'seed')
  const flat = runs.map((run) => flattenMetrics(metrics.get(run.id) ?? {}))
  const metricNames = [...new Set(flat.flatMap((m) => Object.keys(m)))]
  const header = ['run', 'sweep', 'idx', 'status', 'reason', 'seed', ...paramNames, ...metricNames]
  const lines = [header.map(csvCell).join(',')]
  runs.forEach((run, i) => {
    const cells = [run.id, run.sweepId, run.index, run.status, run.reason, run.seed, ...paramNames.map((p) => run.params[p]), ...metricNames.map((m) => flat[i][m])]
    lines.push(cells.map(csvCell).join(','))
  })
  return lines.join('\n') + '\n'
}

/** The sweep (with its spec) and every run with params, metrics, series and warnings. */
export function sweepToJson(store: Store, sweepId: string): string {
  const sweep = store.getSweep(sweepId)
  if (!sweep) throw new Error(`no sweep "${sweepId}"`)
  const metrics = store.sweepMetrics(sweepId)
  const runs = store.sweepRuns(sweepId).map((run) => ({
    id: run.id,
    idx: run.index,
    status: run.status,
    reason: run.reason,
    params: run.params,
    seed: run.seed,
    elapsedMs: run.elapsedMs,
    codeVersion: run.codeVersion,
    warnings: run.warnings,
    metrics: metrics.get(run.id) ?? {},
    series: store.getSeries(run.id),
  }))
  return JSON.stringify({ sweep, runs }, null, 2) + '\n'
}

function flattenMetrics(metrics: Record<string, MetricValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(metrics)) {
    if (Array.isArray(value)) value.forEach((v, i) => (out[`${name}.${i}`] = v))
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out[`${name}.${k}`] = v
    else out[name] = value
  }
  return out
}

/** RFC 4180: quote cells holding a comma, quote or newline; numbers at full precision; null and undefined empty. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
