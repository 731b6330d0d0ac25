/** Results of many runs in one query each (Compare of a thousand runs reads them this way, not run by run). */
import type Database from 'better-sqlite3'
import type { MetricValue, Series } from '../../src-shared/api/results'
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
