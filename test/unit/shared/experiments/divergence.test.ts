// A loss that diverges (NaN or ±Infinity) fails the run with a reason naming the step and the remedy, and the result
// keeps what was computed up to there: the loss curve, the metrics, the models.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runExperiment } from '../../../../src-shared/experiments'
import { parseExperimentSpec, type ExperimentSpecInput } from '../../../../src-shared/spec/experiment'
import { testContext } from '../../../helpers/backends'

const run = (spec: ExperimentSpecInput) => runExperiment(parseExperimentSpec(spec), testContext)

test('a linear run whose loss diverges fails with the step and keeps its partial curve', () => {
  const result = run({ teacher: { kind: 'random-stable', dim: 2 }, student: { width: 6 }, optimizer: { kind: 'gd', lr: 50 }, stopping: { maxSteps: 500 } })
  assert.match(result.failure ?? '', /^loss diverged \((NaN|Infinity|-Infinity)\) at step \d+; try a smaller optimizer\.lr$/)
  const step = Number(/at step (\d+)/.exec(result.failure!)![1])
  assert.ok(step < 500, 'stopped where it diverged, not at maxSteps')
  const curve = result.series.loss_curve
  assert.ok(curve.y.length >= 2, 'the curve up to the divergence is kept')
  assert.ok(Number.isFinite(curve.y[0]), 'it starts from a finite loss')
  assert.ok(result.models.student)
})

test('a gated run whose loss diverges fails the same way', () => {
  const result = run({
    teacher: { kind: 'memoryless', weight: 1 },
    student: { kind: 'gru', width: 4, init: { kind: 'xavier', scale: 1 } },
    data: { loss: 'empirical', length: 4, batchSize: 10, trainSize: 20 },
    optimizer: { kind: 'sgd', lr: 1e12 },
    stopping: { maxSteps: 200 },
    metrics: { horizon: 8, maxLength: 6 },
  })
  assert.match(result.failure ?? '', /^loss diverged \((NaN|Infinity|-Infinity)\) at step \d+; try a smaller optimizer\.lr$/)
  assert.ok(result.series.loss_curve.y.length >= 1)
})

test('a run that converges has no failure', () => {
  const result = run({ teacher: { kind: 'random-stable', dim: 2 }, student: { width: 6 }, stopping: { maxSteps: 50 } })
  assert.equal(result.failure, undefined)
})
