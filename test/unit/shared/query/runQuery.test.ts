// The run query language: what parses to what, and where a bad query is reported.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseRunQuery, parseRunSort, QueryError } from '../../../../src-shared/query/runQuery'

test('the issue\'s example: a param, a metric and a tag joined by and', () => {
  assert.deepEqual(parseRunQuery('data.length >= 12 and extrapolation_error < 0.1 and tag:good'), {
    kind: 'and',
    items: [
      { kind: 'compare', field: { kind: 'param', name: 'data.length' }, op: '>=', value: 12 },
      { kind: 'compare', field: { kind: 'name', name: 'extrapolation_error' }, op: '<', value: 0.1 },
      { kind: 'tag', tag: 'good' },
    ],
  })
})

test('and binds tighter than or; parentheses and not group', () => {
  const q = parseRunQuery('status = done or status = failed and not (seed = 1 or tag != keep)')
  assert.deepEqual(q, {
    kind: 'or',
    items: [
      { kind: 'compare', field: { kind: 'status' }, op: '=', value: 'done' },
      {
        kind: 'and',
        items: [
          { kind: 'compare', field: { kind: 'status' }, op: '=', value: 'failed' },
          {
            kind: 'not',
            expr: {
              kind: 'or',
              items: [
                { kind: 'compare', field: { kind: 'param', name: 'seed' }, op: '=', value: 1 },
                { kind: 'not', expr: { kind: 'tag', tag: 'keep' } },
              ],
            },
          },
        ],
      },
    ],
  })
})

test('values: numbers, booleans, null, words, quoted strings; operators without spaces', () => {
  const values = (q: string) => {
    const e = parseRunQuery(q)
    assert.ok(e && e.kind === 'compare')
    return [e.op, e.value]
  }
  assert.deepEqual(values('student.kind=lstm'), ['=', 'lstm'])
  assert.deepEqual(values('optimizer.lr==1e-3'), ['=', 0.001])
  assert.deepEqual(values('data.adversarial = true'), ['=', true])
  assert.deepEqual(values('data.trainSize = null'), ['=', null])
  assert.deepEqual(values('student.kind ~ "ls tm"'), ['~', 'ls tm'])
  assert.deepEqual(values("teacher.kind != 'iclr23-balanced'"), ['!=', 'iclr23-balanced'])
  assert.deepEqual(values('final_loss<=-2.5'), ['<=', -2.5])
})

test('dates: created before/after a day or a time (UTC)', () => {
  assert.deepEqual(parseRunQuery('created after 2026-12-01'), { kind: 'compare', field: { kind: 'created' }, op: '>', value: Date.UTC(2026, 11, 1) })
  assert.deepEqual(parseRunQuery('created < 2026-12-01T10:30Z'), { kind: 'compare', field: { kind: 'created' }, op: '<', value: Date.UTC(2026, 11, 1, 10, 30) })
})

test('a lone word is an id, sweep or tag search; an empty query is no filter', () => {
  assert.deepEqual(parseRunQuery('r1a'), { kind: 'word', text: 'r1a' })
  assert.equal(parseRunQuery('   '), null)
})

test('a bad query names the problem and its column', () => {
  const fails = (q: string, message: RegExp, column: number) =>
    assert.throws(() => parseRunQuery(q), (e: unknown) => e instanceof QueryError && message.test(e.message) && e.column === column)
  fails('data.length >=', /expected a value after ">=", found the end of the query/, 15)
  fails('data.length >= 12 extrapolation_error < 1', /expected "and" or "or" before "extrapolation_error"/, 19)
  fails('status = dne', /unknown status "dne"/, 10)
  fails('status > done', /status takes "=" or "!="/, 8)
  fails('(seed = 1', /expected "\)" to close the "\(" at column 1/, 10)
  fails('seed = 1)', /unexpected "\)"/, 9)
  fails('created > yesterday', /expected a date/, 11)
  fails('student.kind = "lstm', /unclosed quote/, 16)
  fails('and seed = 1', /expected a condition, found "and"/, 1)
  fails('final_loss < true', /needs a number or text/, 14)
  assert.match(new QueryError('x', 3).message, /^query: x at column 3$/)
})

test('sort keys: KEY, -KEY, "KEY desc"', () => {
  assert.deepEqual(parseRunSort('final_loss'), { key: 'final_loss', dir: 'asc' })
  assert.deepEqual(parseRunSort('-data.length'), { key: 'data.length', dir: 'desc' })
  assert.deepEqual(parseRunSort('created DESC'), { key: 'created', dir: 'desc' })
  assert.throws(() => parseRunSort('a b c'), /sort: expected KEY/)
})
