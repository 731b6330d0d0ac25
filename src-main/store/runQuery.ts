/**
 * The SQL behind Store.listRuns: a RunFilter (sweep, status, a parsed run query, a sort) compiled to one
 * parameterised statement. Values are always bound, never spliced; only column expressions chosen here are.
 * Kept apart so tests can EXPLAIN it: the default orders and the sweep/status filters are served by indexes
 * (runs_sweep_idx, runs_sweep_status, runs_status), so page one stays O(page size).
 */
import { parseRunQuery, type CompareOp, type QueryExpr, type QueryLiteral, type RunSort } from '../../src-shared/query/runQuery'
import type { RunFilter } from './types'

interface RunsQuery {
  /**
   * The page's rowids in order; the rows are read by rowid afterwards, so sorting never carries the specs along.
   * With a query or a sort it also counts every match (`total`, a window over the same pass): countSql is then only
   * needed for a page past the end.
   */
  sql: string
  counts: boolean
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
  const expr = typeof filter.where === 'string' ? parseRunQuery(filter.where) : filter.where
  if (expr) where.push(compileExpr(expr, args, kinds))
  const orderArgs: unknown[] = []
  const order = orderBy(filter, orderArgs, kinds)
  // In the default order the page is read straight off rowid (or a sweep's index) and stops after `limit` rows, so
  // the trash test must not pull the planner onto runs_scan and a sort (`+`); the count and sorted pages scan it.
  const trash = (deleted: string) =>
    filter.trash
      ? `(${deleted} IS NOT NULL OR runs.sweep_id IN (${DELETED_SWEEPS}))`
      : `${deleted} IS NULL AND runs.sweep_id NOT IN (${DELETED_SWEEPS})`
  const clause = (deleted: string) => `WHERE ${[...where, trash(deleted)].join(' AND ')}`
  const counts = Boolean(expr || filter.sort)
  return {
    sql: `SELECT runs.rowid AS rowid${counts ? ', count(*) OVER () AS total' : ''} FROM runs ${clause(filter.sort ? 'runs.deleted_at' : '+runs.deleted_at')} ORDER BY ${order} LIMIT ? OFFSET ?`,
    counts,
    args: [...args, ...orderArgs, filter.limit ?? 100, filter.offset ?? 0],
    countSql: `SELECT count(*) AS n FROM runs ${clause('runs.deleted_at')}`,
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
      return tagExists(expr.tag, args)
    case 'word':
      args.push(`${likeEscape(expr.text)}%`, expr.text)
      return `(runs.id LIKE ? ESCAPE '\\' OR runs.sweep_id = ? OR ${tagExists(expr.text, args)})`
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
function tagExists(tag: string, args: unknown[]): string {
  args.push(tag, tag)
  return `(runs.id IN (SELECT item_id FROM tags WHERE tag = ?) OR runs.sweep_id IN (SELECT item_id FROM tags WHERE tag = ?))`
}

function paramExists(path: string, op: CompareOp, value: QueryLiteral, args: unknown[]): string {
  args.push(path)
  return `runs.id IN (SELECT p.run_id FROM run_params p WHERE p.path = ? AND ${valueTest('p.value', op, value, args)})`
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
  return `runs.id IN (SELECT m.run_id FROM metrics m WHERE m.name = ? AND ${test})`
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
