import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Adam, GradientDescent, learningRateAt } from '../../../../src-shared/engine/optim'
import { OptimizerSpec } from '../../../../src-shared/spec/training'

test('Adam matches a hand-computed two-step example (PyTorch: bias-corrected, eps outside the sqrt)', () => {
  const spec = OptimizerSpec.parse({ kind: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 })
  const adam = new Adam(1, spec)
  const p = new Float64Array([1])
  adam.step(p, new Float64Array([0.5]), 0)
  // t = 1: m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25; p = 1 − 0.1 · 0.5 / (0.5 + 1e-8)
  const p1 = 1 - (0.1 * 0.5) / (0.5 + 1e-8)
  assert.ok(Math.abs(p[0] - p1) < 1e-15, `step 1: ${p[0]} vs ${p1}`)
  adam.step(p, new Float64Array([-1]), 1)
  // t = 2: m = 0.9·0.05 − 0.1 = −0.055; v = 0.999·0.00025 + 0.001 = 0.00124975
  const m = -0.055
  const v = 0.00124975
  const p2 = p1 - ((0.1 / (1 - 0.81)) * m) / (Math.sqrt(v) / Math.sqrt(1 - 0.999 ** 2) + 1e-8)
  assert.ok(Math.abs(p[0] - p2) < 1e-15, `step 2: ${p[0]} vs ${p2}`)
})

test('Adam with a gradient far below eps barely moves (why a 1e-3 init on the population loss can stall)', () => {
  const adam = new Adam(1, OptimizerSpec.parse({ lr: 1e-3, eps: 1e-8 }))
  const p = new Float64Array([0])
  adam.step(p, new Float64Array([1e-12]), 0)
  // −lr · g / (|g| + eps) = −1e-3 · 1e-4: a ten-thousandth of the step a gradient above eps would take.
  assert.ok(Math.abs(p[0] + 1e-3 * (1e-12 / (1e-12 + 1e-8))) < 1e-18)
  assert.ok(Math.abs(p[0]) < 1e-3 * 1e-3)
})

test('MultiStepLR multiplies lr by gamma at each milestone', () => {
  const spec = OptimizerSpec.parse({ lr: 1, milestones: [3, 5], gamma: 0.1 })
  assert.deepEqual([0, 2, 3, 4, 5, 9].map((s) => learningRateAt(spec, s)), [1, 1, 0.1, 0.1, 0.1 * 0.1, 0.1 * 0.1])
  const gd = new GradientDescent(spec)
  const p = new Float64Array([0, 0])
  gd.step(p, new Float64Array([1, -2]), 3)
  assert.deepEqual(Array.from(p), [-0.1, 0.2])
})
