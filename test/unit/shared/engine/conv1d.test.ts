// Conv1D and scaled Conv1D (EMAMI21 eq. 5, 7, 8, 21): forward against an explicit Toeplitz product, gradients
// against central differences, ρ_j against the paper's formula written out, and the scaled model's start.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Rng } from '../../../../src-shared/engine/prng'
import {
  type Conv1dDims,
  conv1dBackward,
  conv1dForward,
  conv1dOutputSteps,
  emami21Rho,
  LastStepConv1d,
  scaledImpulseBackward,
  scaledImpulseForward,
  scaledThetaFromImpulse,
  squaredErrorLoss,
} from '../../../../src-shared/engine/conv1d'
import { gradcheck } from '../../../helpers/gradcheck'
import { relDiff } from '../../../helpers/relDiff'
import { testBackend } from '../../../helpers/backends'

function randomCase(dims: Conv1dDims, batch: number, seed: number) {
  const rng = new Rng(seed, 'test')
  const x = rng.fillNormal(new Float64Array(batch * dims.length * dims.inputs))
  const L = rng.fillNormal(new Float64Array(dims.taps * dims.outputs * dims.inputs), 0.5)
  const target = rng.fillNormal(new Float64Array(batch * conv1dOutputSteps(dims) * dims.outputs))
  return { x, L, target }
}

/** y = M x with M the block-Toeplitz matrix of the filter, built entry by entry: an independent oracle. */
function toeplitzForward(x: Float64Array, L: Float64Array, d: Conv1dDims, batch: number): Float64Array {
  const { length: T, inputs: nx, outputs: ny, taps: K } = d
  const steps = conv1dOutputSteps(d)
  const y = new Float64Array(batch * steps * ny)
  for (let b = 0; b < batch; b++)
    for (let s = 0; s < steps; s++) {
      const t = T - steps + s
      for (let o = 0; o < ny; o++)
        for (let u = 0; u < T; u++)
          for (let i = 0; i < nx; i++) {
            const lag = t - u
            const m = lag >= 0 && lag < K ? L[(lag * ny + o) * nx + i] : 0
            y[(b * steps + s) * ny + o] += m * x[(b * T + u) * nx + i]
          }
    }
  return y
}

const cases: Conv1dDims[] = [
  { taps: 6, length: 6, inputs: 3, outputs: 2, target: 'every' },
  { taps: 4, length: 7, inputs: 2, outputs: 3, target: 'every' },
  { taps: 5, length: 5, inputs: 4, outputs: 2, target: 'last' },
]

test('conv1dForward equals the block-Toeplitz product (every-step and last-step targets, K ≤ T)', () => {
  for (const d of cases) {
    const { x, L } = randomCase(d, 3, 1)
    const y = new Float64Array(3 * conv1dOutputSteps(d) * d.outputs)
    conv1dForward(y, x, L, d, 3)
    const ref = toeplitzForward(x, L, d, 3)
    for (let i = 0; i < y.length; i++) assert.ok(Math.abs(y[i] - ref[i]) < 1e-12, `${JSON.stringify(d)} y[${i}]`)
  }
})

test('conv1dBackward matches central differences of the squared-error loss (both reductions)', () => {
  for (const d of cases) {
    for (const reduction of ['mean', 'sum'] as const) {
      const batch = 4
      const { x, L, target } = randomCase(d, batch, 2)
      const n = target.length
      const y = new Float64Array(n)
      const dy = new Float64Array(n)
      const loss = (p: Float64Array) => {
        conv1dForward(y, x, p, d, batch)
        return squaredErrorLoss(null, y, target, n, reduction)
      }
      conv1dForward(y, x, L, d, batch)
      squaredErrorLoss(dy, y, target, n, reduction)
      const dL = new Float64Array(L.length)
      conv1dBackward(dL, dy, x, d, batch)
      const report = gradcheck(loss, L, dL, [{ name: 'L', offset: 0, length: L.length }])
      assert.ok(report.worst < 1e-6, `${reduction} ${JSON.stringify(d)}: worst relative error ${report.worst}`)
    }
  }
})

test('conv1dBackward accumulates (+=) rather than overwriting', () => {
  const d = cases[0]
  const { x } = randomCase(d, 2, 3)
  const dy = new Float64Array(2 * d.length * d.outputs).fill(1)
  const once = new Float64Array(d.taps * d.outputs * d.inputs)
  conv1dBackward(once, dy, x, d, 2)
  const twice = Float64Array.from(once)
  conv1dBackward(twice, dy, x, d, 2)
  for (let i = 0; i < once.length; i++) assert.ok(Math.abs(twice[i] - 2 * once[i]) < 1e-12)
})

