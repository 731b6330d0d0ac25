// The fused diagonal SISO steps (the WASM kernel and its reference) against finite differences and against the general
// path they replace: the trainer run step by step through impulseResponseForward/Backward and optim.ts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { gradcheck } from '../../../helpers/gradcheck'
import { relDiff } from '../../../helpers/relDiff'
import { makeDiagonalStepper } from '../../../../src-shared/engine/diagonalSteps'
import { populationLagWeights, populationLoss } from '../../../../src-shared/engine/linearLoss'
import { impulseResponseForward, type LinearDims, linearParams, makeImpulseCache } from '../../../../src-shared/engine/linearRnn'
import { Rng } from '../../../../src-shared/engine/prng'
import { trainLinear } from '../../../../src-shared/experiments/trainLinear'
import { makeLinearObjective } from '../../../../src-shared/experiments/linearObjective'
import { parseExperimentSpec, type ExperimentSpec, type ExperimentSpecInput } from '../../../../src-shared/spec/experiment'
import { makeTeacher } from '../../../../src-shared/teachers'
import { OptimizerSpec } from '../../../../src-shared/spec/training'
import { referenceBackend, testBackend, testContext, wasmBackend } from '../../../helpers/backends'

const dimsOf = (width: number, balanced: boolean, widthScaling: boolean): LinearDims =>
  ({ width, inputs: 1, outputs: 1, parameterization: 'diagonal', balanced, widthScaling })

for (const backend of [wasmBackend, referenceBackend]) test(`fused diagonal steps (${backend.name}): the gradient they apply matches central differences of the population loss`, () => {
  for (const [width, K, balanced, widthScaling, target] of [
    [5, 7, true, false, 'last'], [13, 1, false, false, 'last'], [9, 12, false, true, 'every'], [16, 30, true, true, 'every'],
  ] as const) {
    const dims = dimsOf(width, balanced, widthScaling)
    const rng = new Rng(width * 31 + K, 'test')
    const labels = rng.fillNormal(new Float64Array(K))
    const weights = populationLagWeights(K, 1, target, 'mean')
    // GD run at lr 0: one step leaves the parameters where they are and the gradient in `grad`
    const stepper = makeDiagonalStepper({ dims, K, labels, weights, optimizer: OptimizerSpec.parse({ kind: 'gd', lr: 1 }), maxSteps: 1, lossThreshold: null, backend })
    assert.ok(stepper, 'a diagonal SISO student has the fused path')
    const params = linearParams(dims, stepper.params)
    rng.fillNormal(params.A, 0.3)
    for (let i = 0; i < params.A.length; i++) params.A[i] += 0.5
    rng.fillNormal(params.B, 0.7)
    rng.fillNormal(params.C, 0.7)
    const at = Float64Array.from(stepper.params)
    assert.equal(stepper.run(0, 1, 0), 1)
    assert.deepEqual(Array.from(stepper.params), Array.from(at), 'lr 0 moves nothing')

    const cache = makeImpulseCache(dims, K, testBackend)
    const h = new Float64Array(K)
    const G = new Float64Array(K)
    const loss = (buffer: Float64Array) => {
      impulseResponseForward(h, cache, linearParams(dims, buffer), dims, K)
      return populationLoss(G, h, labels, K, 1, 1, target, 'mean')
    }
    assert.ok(Math.abs(stepper.losses[0] - loss(at)) <= 1e-12 * Math.abs(loss(at)), 'the loss it records is the population loss')
    // entries under 1e-3 of the largest compare absolutely (central differences carry ~1e-9 of noise at h = 1e-6)
    const floor = 1e-3 * stepper.grad.reduce((m, g) => Math.max(m, Math.abs(g)), 0)
    const report = gradcheck(loss, at, stepper.grad, params.views, { floor })
    assert.ok(report.worst < 1e-6, `${backend.name} width ${width} K ${K} balanced ${balanced} scaled ${widthScaling}: ${JSON.stringify(report.perTensor)}`)
  }
})

