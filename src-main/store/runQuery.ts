/**
 * The SQL behind Store.listRuns: a RunFilter (sweep, status, a parsed run query, a sort) compiled to one
 * parameterised statement. Values are always bound, never spliced; only column expressions chosen here are.
 * Kept apart so tests can EXPLAIN it: the default orders and the sweep/status filters are served by indexes
 * (runs_sweep_idx, runs_sweep_status, runs_status), so page one stays O(page size).
 */
import { parseRunQuery, type CompareOp, type QueryExpr, type QueryLiteral, type RunSort } from '../../src-shared/query/runQuery'
import { RUN_COLUMNS } from './rows'
import type { RunFilter } from './types'

export interface RunsQuery {
  sql: string
  args: unknown[]
  countSql: string
  countArgs: unknown[]
}

/** Which tables a bare column name is known in (from run_columns), so a metric test skips the params table. */
export type ColumnKinds = (name: string) => { param: boolean; metric: boolean }

const bothKinds: ColumnKinds = () => ({ param: true, metric: true })
const DAY_MS = 86_400_000
const SQL_OPS: Record<Exclude<CompareOp, '~'>, string> = { '=': '=', '!=': 'IS NOT', '<': '<', '<=': '<=', '>': '>', '>=': '>=' }
const DELETED_SWEEPS = `SELECT id FROM sweeps WHERE deleted_at IS NOT NULL`

export function runsQuery(filter: RunFilter, kinds: ColumnKinds = bothKinds): RunsQuery {
  const where: string[] = []
  const args: unknown[] = []
  if (filter.sweepId !== undefined) {
    where.push('runs.sweep_id = ?')
    args.push(filter.sweepId)
  }
  const statuses = filter.status === undefined ? [] : Array.isArray(filter.status) ? filter.status : [filter.status]
  if (statuses.length > 0) {
    where.push(`runs.status IN (${statuses.map(() => '?').join(', ')})`)
    args.push(...statuses)
  }
  where.push(
    filter.trash
      ? `(runs.deleted_at IS NOT NULL OR runs.sweep_id IN (${DELETED_SWEEPS}))`
      : `runs.deleted_at IS NULL AND runs.sweep_id NOT IN (${DELETED_SWEEPS})`,
  )
  const expr = typeof filter.where === 'string' ? parseRunQuery(filter.where) : filter.where
  if (expr) where.push(compileExpr(expr, args, kinds))
  const clause = `WHERE ${where.join(' AND ')}`
  const orderArgs: unknown[] = []
  const order = orderBy(filter, orderArgs, kinds)
  return {
    sql: `SELECT ${RUN_COLUMNS} FROM runs ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`,
    args: [...args, ...orderArgs, filter.limit ?? 100, filter.offset ?? 0],
    countSql: `SELECT count(*) AS n FROM runs ${clause}`,
    countArgs: args,
  }
}

function orderBy(filter: RunFilter, args: unknown[], kinds: ColumnKinds): string {
  if (!filter.sort) {
    const desc = filter.order === 'newest' || (filter.order === undefined && filter.sweepId === undefined)
    // Runs are inserted in idx order, so rowid order is creation order across sweeps.
    return filter.sweepId !== undefined ? `runs.idx ${desc ? 'DESC' : 'ASC'}` : `runs.rowid ${desc ? 'DESC' : 'ASC'}`
  }
  const dir = filter.sort.dir === 'desc' ? 'DESC' : 'ASC'
  return `${sortExpression(filter.sort, args, kinds)} ${dir} NULLS LAST, runs.rowid ${dir}`
}

/** The SQL value a runs-table column sorts by. Ids are base-36 counters, so creation (rowid) order sorts them. */
function sortExpression(sort: RunSort, args: unknown[], kinds: ColumnKinds): string {
  switch (sort.key) {
    case 'created':
    case 'id':
    case 'sweep':
      return 'runs.rowid'
    case 'status':
      return 'runs.status'
    case 'index':
      return 'runs.idx'
    case 'elapsed':
      return 'runs.elapsed_ms'
  }
  const param = `(SELECT value FROM run_params WHERE run_id = runs.id AND path = ?)`
  const metric = `(SELECT num FROM metrics WHERE run_id = runs.id AND name = ?)`
  const known = sort.key.includes('.') || sort.key === 'seed' ? { param: true, metric: false } : kinds(sort.key)
  if (known.metric && !known.param) {
    args.push(sort.key)
    return metric
  }
  if (known.param && !known.metric) {
    args.push(sort.key)
    return param
  }
  args.push(sort.key, sort.key)
  return `coalesce(${metric}, ${param})`
}

