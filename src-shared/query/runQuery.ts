/**
 * The run query language of the runs table and `impulse-lab runs --where`, parsed into a syntax tree. Pure: the
 * store compiles the tree to parameterised SQL (src-main/store/runQuery.ts). Grammar, loosest first:
 *
 *   query   := or
 *   or      := and ("or" and)*
 *   and     := unary ("and" unary)*
 *   unary   := "not" unary | "(" or ")" | tag:NAME | FIELD OP VALUE | WORD
 *   OP      := = == != < <= > >= ~ : before after
 *
 * FIELD is `status`, `sweep`, `id`, `created`, `tag`, a spec path (`data.length`, `seed`) or a metric name
 * (`extrapolation_error`); a bare name without a dot also matches a variant axis of that name. A lone WORD matches a
 * run id prefix, a sweep id or a tag. VALUE is a number, true/false/null, a date (created), a word or a quoted string.
 */
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | '~'
export type QueryLiteral = number | string | boolean | null

type QueryField =
  | { kind: 'status' }
  | { kind: 'sweep' }
  | { kind: 'id' }
  | { kind: 'created' }
  /** A spec path (it has a dot, or is `seed`): looked up in the run's params. */
  | { kind: 'param'; name: string }
  /** A bare name: a metric, or a variant axis of that name. */
  | { kind: 'name'; name: string }

export type QueryExpr =
  | { kind: 'and' | 'or'; items: QueryExpr[] }
  | { kind: 'not'; expr: QueryExpr }
  | { kind: 'compare'; field: QueryField; op: CompareOp; value: QueryLiteral }
  | { kind: 'tag'; tag: string }
  /** A lone word: run id prefix, sweep id or tag. */
  | { kind: 'word'; text: string }

const QUERY_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const

/** A query that does not parse; `column` is 1-based. */
export class QueryError extends Error {
  /** Bad input: HTTP 400 in browser mode. */
  readonly status = 400
  constructor(
    readonly reason: string,
    readonly column: number,
  ) {
    super(`query: ${reason} at column ${column}`)
    this.name = 'QueryError'
  }
}

interface Token {
  kind: 'word' | 'string' | 'op' | '(' | ')' | 'end'
  text: string
  /** 0-based offset in the query. */
  at: number
}

const OPERATORS = ['>=', '<=', '!=', '==', '=', '<', '>', '~', ':']
const KEYWORDS = new Set(['and', 'or', 'not'])
const WORD_OPERATORS: Record<string, CompareOp> = { before: '<', after: '>' }
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?)?$/

function tokenize(query: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < query.length) {
    const c = query[i]
    if (/\s/.test(c)) {
      i++
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c, text: c, at: i++ })
    } else if (c === '"' || c === "'") {
      const start = i++
      let text = ''
      while (i < query.length && query[i] !== c) {
        if (query[i] === '\\' && i + 1 < query.length) i++
        text += query[i++]
      }
      if (i >= query.length) throw new QueryError('unclosed quote', start + 1)
      i++
      tokens.push({ kind: 'string', text, at: start })
    } else {
      const op = OPERATORS.find((o) => query.startsWith(o, i))
      if (op) {
        tokens.push({ kind: 'op', text: op, at: i })
        i += op.length
        continue
      }
      const start = i
      // A word starting with a digit may hold colons (a time: 2026-12-01T10:30).
      const wordChar = /\d/.test(c) ? /[^\s()=<>!~"']/ : /[^\s()=<>!~:"']/
      while (i < query.length && wordChar.test(query[i])) i++
      if (i === start) throw new QueryError(`unexpected "${c}"`, start + 1)
      tokens.push({ kind: 'word', text: query.slice(start, i), at: start })
    }
  }
  tokens.push({ kind: 'end', text: '', at: query.length })
  return tokens
}

