// The unregularized least-squares decoder beside Table 1's ridge decoder: where plain GD on the Conv1D converges.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { leastSquares } from '../../../../src-shared/experiments/emami21Ridge'
import { decoderSse, ridgeSolve, windowStats } from '../../../../src-shared/metrics/wienerFilter'
import { Rng } from '../../../../src-shared/engine/prng'
import { testContext } from '../../../helpers/backends'

const backend = testContext.backend

/** rows × nx inputs (standard normal), ny outputs y = Σ_j Σ_a w_{j,a,o} x_{t−j,a} + noise·ε over T taps. */
function series(rows: number, nx: number, ny: number, T: number, noise: number, seed: number) {
  const rng = new Rng(seed, 'ls-test')
  const x = Float64Array.from({ length: rows * nx }, () => rng.normal())
  const w = Float64Array.from({ length: T * nx * ny }, () => rng.normal())
  const y = new Float64Array(rows * ny)
  for (let t = T - 1; t < rows; t++)
    for (let o = 0; o < ny; o++) {
      let s = noise * rng.normal()
      for (let j = 0; j < T; j++) for (let a = 0; a < nx; a++) s += w[(j * nx + a) * ny + o] * x[(t - j) * nx + a]
      y[t * ny + o] = s
    }
  return { x, y, w }
}

test('leastSquares recovers a noiseless linear filter exactly (decoder layout (T n_x, n_y))', () => {
  const T = 3, nx = 4, ny = 2
  const { x, y, w } = series(400, nx, ny, T, 0, 1)
  const stats = windowStats(x, nx, y, ny, T, T - 1, 399, backend)
  const W = leastSquares(stats, ny, backend)
  assert.ok(W)
  W.forEach((v, i) => assert.ok(Math.abs(v - w[i]) < 1e-6, `weight ${i}: ${v} vs ${w[i]}`))
})

test('leastSquares fits the training windows at least as well as any ridge penalty, and is null with no more windows than features', () => {
  const T = 5, nx = 6, ny = 1
  const { x, y } = series(120, nx, ny, T, 3, 2)
  const stats = windowStats(x, nx, y, ny, T, T - 1, 119, backend)
  const W = leastSquares(stats, ny, backend)!
  const sse = decoderSse(stats, W, ny)[0]
  for (const lambda of [1e-3, 1, 100]) assert.ok(sse <= decoderSse(stats, ridgeSolve(stats, lambda, ny, backend), ny)[0] + 1e-9, `λ ${lambda}`)
  // 30 features, 20 windows: the fit is not determined.
  const few = windowStats(x, nx, y, ny, T, T - 1, T + 18, backend)
  assert.equal(few.count, 20)
  assert.equal(leastSquares(few, ny, backend), null)
})
