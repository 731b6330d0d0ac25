// The fused general (d × d A) SISO steps (the WASM kernel and its reference) against finite differences, against the
// plain path they replace (the trainer step by step through impulseResponseForward/Backward and optim.ts), and their
// stops: the loss threshold and a loss that is not finite end the call on the right step.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { gradcheck } from '../../../helpers/gradcheck'
import { relDiff } from '../../../helpers/relDiff'
import { makeFusedStepper } from '../../../../src-shared/engine/fusedSteps'
import { makeGeneralStepper } from '../../../../src-shared/engine/generalSteps'
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
  ({ width, inputs: 1, outputs: 1, parameterization: 'general', balanced, widthScaling })
const gd = OptimizerSpec.parse({ kind: 'gd', lr: 1 })

/** A general stepper of `backend` at random parameters (A of spectral radius about 0.8 as the model applies it). */
function stepperAt(width: number, K: number, balanced: boolean, widthScaling: boolean, target: 'last' | 'every',
  backend = testBackend, lossThreshold: number | null = null, maxSteps = 1) {
  const dims = dimsOf(width, balanced, widthScaling)
  const rng = new Rng(width * 31 + K, 'test')
  const labels = rng.fillNormal(new Float64Array(K))
  const weights = populationLagWeights(K, 1, target, 'mean')
  const stepper = makeGeneralStepper({ dims, K, labels, weights, optimizer: gd, maxSteps, lossThreshold, backend })
  assert.ok(stepper, 'a general SISO student has the fused path')
  const params = linearParams(dims, stepper.params)
  rng.fillNormal(params.A, (0.8 / Math.sqrt(width)) * (widthScaling ? Math.sqrt(width) : 1))
  rng.fillNormal(params.B, 0.7)
  rng.fillNormal(params.C, 0.7)
  return { dims, labels, stepper, params }
}

for (const backend of [wasmBackend, referenceBackend]) test(`fused general steps (${backend.name}): the gradient they apply matches central differences of the population loss`, () => {
  for (const [width, K, balanced, widthScaling, target] of [
    [1, 3, false, false, 'every'], [2, 5, true, true, 'last'], [5, 7, true, false, 'last'], [6, 1, false, false, 'last'],
    [9, 12, false, true, 'every'], [12, 20, true, true, 'every'], [19, 6, false, false, 'every'],
  ] as const) {
    const { dims, labels, stepper, params } = stepperAt(width, K, balanced, widthScaling, target, backend)
    // GD at lr 0: one step leaves the parameters where they are and the gradient in `grad`
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
    const exact = loss(at)
    assert.ok(Math.abs(stepper.losses[0] - exact) <= 1e-12 * Math.abs(exact), 'the loss it records is the population loss')
    assert.ok(relDiff(stepper.h, h) < 1e-12, 'ĥ of the last forward pass is the impulse response (loss(at) left it in h)')
    // entries under 1e-3 of the largest compare absolutely (central differences carry ~1e-9 of noise at h = 1e-6)
    const floor = 1e-3 * stepper.grad.reduce((m, g) => Math.max(m, Math.abs(g)), 0)
    const report = gradcheck(loss, at, stepper.grad, params.views, { floor })
    assert.deepEqual(Object.keys(report.perTensor), balanced ? ['A', 'B'] : ['A', 'B', 'C'])
    assert.ok(report.worst < 1e-6, `${backend.name} width ${width} K ${K} balanced ${balanced} scaled ${widthScaling}: ${JSON.stringify(report.perTensor)}`)
  }
})

/** A general SISO run on the population loss (the ICLR23 Fig. 3a setting, small). */
function generalSpec(overrides: Partial<ExperimentSpecInput> = {}): ExperimentSpec {
  return parseExperimentSpec({
    experiment: 'train',
    teacher: { kind: 'iclr23-balanced', dim: 3, eigMin: 0.6, eigMax: 0.95, bMean: 0.5, bStd: 1, spacing: 'random' },
    student: { kind: 'linear', width: 9, parameterization: 'general', init: { kind: 'gaussian', scale: 0.1 } },
    data: { loss: 'population', target: 'last', length: 7 },
    optimizer: { kind: 'adam', lr: 1e-2 },
    stopping: { maxSteps: 300 },
    metrics: { horizon: 30 },
    seed: 5,
    ...overrides,
  } as ExperimentSpecInput)
}