/** Parse a query; null for an empty one. Throws QueryError naming the column of the first problem. */
export function parseRunQuery(query: string): QueryExpr | null {
  const tokens = tokenize(query)
  let pos = 0
  const peek = () => tokens[pos]
  const next = () => tokens[pos++]
  const isKeyword = (t: Token, word: string) => t.kind === 'word' && t.text.toLowerCase() === word
  const describe = (t: Token) => (t.kind === 'end' ? 'the end of the query' : `"${t.text}"`)
  const fail = (reason: string, t: Token = peek()): never => {
    throw new QueryError(reason, t.at + 1)
  }

  function parseOr(): QueryExpr {
    const items = [parseAnd()]
    while (isKeyword(peek(), 'or')) {
      next()
      items.push(parseAnd())
    }
    return items.length === 1 ? items[0] : { kind: 'or', items }
  }

  function parseAnd(): QueryExpr {
    const items = [parseUnary()]
    while (isKeyword(peek(), 'and')) {
      next()
      items.push(parseUnary())
    }
    return items.length === 1 ? items[0] : { kind: 'and', items }
  }

  function parseUnary(): QueryExpr {
    const t = peek()
    if (isKeyword(t, 'not')) {
      next()
      return { kind: 'not', expr: parseUnary() }
    }
    if (t.kind === '(') {
      next()
      const inner = parseOr()
      if (peek().kind !== ')') fail(`expected ")" to close the "(" at column ${t.at + 1}, found ${describe(peek())}`)
      next()
      return inner
    }
    if (t.kind !== 'word' || KEYWORDS.has(t.text.toLowerCase())) return fail(`expected a condition, found ${describe(t)}`)
    next()
    const opToken = peek()
    const wordOp = opToken.kind === 'word' ? WORD_OPERATORS[opToken.text.toLowerCase()] : undefined
    if (opToken.kind !== 'op' && !wordOp) return { kind: 'word', text: t.text }
    next()
    const op = wordOp ?? normaliseOp(opToken.text)
    const valueToken = peek()
    if (valueToken.kind !== 'word' && valueToken.kind !== 'string') return fail(`expected a value after "${opToken.text}", found ${describe(valueToken)}`)
    next()
    const expr = condition(t, op, valueToken, opToken)
    const after = peek()
    if (after.kind !== 'end' && after.kind !== ')' && !isKeyword(after, 'and') && !isKeyword(after, 'or')) {
      fail(`expected "and" or "or" before ${describe(after)}`)
    }
    return expr
  }

  function condition(fieldToken: Token, op: CompareOp, valueToken: Token, opToken: Token): QueryExpr {
    const name = fieldToken.text
    const key = name.toLowerCase()
    const raw = valueToken.text
    const quoted = valueToken.kind === 'string'
    const onlyEquality = (what: string) => {
      if (op !== '=' && op !== '!=') fail(`${what} takes "=" or "!=", not "${opToken.text}"`, opToken)
    }
    if (key === 'tag') {
      onlyEquality('tag')
      const tag: QueryExpr = { kind: 'tag', tag: raw }
      return op === '!=' ? { kind: 'not', expr: tag } : tag
    }
    if (key === 'status') {
      onlyEquality('status')
      if (!(QUERY_STATUSES as readonly string[]).includes(raw)) {
        fail(`unknown status "${raw}" (expected one of ${QUERY_STATUSES.join(', ')})`, valueToken)
      }
      return { kind: 'compare', field: { kind: 'status' }, op, value: raw }
    }
    if (key === 'sweep' || key === 'id') {
      if (op !== '=' && op !== '!=' && op !== '~') fail(`${key} takes "=", "!=" or "~", not "${opToken.text}"`, opToken)
      return { kind: 'compare', field: { kind: key }, op, value: raw }
    }
    if (key === 'created') {
      if (op === '~') fail('created takes a comparison (<, <=, >, >=, =, before, after), not "~"', opToken)
      if (!DATE.test(raw)) fail(`expected a date like 2026-12-01 or 2026-12-01T10:30, found "${raw}"`, valueToken)
      const ms = Date.parse(raw.length === 10 ? `${raw}T00:00:00Z` : raw)
      if (Number.isNaN(ms)) fail(`"${raw}" is not a valid date`, valueToken)
      return { kind: 'compare', field: { kind: 'created' }, op, value: ms }
    }
    const value = quoted ? raw : literal(raw)
    if (op === '~' && typeof value !== 'string') fail('"~" (contains) takes text', valueToken)
    if (['<', '<=', '>', '>='].includes(op) && (value === null || typeof value === 'boolean')) {
      fail(`"${opToken.text}" needs a number or text, not ${String(value)}`, valueToken)
    }
    const field: QueryField = isParamPath(name) ? { kind: 'param', name } : { kind: 'name', name }
    return { kind: 'compare', field, op, value }
  }

  if (peek().kind === 'end') return null
  const expr = parseOr()
  if (peek().kind !== 'end') fail(`unexpected ${describe(peek())}`)
  return expr
}

function normaliseOp(text: string): CompareOp {
  if (text === '==' || text === ':') return '='
  return text as CompareOp
}

function literal(raw: string): QueryLiteral {
  if (NUMBER.test(raw)) return Number(raw)
  const lower = raw.toLowerCase()
  if (lower === 'true') return true
  if (lower === 'false') return false
  if (lower === 'null') return null
  return raw
}

/** A sort of the runs table: a column key (a special column, spec path or metric name) and a direction. */
export interface RunSort {
  key: string
  dir: 'asc' | 'desc'
}

/** `--sort KEY`, `--sort -KEY` (descending) or `--sort "KEY desc"`. */
export function parseRunSort(text: string): RunSort {
  const trimmed = text.trim()
  const match = /^(-)?([^\s]+)(?:\s+(asc|desc))?$/i.exec(trimmed)
  if (!match || (match[1] && match[3])) throw new Error(`sort: expected KEY, -KEY or "KEY asc|desc", got "${text}"`)
  const dir = match[1] ? 'desc' : ((match[3]?.toLowerCase() ?? 'asc') as 'asc' | 'desc')
  return { key: match[2], dir }
}

/** Is this column a spec path (looked up in params) rather than a metric? */
function isParamPath(name: string): boolean {
  return name.includes('.') || name === 'seed'
}
