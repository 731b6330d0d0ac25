import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  extrapolationError,
  extrapolationMse,
  mseByLength,
  zeroError,
  zeroTailExtrapolationMse,
  zeroTailMseByLength,
} from '../../../../src-shared/metrics/impulse'
import { slackness } from '../../../../src-shared/metrics/slackness'
import { balance } from '../../../../src-shared/metrics/balance'
import { denseImpulse } from '../../../../src-shared/teachers/linearTeacher'

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`)
const f64 = (xs: number[]) => Float64Array.from(xs)

// Student A = diag(0.5, 0), B = (1, 1)ᵀ, C = (1, 1): ĥ_0 = 2, ĥ_j = 0.5^j. Teacher: memoryless w* = 2.
const student = { dim: 2, inputs: 1, outputs: 1, A: f64([0.5, 0, 0, 0]), B: f64([1, 1]), C: f64([1, 1]) }
const hS = denseImpulse(student, 6)
const hT = f64([2, 0, 0, 0, 0, 0])

test('impulse metrics of a 2×2 system against hand-computed values', () => {
  assert.deepEqual(Array.from(hS), [2, 0.5, 0.25, 0.125, 0.0625, 0.03125])
  close(extrapolationError(hT, hS, 2, 5, 1), 0.25)
  close(zeroError(hT, 2, 5, 1), 0)
  assert.deepEqual(mseByLength(hT, hS, 4, 1), [0, 0.25, 0.3125, 0.328125])
  close(extrapolationMse(hT, hS, 2, 1), (0.3125 + 0.328125) / 2)
  // Zero-tail model against the student's response taken as a teacher: exact for j < 2, zero after.
  assert.deepEqual(zeroTailMseByLength(hS, 2, 4, 1), [0, 0, 0.0625, 0.078125])
  close(zeroTailExtrapolationMse(hS, 2, 1), (0.0625 + 0.078125) / 2)
  // MIMO: the largest absolute entry.
  close(extrapolationError(f64([0, 0, 1, -3]), f64([0, 0, 0, 0]), 1, 2, 2), 3)
})

test('slackness: symmetric, non-symmetric (V⁻¹B) and complex-pair cases', () => {
  const sym = slackness(f64([0.5, 0, 0, 0]), f64([1, 1]), 2, 1)
  close(sym.max, 0.5)
  close(sym.ratio, 1)
  // A = [[0.5, 1], [0, 0.2]], B = e_2: eigenvectors e_1 and (1, −0.3)/√1.09, so u = (1/0.3, −√1.09/0.3).
  const gen = slackness(f64([0.5, 1, 0, 0.2]), f64([0, 1]), 2, 1)
  const lu = [...gen.lambdaU].sort((a, b) => a - b)
  close(lu[0], (0.2 * Math.sqrt(1.09)) / 0.3, 1e-10)
  close(lu[1], 0.5 / 0.3, 1e-10)
  // Rotation by 90° scaled 0.5: λ = ±0.5i with unit eigenvectors (1, ∓i)/√2; B = e_1 = u v + ū v̄ with |u| = 1/√2.
  const rot = slackness(f64([0, -0.5, 0.5, 0]), f64([1, 0]), 2, 1)
  close(rot.u[0], Math.SQRT1_2, 1e-12)
  close(rot.max, 0.5 * Math.SQRT1_2, 1e-12)
})

test('balance: ||B − Cᵀ||, ||B + Cᵀ||, their ratio, ||A − Aᵀ|| and the norms', () => {
  const b = balance(f64([0.5, 1, 0, 0.2]), f64([1, 2]), f64([1, 0]), 2, 1, 1)
  close(b.b_minus_ct, 2)
  close(b.b_plus_ct, 2 * Math.SQRT2)
  close(b.balance_ratio!, Math.SQRT1_2)
  close(b.a_asym, Math.SQRT2)
  close(b.a_norm, Math.sqrt(1.29))
  close(b.b_norm, Math.sqrt(5))
  close(b.c_norm, 1)
  assert.equal(balance(f64([1]), f64([1, 2]), f64([1, 2]), 1, 2, 1).balance_ratio, null)
  close(balance(f64([3, 4]), f64([1, 1]), f64([1, 1]), 2, 1, 1, true).a_norm, 5)
})
