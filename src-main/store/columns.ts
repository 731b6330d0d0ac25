/**
 * The runs table's optional columns: which param paths and metric names exist (run_columns, kept up to date as
 * sweeps are created and runs finish), and the values of chosen columns for one page of runs.
 */
import type Database from 'better-sqlite3'
import type { ColumnKinds } from './runQuery'
import type { CellValue } from './types'

export interface RunColumns {
  /** Spec paths and variant-axis names, sorted. */
  params: string[]
  /** Scalar metric names, sorted. */
  metrics: string[]
}

export function listRunColumns(db: Database.Database): RunColumns {
  const rows = db.prepare(`SELECT kind, name FROM run_columns ORDER BY name`).all() as Array<{ kind: string; name: string }>
  return { params: rows.filter((r) => r.kind === 'param').map((r) => r.name), metrics: rows.filter((r) => r.kind === 'metric').map((r) => r.name) }
}

/** A lookup over run_columns, read once per query. */
export function knownColumnKinds(db: Database.Database): ColumnKinds {
  const { params, metrics } = listRunColumns(db)
  const paramSet = new Set(params)
  const metricSet = new Set(metrics)
  return (name) => ({ param: paramSet.has(name), metric: metricSet.has(name) })
}

/** Values of `columns` for the runs `ids`: a metric's value where the run has it, else the param's. */
export function columnValues(db: Database.Database, ids: string[], columns: string[]): Record<string, Record<string, CellValue>> {
  const out: Record<string, Record<string, CellValue>> = {}
  if (ids.length === 0) return out
  const args = [JSON.stringify(ids), JSON.stringify(columns)]
  const params = db
    .prepare(
      `SELECT run_id, path AS name, value FROM run_params
       WHERE run_id IN (SELECT value FROM json_each(?)) AND path IN (SELECT value FROM json_each(?))`,
    )
    .all(...args) as Array<{ run_id: string; name: string; value: CellValue }>
  const metrics = db
    .prepare(
      `SELECT run_id, name, value FROM metrics
       WHERE run_id IN (SELECT value FROM json_each(?)) AND name IN (SELECT value FROM json_each(?))`,
    )
    .all(...args) as Array<{ run_id: string; name: string; value: string }>
  for (const row of params) (out[row.run_id] ??= {})[row.name] = row.value
  for (const row of metrics) {
    const value = JSON.parse(row.value) as unknown
    if (typeof value === 'number' || value === null || typeof value === 'string' || typeof value === 'boolean') (out[row.run_id] ??= {})[row.name] = value
  }
  return out
}
