// Runs are queued longest first by the cost model, equal costs in index order.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { longestFirst } from '../../../../src-main/runner/runOrder'
import { parseExperimentSpec, type ExperimentSpec } from '../../../../src-shared/spec/experiment'

const spec = (maxSteps: number, width = 8): ExperimentSpec =>
  parseExperimentSpec({ student: { width }, stopping: { maxSteps }, metrics: { horizon: 20 } })

test('the longest runs go first; runs of equal cost keep their order', () => {
  const specs: Record<string, ExperimentSpec> = {
    a: spec(100),
    b: spec(10_000),
    c: spec(100),
    d: spec(1_000, 32),
    e: spec(10_000),
  }
  assert.deepEqual(longestFirst(['a', 'b', 'c', 'd', 'e'], (id) => specs[id]), ['b', 'e', 'd', 'a', 'c'])
})

test('a run whose spec is unknown goes last, in its place among the others', () => {
  const specs: Record<string, ExperimentSpec> = { a: spec(100), c: spec(5_000) }
  assert.deepEqual(longestFirst(['a', 'x', 'c'], (id) => specs[id]), ['c', 'a', 'x'])
})
