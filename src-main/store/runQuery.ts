/**
 * The SQL behind Store.listRuns, built from a RunFilter. Kept apart so tests can EXPLAIN it: every filter the runs
 * view uses is served by an index (runs_sweep_idx, runs_sweep_status, runs_status), so page one stays O(page size).
 */
import { RUN_COLUMNS } from './rows'
import type { RunFilter } from './types'

export interface RunsQuery {
  sql: string
  args: unknown[]
  countSql: string
  countArgs: unknown[]
}

export function runsQuery(filter: RunFilter): RunsQuery {
  const where: string[] = []
  const args: unknown[] = []
  if (filter.sweepId !== undefined) {
    where.push('sweep_id = ?')
    args.push(filter.sweepId)
  }
  const statuses = filter.status === undefined ? [] : Array.isArray(filter.status) ? filter.status : [filter.status]
  if (statuses.length > 0) {
    where.push(`status IN (${statuses.map(() => '?').join(', ')})`)
    args.push(...statuses)
  }
  const text = filter.text?.trim()
  if (text) {
    const eq = text.indexOf('=')
    if (eq > 0) {
      // Params are stored as compact JSON, so `data.length=12` is the substring `"data.length":12`.
      where.push(`params LIKE ? ESCAPE '\\'`)
      args.push(`%${likeEscape(`${JSON.stringify(text.slice(0, eq).trim())}:${paramLiteral(text.slice(eq + 1).trim())}`)}%`)
    } else {
      where.push(`(id LIKE ? ESCAPE '\\' OR params LIKE ? ESCAPE '\\')`)
      args.push(`${likeEscape(text)}%`, `%${likeEscape(text)}%`)
    }
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : ''
  const desc = filter.order === 'newest' || (filter.order === undefined && filter.sweepId === undefined)
  // Runs are inserted in idx order, so rowid order is creation order across sweeps.
  const order = filter.sweepId !== undefined ? `idx ${desc ? 'DESC' : 'ASC'}` : `rowid ${desc ? 'DESC' : 'ASC'}`
  return {
    sql: `SELECT ${RUN_COLUMNS} FROM runs ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`,
    args: [...args, filter.limit ?? 100, filter.offset ?? 0],
    countSql: `SELECT count(*) AS n FROM runs ${clause}`,
    countArgs: args,
  }
}

/** A param value as it appears in the stored params JSON: JSON when it parses (12, true, "adam"), else a string. */
function paramLiteral(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw))
  } catch {
    return JSON.stringify(raw)
  }
}

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}
