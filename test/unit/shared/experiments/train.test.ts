import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runExperiment } from '../../../../src-shared/experiments/index'
import { parseExperimentSpec, type ExperimentSpecInput } from '../../../../src-shared/spec/experiment'
import { evaluateLinearStudent } from '../../../../src-shared/experiments/linearReport'
import { denseFromRows } from '../../../../src-shared/teachers/linearTeacher'
import { makeTeacher } from '../../../../src-shared/teachers'
import { trainers } from '../../../../src-shared/experiments/train'
import { testContext, testBackend } from '../../../helpers/backends'

const ctx = testContext
const run = (spec: ExperimentSpecInput) => runExperiment(parseExperimentSpec(spec), ctx)

const balancedSmall: ExperimentSpecInput = {
  teacher: { kind: 'iclr23-balanced', dim: 2, eigMax: 0.95 },
  student: { width: 10, parameterization: 'diagonal', balanced: true, init: { scale: 1e-2 } },
  data: { loss: 'population', length: 8 },
  optimizer: { kind: 'adam', lr: 1e-2 },
  stopping: { maxSteps: 3000 },
  metrics: { horizon: 40 },
}

test('a diagonal balanced student learns a d̂ = 2 balanced teacher from k = 8 and extrapolates', () => {
  const r = run(balancedSmall)
  const m = r.metrics
  assert.equal(m.learned, 1)
  assert.ok((m.final_loss as number) < 1e-6, `final loss ${m.final_loss}`)
  // k = 8 > 2d̂ = 4: the theory guarantees extrapolation (ICLR23 Thm. 4.4); a tenth of the zero solution's error.
  assert.ok((m.extrapolation_error as number) < 0.1 * (m.zero_error as number), `error ${m.extrapolation_error} vs zero ${m.zero_error}`)
  assert.equal(r.steps, 3000)
  assert.equal(r.series.loss_curve.y.length, 2000)
  assert.ok(r.series.balance_curve.y.every((v) => v === 0), 'the tie B = Cᵀ keeps the ratio at 0')
  assert.deepEqual(Object.keys(r.models).sort(), ['student', 'teacher'])
})

test('same spec and seed give identical results; another seed differs', () => {
  const spec = { ...balancedSmall, stopping: { maxSteps: 300 } }
  assert.deepEqual(run(spec), run(spec))
  assert.notDeepEqual(run(spec).metrics, run({ ...spec, seed: 1 }).metrics)
})

test('empirical training on fixed data, minibatches and fresh data is deterministic and learns the memoryless teacher', () => {
  for (const data of [
    { loss: 'empirical', length: 5, trainSize: 200, batchSize: 200 },
    { loss: 'empirical', length: 5, trainSize: 200, batchSize: 50, testSize: 100 },
    { loss: 'empirical', length: 5, trainSize: null, batchSize: 50, target: 'every' },
  ] as const) {
    const spec: ExperimentSpecInput = {
      teacher: { kind: 'memoryless', weight: 1 },
      student: { width: 6, init: { scale: 0.05 } },
      data,
      optimizer: { kind: 'adam', lr: 1e-2 },
      stopping: { maxSteps: 800 },
    }
    const r = run(spec)
    assert.deepEqual(r, run(spec))
    assert.equal(r.metrics.learned, 1, JSON.stringify(data))
    assert.ok((r.metrics.mse_by_length as number[])[4] < 1e-2, `${JSON.stringify(data)}: MSE at length 5 ${(r.metrics.mse_by_length as number[])[4]}`)
    if ('testSize' in data) assert.ok(typeof r.metrics.test_loss === 'number' && r.series.test_loss_curve.y.length > 0)
  }
})