for (const backend of [wasmBackend, referenceBackend]) test(`fused general steps (${backend.name}) train as the plain path does: loss curves, parameters and metrics agree to rounding`, () => {
  const ctx = { onProgress() {}, backend }
  const cases: Array<[string, ExperimentSpec]> = [
    ['Adam, untied', generalSpec()],
    ['Adam, tied B = Cᵀ, width-scaled, every-step target', generalSpec({
      student: { kind: 'linear', width: 12, parameterization: 'general', balanced: true, widthScaling: true, init: { kind: 'gaussian', scale: 0.2 } },
      data: { loss: 'population', target: 'every', length: 10 },
    })],
    ['GD with milestones, odd width', generalSpec({
      student: { kind: 'linear', width: 7, parameterization: 'general', init: { kind: 'gaussian', scale: 0.3 } },
      optimizer: { kind: 'gd', lr: 0.05, milestones: [120, 250], gamma: 0.5 },
    })],
  ]
  for (const [name, spec] of cases) {
    const teacher = makeTeacher(spec.teacher, spec.seed, backend)
    assert.ok(makeLinearObjective(spec, teacher).population, `${name}: the population objective offers the fused path`)
    const fused = trainLinear(spec, ctx, teacher)
    const plain = trainLinear(spec, ctx, teacher, { fusedSteps: false })
    assert.equal(fused.steps, plain.steps, `${name}: same number of steps`)
    assert.ok(fused.series.loss_curve.y[fused.series.loss_curve.y.length - 1] < 0.5 * fused.series.loss_curve.y[0], `${name}: the run trains`)
    for (const key of ['loss_curve', 'a_norm_curve', 'b_norm_curve', 'c_norm_curve'] as const) {
      assert.deepEqual(fused.series[key].x, plain.series[key].x, `${name}: ${key} at the same steps`)
      assert.ok(relDiff(fused.series[key].y, plain.series[key].y) < 1e-9, `${name}: ${key} ${relDiff(fused.series[key].y, plain.series[key].y)}`)
    }
    for (const key of ['A', 'B', 'C']) {
      const [x, y] = [fused, plain].map((r) => r.models.student.tensors[key].data)
      assert.ok(relDiff(x, y) < 1e-9, `${name}: final ${key} ${relDiff(x, y)}`)
    }
    for (const key of ['final_loss', 'initial_loss', 'extrapolation_error']) {
      const x = fused.metrics[key] as number
      const y = plain.metrics[key] as number
      assert.ok(Math.abs(x - y) <= 1e-9 * Math.abs(y) + 1e-15, `${name}: ${key} ${x} vs ${y}`)
    }
  }
})

test('fused general steps stop at the first step whose loss is below the threshold, before its update', () => {
  const { stepper } = stepperAt(8, 6, false, false, 'every', testBackend, null, 400)
  const lr = 0.02
  const free = Float64Array.from(stepper.params)
  assert.equal(stepper.run(0, 400, lr), 400)
  const losses = Array.from(stepper.losses)
  assert.ok(losses[400] < 0.5 * losses[0], `the run trains: ${losses[0]} → ${losses[400]}`)
  const threshold = 0.5 * (losses[0] + losses[400])
  const first = losses.findIndex((loss) => loss < threshold)
  assert.ok(first > 0 && first < 400)

  const again = stepperAt(8, 6, false, false, 'every', testBackend, threshold, 400).stepper
  assert.deepEqual(Array.from(again.params), Array.from(free), 'the same start')
  assert.equal(again.run(0, 400, lr), first, 'ends on the first step below the threshold')
  assert.deepEqual(Array.from(again.losses.subarray(0, first + 1)), losses.slice(0, first + 1), 'the same losses up to there')
  assert.ok(again.losses.subarray(first + 1).every((loss) => loss === 0), 'no step after it ran')
  // the trainer stops there too, as the plain path does
  const spec = generalSpec({ stopping: { maxSteps: 3000, lossThreshold: 1e-3 } })
  const teacher = makeTeacher(spec.teacher, spec.seed, testBackend)
  const fused = trainLinear(spec, testContext, teacher)
  const plain = trainLinear(spec, testContext, teacher, { fusedSteps: false })
  assert.ok(fused.steps < 3000 && (fused.metrics.final_loss as number) < 1e-3, `the threshold stopped the fused run early (${fused.steps})`)
  assert.equal(fused.steps, plain.steps)
})

test('a diverging fused general run ends on its first non-finite loss and fails with its step, like the plain path', () => {
  const spec = generalSpec({ optimizer: { kind: 'gd', lr: 50 }, student: { kind: 'linear', width: 9, parameterization: 'general', init: { kind: 'gaussian', scale: 0.5 } } })
  const teacher = makeTeacher(spec.teacher, spec.seed, testBackend)
  const fused = trainLinear(spec, testContext, teacher)
  const plain = trainLinear(spec, testContext, teacher, { fusedSteps: false })
  assert.match(fused.failure ?? '', /^loss diverged \((NaN|Infinity|-Infinity)\) at step \d+; try a smaller optimizer\.lr$/)
  assert.equal(fused.failure, plain.failure)
  assert.ok(fused.steps > 0 && fused.steps < spec.stopping.maxSteps)
})

test('the fused stepper is general for general SISO students only; symmetric and multi-output students take the plain path', () => {
  const input = { K: 4, labels: new Float64Array(4), weights: new Float64Array(4), optimizer: gd, maxSteps: 10, lossThreshold: null, backend: testBackend }
  assert.ok(makeFusedStepper({ ...input, dims: dimsOf(6, false, false) }))
  assert.ok(makeFusedStepper({ ...input, dims: { ...dimsOf(6, false, false), parameterization: 'diagonal' } }))
  assert.equal(makeFusedStepper({ ...input, dims: { ...dimsOf(6, false, false), parameterization: 'symmetric' } }), null)
  assert.equal(makeFusedStepper({ ...input, dims: { ...dimsOf(6, false, false), outputs: 2 } }), null)
})

test('the same spec and seed give identical fused general results, run after run', () => {
  const spec = generalSpec()
  const teacher = makeTeacher(spec.teacher, spec.seed, testBackend)
  const a = trainLinear(spec, testContext, teacher)
  const b = trainLinear(spec, testContext, teacher)
  assert.deepEqual(a.series.loss_curve.y, b.series.loss_curve.y)
  assert.deepEqual(a.models.student, b.models.student)
})