test('ρ_j follows EMAMI21 eq. 21 and ν_W = 0 gives ρ = (ν_C(1 + ν_F), ν_C ν_F, 0, ...)', () => {
  const rho = emami21Rho(5, 0.3, 1, 1)
  const expected = [2, 1 * (1 * 1 + 0.3) + 0.3, 1 * (2 * 0.3 + 0.09) + 0.09, 3 * 0.09 + 0.027 + 0.027, 4 * 0.027 + 0.0081 + 0.0081]
  for (let j = 0; j < 5; j++) assert.ok(Math.abs(rho[j] - expected[j]) < 1e-14, `ρ_${j} = ${rho[j]}, expected ${expected[j]}`)
  const zero = emami21Rho(3, 0, 2, 0.5)
  assert.deepEqual(Array.from(zero), [0.5 * 1 + 2, 0.5 * 2, 0])
  // eq. 22: ρ_j ≤ ρ_max ν_W^{j−1} with ρ_max = ν_C(T ν_F + 1) + ν_F.
  const T = 15
  const long = emami21Rho(T, 0.3, 1, 1)
  for (let j = 1; j < T; j++) assert.ok(long[j] <= (1 * (T + 1) + 1) * 0.3 ** (j - 1))
})

test('the scaled Conv1D starts at the given function and its θ-gradient is √ρ_j dL_j (finite differences)', () => {
  const d: Conv1dDims = { taps: 5, length: 5, inputs: 2, outputs: 2, target: 'every' }
  const batch = 3
  const slab = d.inputs * d.outputs
  const { x, L, target } = randomCase(d, batch, 4)
  const rho = emami21Rho(d.taps, 0.3, 1, 1)
  const theta = new Float64Array(L.length)
  scaledThetaFromImpulse(theta, L, rho, slab)
  const Lback = new Float64Array(L.length)
  scaledImpulseForward(Lback, theta, rho, slab)
  for (let i = 0; i < L.length; i++) assert.ok(Math.abs(Lback[i] - L[i]) < 1e-14)
  const n = target.length
  const y = new Float64Array(n)
  const dy = new Float64Array(n)
  const Ltmp = new Float64Array(L.length)
  const loss = (p: Float64Array) => {
    scaledImpulseForward(Ltmp, p, rho, slab)
    conv1dForward(y, x, Ltmp, d, batch)
    return squaredErrorLoss(null, y, target, n, 'mean')
  }
  conv1dForward(y, x, L, d, batch)
  squaredErrorLoss(dy, y, target, n, 'mean')
  const dL = new Float64Array(L.length)
  conv1dBackward(dL, dy, x, d, batch)
  const dTheta = new Float64Array(L.length)
  scaledImpulseBackward(dTheta, dL, rho, slab)
  const report = gradcheck(loss, theta, dTheta, [{ name: 'theta', offset: 0, length: theta.length }])
  assert.ok(report.worst < 1e-6, `worst relative error ${report.worst}`)
})

test('a non-positive ρ_j is refused with a message naming the lag', () => {
  const rho = emami21Rho(3, 0, 1, 1)
  assert.throws(() => scaledThetaFromImpulse(new Float64Array(3), new Float64Array(3), rho, 1), /ρ_2 = 0/)
})

test('the last-step convolution as thin products (LastStepConv1d) equals the reference loops: predictions and gradient', () => {
  for (const [taps, length, nx, ny, batch] of [[15, 15, 52, 2, 128], [4, 7, 3, 2, 5], [9, 6, 5, 1, 3], [1, 1, 1, 1, 1]] as const) {
    const dims: Conv1dDims = { taps, length, inputs: nx, outputs: ny, target: 'last' }
    const rng = new Rng(taps * 100 + length, 'conv-thin')
    const conv = new LastStepConv1d(dims, batch, testBackend)
    rng.fillNormal(conv.x)
    const L = rng.fillNormal(new Float64Array(taps * ny * nx))
    const yRef = new Float64Array(batch * ny)
    conv1dForward(yRef, conv.x, L, dims, batch)
    const y = conv.forward(L)
    rng.fillNormal(conv.dy)
    const dLRef = rng.fillNormal(new Float64Array(L.length))
    const dL = Float64Array.from(dLRef)
    conv1dBackward(dLRef, conv.dy, conv.x, dims, batch)
    conv.backward(dL)
    const where = `K ${taps} T ${length} n_x ${nx} n_y ${ny} batch ${batch}`
    assert.ok(relDiff(y, yRef) < 1e-12, `ŷ ${where}: ${relDiff(y, yRef)}`)
    assert.ok(relDiff(dL, dLRef) < 1e-12, `dL (accumulated) ${where}: ${relDiff(dL, dLRef)}`)
  }
})
