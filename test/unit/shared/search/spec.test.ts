/** Checking a search before anything runs: each kind of bad input refused with the field and the nearest valid name. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseAxisText, parsePredicate, planSearch, type SearchInput } from '../../../../src-shared/search'

const base = { teacher: { kind: 'iclr23-balanced', dim: 2 }, student: { width: 8 }, stopping: { maxSteps: 10 } }
const input = (over: Partial<SearchInput> = {}): SearchInput => ({
  base,
  outer: { path: 'teacher.dim', values: [1, 2] },
  inner: { path: 'data.length', values: [2, 3, 4, 5] },
  seeds: [0, 1],
  ...over,
})

test('a valid search plans the full grid it probes a part of, outer-major with seeds innermost', () => {
  const plan = planSearch(input())
  assert.equal(plan.grid.length, 2 * 4 * 2)
  assert.deepEqual(plan.grid[5].params, { 'teacher.dim': 1, 'data.length': 4, seed: 1 })
  assert.deepEqual(plan.shape, { outerCount: 2, innerCount: 4, seedCount: 2, direction: 'up', perRound: 2, verify: 1 })
})

test('unknown outer or inner paths are refused naming the field and the nearest valid path', () => {
  assert.throws(() => planSearch(input({ outer: { path: 'teacher.dimm', values: [1] } })), /search: outer: teacher\.dimm: unknown field; did you mean teacher\.dim\?/)
  assert.throws(() => planSearch(input({ inner: { path: 'data.lenght', values: [2, 3] } })), /inner: data\.lenght: unknown field; did you mean data\.length\?/)
})

test('an inner axis that is not ascending numbers, or has one value, is refused', () => {
  assert.throws(() => planSearch(input({ inner: { path: 'data.length', values: [2, 'x'] } })), /inner: data\.length must be numbers to search along \(got "x"\)/)
  assert.throws(() => planSearch(input({ inner: { path: 'data.length', values: [5, 3] } })), /values must be ascending \(5 then 3\)/)
  assert.throws(() => planSearch(input({ inner: { path: 'data.length', values: parseAxisText('data.length=5..5', '--inner').values } })), /has one value \(5\); a search needs a range of at least two/)
})

test('a predicate on an unknown metric names it and the nearest catalogue metric', () => {
  assert.throws(() => planSearch(input({ settings: { until: 'extrapolation_eror < 0.1' } })), /until: unknown metric "extrapolation_eror"; did you mean extrapolation_error\?/)
  assert.throws(() => parsePredicate('error_ratio < abc'), /"abc" is not a number/)
  assert.throws(() => parsePredicate('error_ratio'), /expected METRIC < NUMBER/)
})

test('a budget beyond the machine is refused before any run: too many runs, or a run too big for memory', () => {
  const many = { path: 'teacher.dim', values: Array.from({ length: 9_000 }, (_, i) => (i % 8) + 1) }
  assert.throws(() => planSearch(input({ outer: many, inner: { path: 'data.length', values: Array.from({ length: 30 }, (_, i) => i + 2) } })), /runs; a sweep has at most 200,000/)
  assert.throws(() => planSearch(input({ base: { ...base, student: { width: 9_000 } } }), { memoryLimitBytes: 1e6, memoryLimitText: '1 MB' }), /more than 1 MB/)
})

test('predicates: the default reads the ratio, or the absolute error where the zero solution is silent; clauses combine with and', () => {
  const p = parsePredicate('extrapolates')
  assert.equal(p.holds({ extrapolation_error: 0.05, zero_error: 1 }), true)
  assert.equal(p.holds({ extrapolation_error: 0.05, zero_error: 0.2 }), false, 'ratio 0.25')
  assert.equal(p.holds({ extrapolation_error: 0.05, zero_error: 0 }), true, 'silent tail: 0.05 < 0.1 absolute')
  assert.equal(p.holds({ extrapolation_error: 0.5, zero_error: 0 }), false)
  assert.equal(p.holds({ extrapolation_error: 1, zero_error: 1, input_extrapolation_error: 0.01, input_zero_error: 1 }), true, 'gated students: input-averaged errors')
  assert.equal(p.holds({}), false, 'no metric: no pass')
  const q = parsePredicate('extrapolation_error <= 0.1 and train_fitted >= 1')
  assert.equal(q.holds({ extrapolation_error: 0.1, train_fitted: 1 }), true)
  assert.equal(q.holds({ extrapolation_error: 0.1, train_fitted: 0 }), false)
})

test('axis text: integer ranges with a step, comma lists of JSON values, and malformed text named by its flag', () => {
  assert.deepEqual(parseAxisText('data.length=2..10:4', '--inner'), { path: 'data.length', values: [2, 6, 10] })
  assert.deepEqual(parseAxisText('student.init.scale=1e-5,1e-3', '--outer').values, [1e-5, 1e-3])
  assert.deepEqual(parseAxisText('student.kind=gru,lstm', '--outer').values, ['gru', 'lstm'])
  assert.throws(() => parseAxisText('data.length', '--inner'), /--inner: "data.length": expected PATH=VALUES/)
  assert.throws(() => parseAxisText('data.length=1.5..3', '--inner'), /expected LO..HI with integers/)
  assert.throws(() => parseAxisText('data.length=9..3', '--inner'), /ends below its start/)
})
