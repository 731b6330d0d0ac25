/**
 * The ridge optimum on the twin's synthetic sequences: against the normal equations of an explicit design matrix
 * (zero history before step 0, every step a row) solved by ml-matrix, and on noise-free data from a known kernel it
 * finds that kernel.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Matrix, solve } from 'ml-matrix'
import { allocSequences, type SequenceData } from '../../../../src-shared/engine/sequenceData'
import { Rng } from '../../../../src-shared/engine/prng'
import { sequenceRidge } from '../../../../src-shared/experiments/emami21SequenceRidge'
import { testBackend } from '../../../helpers/backends'

/** Sequences with Gaussian inputs and outputs y_t = Σ_{j ≤ t} K_j x_{t−j} (+ noise); K (taps, n_y, n_x). */
function sequences(count: number, length: number, nx: number, ny: number, kernel: Float64Array, taps: number, noise: number, seed: number): SequenceData {
  const data = allocSequences(count, length, nx, ny, 'every')
  const rng = new Rng(seed, 'ridge-test')
  rng.fillNormal(data.x)
  for (let n = 0; n < count; n++)
    for (let t = 0; t < length; t++)
      for (let o = 0; o < ny; o++) {
        let v = noise * rng.normal()
        for (let j = 0; j <= Math.min(t, taps - 1); j++) for (let a = 0; a < nx; a++) v += kernel[(j * ny + o) * nx + a] * data.x[(n * length + t - j) * nx + a]
        data.y[(n * length + t) * ny + o] = v
      }
  return data
}

/** The same fit from an explicit design matrix: rows (sequence, step), columns (lag j, input a). */
function naiveRidge(data: SequenceData, taps: number, alpha: number): Float64Array {
  const { count, length, inputs: nx, outputs: ny } = data
  const dim = taps * nx
  const X = new Matrix(count * length, dim)
  const Y = new Matrix(count * length, ny)
  for (let n = 0; n < count; n++)
    for (let t = 0; t < length; t++) {
      const row = n * length + t
      for (let j = 0; j <= Math.min(t, taps - 1); j++) for (let a = 0; a < nx; a++) X.set(row, j * nx + a, data.x[(n * length + t - j) * nx + a])
      for (let o = 0; o < ny; o++) Y.set(row, o, data.y[row * ny + o])
    }
  const G = X.transpose().mmul(X)
  const scale = G.diag().reduce((s, v) => s + v, 0) / dim
  const W = solve(G.clone().add(Matrix.eye(dim).mul(alpha * scale)), X.transpose().mmul(Y))
  const L = new Float64Array(taps * ny * nx)
  for (let j = 0; j < taps; j++) for (let o = 0; o < ny; o++) for (let a = 0; a < nx; a++) L[(j * ny + o) * nx + a] = W.get(j * nx + a, o)
  return L
}

function randomKernel(taps: number, nx: number, ny: number, seed: number): Float64Array {
  const k = new Float64Array(taps * ny * nx)
  new Rng(seed, 'kernel').fillNormal(k)
  return k
}

test('sequenceRidge equals the normal equations of the explicit design matrix at the penalty it chose', () => {
  const taps = 6, nx = 3, ny = 2
  const data = sequences(7, taps, nx, ny, randomKernel(taps, nx, ny, 1), taps, 0.5, 2)
  const { impulse, alpha } = sequenceRidge(data, taps, testBackend)
  const oracle = naiveRidge(data, taps, alpha)
  let worst = 0
  for (let i = 0; i < oracle.length; i++) worst = Math.max(worst, Math.abs(impulse[i] - oracle[i]) / (Math.abs(oracle[i]) + 1e-12))
  assert.ok(worst < 1e-8, `max relative difference ${worst} (α = ${alpha})`)
})

test('sequenceRidge on noise-free data with more rows than unknowns finds the kernel (the smallest penalty wins)', () => {
  const taps = 5, nx = 2, ny = 1
  const kernel = randomKernel(taps, nx, ny, 3)
  const { impulse, alpha } = sequenceRidge(sequences(20, 8, nx, ny, kernel, taps, 0, 4), taps, testBackend)
  assert.equal(alpha, 1e-3)
  const err = Math.sqrt(kernel.reduce((s, v, i) => s + (v - impulse[i]) ** 2, 0) / kernel.reduce((s, v) => s + v * v, 0))
  // α = 1e-3 of the Gram diagonal shrinks the fit by about that much, no more.
  assert.ok(err < 5e-3, `relative kernel error ${err}`)
})

test('sequenceRidge refuses data without every step supervised', () => {
  const data = allocSequences(3, 4, 1, 1, 'last')
  assert.throws(() => sequenceRidge(data, 4, testBackend), /data.target = every/)
})
