/**
 * Runs' results in the store, the one place they are written and grouped: a finished run's metrics, series and model
 * snapshots, and the reads of many runs in one query each (Compare of a thousand runs reads them this way).
 */
import type Database from 'better-sqlite3'
import type { EncodedRunResult, MetricValue, ModelSnapshot, RunResult, Series } from '../../src-shared/api/results'
import type { ExperimentSpec } from '../../src-shared/spec/experiment'
import { encodeSeries, readStoredSeries } from '../../src-shared/api/seriesCodec'

const ids = (runIds: readonly string[]) => JSON.stringify(runIds)

/** Every metric of each run, by run id. */
export function metricsFor(db: Database.Database, runIds: readonly string[]): Map<string, Record<string, MetricValue>> {
  const rows = db
    .prepare(`SELECT run_id, name, value FROM metrics WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY name`)
    .all(ids(runIds)) as Array<{ run_id: string; name: string; value: string }>
  const out = new Map<string, Record<string, MetricValue>>()
  for (const row of rows) {
    const metrics = out.get(row.run_id) ?? {}
    metrics[row.name] = JSON.parse(row.value) as MetricValue
    out.set(row.run_id, metrics)
  }
  return out
}

/** One named series of each run that has it, by run id. */
export function seriesFor(db: Database.Database, runIds: readonly string[], name: string): Map<string, Series> {
  const rows = db
    .prepare(`SELECT run_id, data FROM series WHERE name = ? AND run_id IN (SELECT value FROM json_each(?))`)
    .all(name, ids(runIds)) as Array<{ run_id: string; data: string | Uint8Array }>
  return new Map(rows.map((row) => [row.run_id, readStoredSeries(row.data, `run ${row.run_id}, series "${name}"`)]))
}

/** The names of the series a run stored. */
export function seriesNames(db: Database.Database, runId: string): string[] {
  return (db.prepare(`SELECT name FROM series WHERE run_id = ? ORDER BY name`).all(runId) as Array<{ name: string }>).map((r) => r.name)
}

/** Each run's spec, by run id. */
export function specsFor(db: Database.Database, runIds: readonly string[]): Map<string, ExperimentSpec> {
  const rows = db.prepare(`SELECT id, spec FROM runs WHERE id IN (SELECT value FROM json_each(?))`).all(ids(runIds)) as Array<{ id: string; spec: string }>
  return new Map(rows.map((row) => [row.id, JSON.parse(row.spec) as ExperimentSpec]))
}

/**
 * What the series table stores for a series: a worker's encoded blob or JSON text as it is, a series object (a result
 * made in this process) as a blob, or as JSON text where the blob layout cannot hold it.
 */
export function storedSeries(value: string | Uint8Array | Series): string | Uint8Array {
  if (typeof value === 'string' || value instanceof Uint8Array) return value
  return encodeSeries(value) ?? JSON.stringify(value)
}

/** The store's cached prepared statements (results are written in its transactions). */
type Prepare = (sql: string) => Database.Statement

/** Write a finished run's metrics (registering scalar ones as query columns), series and models, in the caller's transaction. */
export function writeRunResults(prepare: Prepare, runId: string, result: RunResult | EncodedRunResult): void {
  const metric = prepare(`INSERT INTO metrics (run_id, name, value, num) VALUES (?, ?, ?, ?)`)
  const column = prepare(`INSERT OR IGNORE INTO run_columns (kind, name) VALUES ('metric', ?)`)
  for (const [name, value] of Object.entries(result.metrics)) {
    metric.run(runId, name, JSON.stringify(value), typeof value === 'number' && Number.isFinite(value) ? value : null)
    if (typeof value === 'number' || value === null) column.run(name)
  }
  // an encoded result (from a worker) carries its series as blobs or JSON text and its models as JSON text already
  const series = prepare(`INSERT INTO series (run_id, name, data) VALUES (?, ?, ?)`)
  for (const [name, value] of Object.entries(result.series)) series.run(runId, name, storedSeries(value))
  const model = prepare(`INSERT INTO models (run_id, name, data) VALUES (?, ?, ?)`)
  for (const [name, value] of Object.entries(result.models)) model.run(runId, name, typeof value === 'string' ? value : JSON.stringify(value))
}

export function deleteRunResults(prepare: Prepare, runId: string): void {
  for (const table of ['metrics', 'series', 'models']) prepare(`DELETE FROM ${table} WHERE run_id = ?`).run(runId)
}

/** Metrics of every run of a sweep, by run id. */
export function sweepMetricsFor(db: Database.Database, sweepId: string): Map<string, Record<string, MetricValue>> {
  const runIds = (db.prepare(`SELECT id FROM runs WHERE sweep_id = ?`).all(sweepId) as Array<{ id: string }>).map((r) => r.id)
  return metricsFor(db, runIds)
}

/** A run's series, all or the named ones. */
export function runSeries(db: Database.Database, runId: string, names?: string[]): Record<string, Series> {
  const rows = db.prepare(`SELECT name, data FROM series WHERE run_id = ?`).all(runId) as Array<{ name: string; data: string | Uint8Array }>
  const wanted = names && new Set(names)
  return Object.fromEntries(rows.filter((r) => !wanted || wanted.has(r.name)).map((r) => [r.name, readStoredSeries(r.data, `run ${runId}, series "${r.name}"`)]))
}

/** A run's model snapshots by name. */
export function runModels(db: Database.Database, runId: string): Record<string, ModelSnapshot> {
  const rows = db.prepare(`SELECT name, data FROM models WHERE run_id = ?`).all(runId) as Array<{ name: string; data: string }>
  return Object.fromEntries(rows.map((r) => [r.name, JSON.parse(r.data) as ModelSnapshot]))
}
