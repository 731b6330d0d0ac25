// The Ho–Kalman realization on systems whose order and impulse response are known, and the extrapolation verdict.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Rng } from '../../../../src-shared/engine/prng'
import { hoKalman, hoKalmanBaseline } from '../../../../src-shared/metrics/hoKalman'
import { errorRatio, nonExtrapolating } from '../../../../src-shared/metrics/impulse'
import { delayTeacher, randomStableTeacher } from '../../../../src-shared/teachers/linearTeachers'
import { denseImpulse, type DenseLinear } from '../../../../src-shared/teachers/linearTeacher'

function maxDiff(a: Float64Array, b: Float64Array, from = 0, to = a.length): number {
  let worst = 0
  for (let e = from; e < to; e++) worst = Math.max(worst, Math.abs(a[e] - b[e]))
  return worst
}

function randomSystem(dim: number, inputs: number, outputs: number, seed: number): DenseLinear {
  const spec = { kind: 'random-stable' as const, dim, spectralRadius: 0.9, normalize: 'none' as const, normalizeSteps: 5, inputs, outputs }
  return randomStableTeacher(spec, new Rng(seed, 'teacher'))
}

test('a random order-3 SISO system is recovered from k = 6 = 2d values: order 3, the whole response to j = 99', () => {
  for (const seed of [0, 1, 2]) {
    const sys = randomSystem(3, 1, 1, seed)
    const h = denseImpulse(sys, 100)
    const { order, system, hankelSingularValues } = hoKalman(h, 6, 1, 1)
    assert.equal(order, 3, `seed ${seed}: singular values ${hankelSingularValues}`)
    const error = maxDiff(h, denseImpulse(system, 100))
    assert.ok(error < 1e-9, `seed ${seed}: max |h − h_realized| = ${error}`)
  }
})

test('a MIMO system (2 outputs, 3 inputs, order 4) is recovered from k = 8 block values', () => {
  const sys = randomSystem(4, 3, 2, 7)
  const h = denseImpulse(sys, 60)
  const { order, system } = hoKalman(h, 8, 2, 3)
  assert.equal(order, 4)
  assert.deepEqual([system.inputs, system.outputs, system.dim], [3, 2, 4])
  const error = maxDiff(h, denseImpulse(system, 60))
  assert.ok(error < 1e-9, `max |h − h_realized| = ${error}`)
})

test('with k < 2d the Hankel matrix is full and the order is ⌊k/2⌋; the realization still matches h_0..h_{k−1}', () => {
  const sys = randomSystem(6, 1, 1, 3)
  const h = denseImpulse(sys, 40)
  for (const k of [4, 6, 8]) {
    const { order, system } = hoKalman(h, k, 1, 1)
    assert.equal(order, k / 2, `k = ${k}`)
    const fit = maxDiff(h, denseImpulse(system, 40), 0, k)
    assert.ok(fit < 1e-8, `k = ${k}: max_{j<k} |h_j − h_realized_j| = ${fit}`)
    assert.ok(maxDiff(h, denseImpulse(system, 40), k) > 1e-6, `k = ${k}: an order-${k / 2} system cannot match the order-6 tail`)
  }
})

test('the delay teacher (h_j = 1 at j = d − 1): zero system below d, exact from k = 2d, and the baseline error', () => {
  const d = 4
  const h = denseImpulse(delayTeacher({ kind: 'delay', dim: d }), 30)
  // k ≤ d − 1: every value seen is 0, so the realization is the zero system (order 0) and its error is the tail's 1.
  const silent = hoKalmanBaseline(h, 3, 30, 1, 1)
  assert.equal(silent.order, 0)
  assert.equal(silent.error, 1)
  const exact = hoKalmanBaseline(h, 2 * d, 30, 1, 1)
  assert.equal(exact.order, d)
  assert.ok(exact.error < 1e-12, `k = 2d: ${exact.error}`)
})

test('order follows the Hankel singular values: a memoryless response has order 1, an all-zero one order 0', () => {
  const memoryless = Float64Array.from([2, 0, 0, 0, 0, 0, 0, 0])
  const one = hoKalman(memoryless, 8, 1, 1)
  assert.equal(one.order, 1)
  assert.ok(maxDiff(memoryless, denseImpulse(one.system, 8)) < 1e-14)
  assert.equal(hoKalman(new Float64Array(8), 8, 1, 1).order, 0)
  assert.throws(() => hoKalman(new Float64Array(3), 4, 1, 1), /need 4 response values, got 3/)
})

test('non_extrapolating: worse than zero where the zero tail is not silent; 0.1 × the peak where it is', () => {
  // A delay teacher at k ≥ d: zero error 0 exactly. A student off by 1e-13 extrapolates; one off by 0.2 does not.
  assert.equal(nonExtrapolating(1e-13, 0, 1), 0)
  assert.equal(nonExtrapolating(0.2, 0, 1), 1)
  assert.equal(errorRatio(1e-13, 0, 1), null)
  // A stable teacher with a visible tail (zero error 0.05 of a peak 1): the paper's criterion.
  assert.equal(nonExtrapolating(0.06, 0.05, 1), 1)
  assert.equal(nonExtrapolating(0.04, 0.05, 1), 0)
  assert.ok(Math.abs(errorRatio(0.04, 0.05, 1)! - 0.8) < 1e-15)
})