test('adversarial data: the student fits lengths ≤ k and fails beyond (periodic labels w* at j = 0, k, 2k)', () => {
  const r = run({
    teacher: { kind: 'memoryless' },
    student: { width: 10, init: { scale: 0.05 } },
    data: { loss: 'population', length: 5, adversarial: true, adversarialMaxLength: 15 },
    optimizer: { kind: 'adam', lr: 1e-2 },
    stopping: { maxSteps: 3000 },
  })
  const mse = r.metrics.mse_by_length as number[]
  // The adversary's error against the true teacher is 1 at lengths 6..10 and 2 at 11..15 (docs/experiments.md).
  assert.ok(mse[4] < 1e-2, `length 5: ${mse[4]}`)
  assert.ok(mse[7] > 0.5 && mse[13] > 1, `length 8: ${mse[7]}, length 14: ${mse[13]}`)
})

test('a stalled run says so: delay teacher, Adam from init 1e-3 on the population loss', () => {
  // h_3 = 1 reaches the parameters only through C A³ B ~ 1e-9: every gradient sits below Adam's eps.
  const r = run({
    teacher: { kind: 'delay', dim: 4 },
    student: { width: 8, init: { scale: 1e-3 } },
    data: { loss: 'population', length: 8 },
    stopping: { maxSteps: 200 },
  })
  assert.equal(r.metrics.learned, 0)
  assert.match(r.warnings.join('\n'), /loss did not decrease: .*below 10 × Adam's eps/)
})

test('stopping: loss threshold and early stopping on the validation loss', () => {
  const r = run({ ...balancedSmall, stopping: { maxSteps: 3000, lossThreshold: 1e-3 } })
  assert.ok(r.steps < 3000 && (r.series.loss_curve.y.at(-1) as number) < 1e-3)
  const e = run({ ...balancedSmall, optimizer: { kind: 'gd', lr: 1e-3 }, stopping: { maxSteps: 3000, earlyStopping: { every: 10, patience: 2 } } })
  assert.equal(typeof e.metrics.best_step, 'number')
})

test('a student kind without a trainer is refused by name', () => {
  // Every kind in the spec gets a trainer eventually, so take one out of the table for the duration of the test.
  const saved = trainers.linear
  delete trainers.linear
  try {
    assert.throws(() => run({ student: { kind: 'linear' } }), /student kind linear is not available/)
  } finally {
    trainers.linear = saved
  }
})

test('a constructed student is evaluated without training (AISTATS22 Prop. 5.1: cyclic shift, zero loss, h_d = w*)', () => {
  const d = 5
  const A = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === (j + 1) % d ? 1 : 0)))
  const student = denseFromRows(A, [[1], [0], [0], [0], [0]], [[1, 0, 0, 0, 0]], 'student')
  const spec = parseExperimentSpec({ teacher: { kind: 'memoryless' }, data: { length: 5 }, metrics: { horizon: 20 } })
  const r = evaluateLinearStudent(student, makeTeacher(spec.teacher, 0, testBackend), spec, 'prop-5.1')
  assert.equal(r.metrics.final_loss, 0)
  assert.equal(r.metrics.extrapolation_error, 1)
  assert.equal(r.metrics.zero_error, 0)
  assert.deepEqual((r.metrics.mse_by_length as number[]).slice(0, 7), [0, 0, 0, 0, 0, 1, 1])
  assert.equal(r.steps, 0)
})

test('MIMO width-scaled student on noisy every-step data with a test set (EMAMI21 shapes): deterministic, learns', () => {
  const spec: ExperimentSpecInput = {
    teacher: { kind: 'emami21', dim: 4, inputs: 3, outputs: 2 },
    student: { width: 30, widthScaling: true, init: { kind: 'emami21' } },
    data: { loss: 'empirical', length: 10, target: 'every', trainSize: 50, testSize: 50, noiseSnrDb: 20, reduction: 'mean' },
    optimizer: { kind: 'gd', lr: 0.02 },
    stopping: { maxSteps: 300 },
  }
  const r = run(spec)
  assert.deepEqual(r, run(spec))
  assert.equal(r.metrics.learned, 1)
  assert.ok((r.metrics.test_loss as number) < 0.5 * (r.series.test_loss_curve.y[0] as number))
})