/** A diagonal SISO run on the population loss (the ICLR23 Fig. 1a setting, small). */
function diagonalSpec(overrides: Partial<ExperimentSpecInput> = {}): ExperimentSpec {
  return parseExperimentSpec({
    experiment: 'train',
    teacher: { kind: 'iclr23-balanced', dim: 3, eigMin: 0.6, eigMax: 0.95, bMean: 0.5, bStd: 1, spacing: 'random' },
    student: { kind: 'linear', width: 11, parameterization: 'diagonal', balanced: true, init: { kind: 'gaussian', scale: 0.1 } },
    data: { loss: 'population', target: 'last', length: 9 },
    optimizer: { kind: 'adam', lr: 1e-2 },
    stopping: { maxSteps: 400 },
    metrics: { horizon: 30 },
    seed: 3,
    ...overrides,
  } as ExperimentSpecInput)
}

for (const backend of [wasmBackend, referenceBackend]) test(`fused diagonal steps (${backend.name}) train as the general path does: loss curves, checkpoints and metrics agree to rounding`, () => {
  const ctx = { onProgress() {}, backend }
  const cases: Array<[string, ExperimentSpec]> = [
    ['Adam, tied B = Cᵀ', diagonalSpec()],
    ['GD with milestones, untied, width-scaled, every-step target', diagonalSpec({
      student: { kind: 'linear', width: 8, parameterization: 'diagonal', balanced: false, widthScaling: true, init: { kind: 'gaussian', scale: 0.3 } },
      data: { loss: 'population', target: 'every', length: 6 },
      optimizer: { kind: 'gd', lr: 0.05, milestones: [120, 250], gamma: 0.5 },
    })],
    ['Adam stopped by a loss threshold', diagonalSpec({ stopping: { maxSteps: 3000, lossThreshold: 1e-4 } })],
  ]
  for (const [name, spec] of cases) {
    const teacher = makeTeacher(spec.teacher, spec.seed, backend)
    assert.ok(makeLinearObjective(spec, teacher).population, `${name}: the population objective offers the fused path`)
    const fused = trainLinear(spec, ctx, teacher)
    const general = trainLinear(spec, ctx, teacher, { fusedSteps: false })
    assert.equal(fused.steps, general.steps, `${name}: same number of steps`)
    for (const key of ['loss_curve', 'a_norm_curve', 'b_norm_curve'] as const) {
      assert.deepEqual(fused.series[key].x, general.series[key].x, `${name}: ${key} at the same steps`)
      assert.ok(relDiff(fused.series[key].y, general.series[key].y) < 1e-9, `${name}: ${key} agrees`)
    }
    for (const key of ['final_loss', 'extrapolation_error']) {
      const a = fused.metrics[key] as number
      const b = general.metrics[key] as number
      assert.ok(Math.abs(a - b) <= 1e-9 * Math.abs(b) + 1e-15, `${name}: ${key} ${a} vs ${b}`)
    }
  }
  const stopped = trainLinear(cases[2][1], ctx, makeTeacher(cases[2][1].teacher, cases[2][1].seed, backend))
  assert.ok(stopped.steps < 3000 && (stopped.metrics.final_loss as number) < 1e-4, 'the threshold stopped the fused run early')
})

test('the same spec and seed give identical fused results, run after run', () => {
  const spec = diagonalSpec()
  const teacher = makeTeacher(spec.teacher, spec.seed, testBackend)
  const a = trainLinear(spec, testContext, teacher)
  const b = trainLinear(spec, testContext, teacher)
  assert.deepEqual(a.series.loss_curve.y, b.series.loss_curve.y)
  assert.deepEqual(a.models.student, b.models.student)
})

test('a diverging fused run fails with its step, like the general path', () => {
  const spec = diagonalSpec({ optimizer: { kind: 'gd', lr: 500 }, student: { kind: 'linear', width: 11, parameterization: 'diagonal', balanced: true, init: { kind: 'gaussian', scale: 0.5 } } })
  const teacher = makeTeacher(spec.teacher, spec.seed, testBackend)
  const fused = trainLinear(spec, testContext, teacher)
  const general = trainLinear(spec, testContext, teacher, { fusedSteps: false })
  assert.match(fused.failure ?? '', /^loss diverged \((NaN|Infinity|-Infinity)\) at step \d+; try a smaller optimizer\.lr$/)
  assert.equal(fused.failure, general.failure)
})