function compileExpr(expr: QueryExpr, args: unknown[], kinds: ColumnKinds): string {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return `(${expr.items.map((item) => compileExpr(item, args, kinds)).join(expr.kind === 'and' ? ' AND ' : ' OR ')})`
    case 'not':
      return `NOT (${compileExpr(expr.expr, args, kinds)})`
    case 'tag':
      args.push(expr.tag)
      return tagExists()
    case 'word':
      args.push(`${likeEscape(expr.text)}%`, expr.text, expr.text)
      return `(runs.id LIKE ? ESCAPE '\\' OR runs.sweep_id = ? OR ${tagExists()})`
  }
  const { field, op, value } = expr
  switch (field.kind) {
    case 'status':
      args.push(value)
      return `runs.status ${op === '=' ? '=' : '<>'} ?`
    case 'sweep':
      if (op === '~') {
        args.push(`%${likeEscape(String(value))}%`, `%${likeEscape(String(value))}%`)
        return `runs.sweep_id IN (SELECT id FROM sweeps WHERE title LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\')`
      }
      args.push(String(value))
      return `runs.sweep_id ${op === '=' ? '=' : '<>'} ?`
    case 'id':
      if (op === '~') {
        args.push(`%${likeEscape(String(value))}%`)
        return `runs.id LIKE ? ESCAPE '\\'`
      }
      args.push(String(value))
      return `runs.id ${op === '=' ? '=' : '<>'} ?`
    case 'created': {
      const ms = value as number
      if (op === '=') {
        // `created = DAY`: any time on that (UTC) day.
        const day = Math.floor(ms / DAY_MS) * DAY_MS
        args.push(day, day + DAY_MS)
        return `(runs.created_at >= ? AND runs.created_at < ?)`
      }
      args.push(ms)
      return `runs.created_at ${SQL_OPS[op as Exclude<CompareOp, '~'>]} ?`
    }
    case 'param':
      return paramExists(field.name, op, value, args)
    case 'name': {
      const known = kinds(field.name)
      const parts: string[] = []
      if (known.metric || !known.param) parts.push(metricExists(field.name, op, value, args))
      if (known.param || !known.metric) parts.push(paramExists(field.name, op, value, args))
      return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`
    }
  }
}

/** A tag on the run or on its sweep. */
function tagExists(): string {
  return `EXISTS (SELECT 1 FROM tags t WHERE t.tag = ? AND t.item_id IN (runs.id, runs.sweep_id))`
}

function paramExists(path: string, op: CompareOp, value: QueryLiteral, args: unknown[]): string {
  args.push(path)
  return `EXISTS (SELECT 1 FROM run_params p WHERE p.run_id = runs.id AND p.path = ? AND ${valueTest('p.value', op, value, args)})`
}

/** Metrics keep their JSON text in `value` and the finite number in `num`. */
function metricExists(name: string, op: CompareOp, value: QueryLiteral, args: unknown[]): string {
  args.push(name)
  const test =
    typeof value === 'number'
      ? valueTest('m.num', op, value, args)
      : op === '~'
        ? valueTest('m.value', op, value, args)
        : valueTest('m.value', op, JSON.stringify(value), args)
  return `EXISTS (SELECT 1 FROM metrics m WHERE m.run_id = runs.id AND m.name = ? AND ${test})`
}

/** `column OP value` with SQLite's types kept apart: in SQLite any text sorts above any number. */
function valueTest(column: string, op: CompareOp, value: QueryLiteral, args: unknown[]): string {
  if (op === '~') {
    args.push(`%${likeEscape(String(value))}%`)
    return `typeof(${column}) = 'text' AND ${column} LIKE ? ESCAPE '\\'`
  }
  const bound = typeof value === 'boolean' ? Number(value) : value
  args.push(bound)
  const sqlOp = SQL_OPS[op]
  if (op === '=' || op === '!=') return `${column} ${op === '=' ? 'IS' : 'IS NOT'} ?`
  const type = typeof bound === 'number' ? `typeof(${column}) IN ('integer', 'real')` : `typeof(${column}) = 'text'`
  return `${type} AND ${column} ${sqlOp} ?`
}

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}
