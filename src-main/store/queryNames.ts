/**
 * A run query's names checked against the store's columns: a misspelt metric or spec path is an error naming the
 * nearest known names, as the spec checks do, not a silent "no runs match".
 */
import { QueryError, type QueryExpr } from '../../src-shared/query/runQuery'
import { levenshtein } from '../../src-shared/spec/issues'
import type { RunColumns } from './columns'

const SUGGESTIONS = 3

function fields(expr: QueryExpr, out: string[]): string[] {
  if (expr.kind === 'and' || expr.kind === 'or') expr.items.forEach((item) => fields(item, out))
  else if (expr.kind === 'not') fields(expr.expr, out)
  else if (expr.kind === 'compare' && (expr.field.kind === 'param' || expr.field.kind === 'name')) out.push(expr.field.name)
  return out
}

/** The known names nearest to `name`, nearest first. */
export function nearestColumns(name: string, columns: RunColumns): string[] {
  const last = (path: string) => path.split('.').pop()!
  return [...columns.metrics, ...columns.params]
    .map((candidate) => ({ candidate, d: Math.min(levenshtein(name, candidate), levenshtein(last(name), last(candidate)) + 1) }))
    .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate))
    .slice(0, SUGGESTIONS)
    .map((c) => c.candidate)
}

/**
 * Throws a QueryError at the first metric or spec path no run in the store has (an empty store checks nothing);
 * the column is where the name first appears in `text`, the query as typed.
 */
export function checkQueryNames(expr: QueryExpr, columns: RunColumns, text = ''): void {
  if (columns.metrics.length + columns.params.length === 0) return
  const known = new Set([...columns.metrics, ...columns.params])
  for (const name of fields(expr, [])) {
    if (known.has(name)) continue
    const near = nearestColumns(name, columns)
    throw new QueryError(`no run has a metric or parameter "${name}"${near.length ? ` (nearest: ${near.join(', ')})` : ''}`, Math.max(0, text.indexOf(name)) + 1)
  }
}
