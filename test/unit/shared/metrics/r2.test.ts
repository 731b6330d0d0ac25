// R² per output column and the ridge (Wiener-filter) optimum: constant columns give null (no division by zero),
// lagged window statistics equal the materialised windows, and the ridge solution solves its normal equations.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Rng } from '../../../../src-shared/engine/prng'
import { r2PerColumn } from '../../../../src-shared/metrics/r2'
import { addStats, decoderSse, r2FromSse, ridgeSolve, windowStats } from '../../../../src-shared/metrics/wienerFilter'
import { testBackend } from '../../../helpers/backends'

test('R² is 1 for a perfect fit, 0 for predicting the mean, and null for a constant column', () => {
  const target = Float64Array.from([1, 3.7, 2, 3.7, 3, 3.7, 4, 3.7])
  const perfect = r2PerColumn(target, target, 4, ['x', 'flat'])
  assert.equal(perfect.x, 1)
  assert.equal(perfect.flat, null)
  const mean = Float64Array.from([2.5, 0, 2.5, 0, 2.5, 0, 2.5, 0])
  const r = r2PerColumn(mean, target, 4, ['x', 'flat'])
  assert.ok(Math.abs((r.x as number) - 0) < 1e-12)
  assert.equal(r.flat, null)
  assert.deepEqual(r2PerColumn(new Float64Array(0), new Float64Array(0), 0, ['x']), { x: null })
})

test('window statistics from lagged sums equal those of the materialised windows; ridge solves (G + λI)W = P', () => {
  const rng = new Rng(5, 'test')
  const rows = 40
  const nx = 3
  const ny = 2
  const T = 4
  const x = rng.fillNormal(new Float64Array(rows * nx))
  const y = rng.fillNormal(new Float64Array(rows * ny))
  const e0 = 6
  const e1 = 33
  const st = windowStats(x, nx, y, ny, T, e0, e1, testBackend)
  const dim = T * nx
  const gram = new Float64Array(dim * dim)
  const cross = new Float64Array(dim * ny)
  for (let t = e0; t <= e1; t++) {
    const f = new Float64Array(dim)
    for (let j = 0; j < T; j++) for (let a = 0; a < nx; a++) f[j * nx + a] = x[(t - j) * nx + a]
    for (let i = 0; i < dim; i++) {
      for (let k = 0; k < dim; k++) gram[i * dim + k] += f[i] * f[k]
      for (let o = 0; o < ny; o++) cross[i * ny + o] += f[i] * y[t * ny + o]
    }
  }
  for (let i = 0; i < gram.length; i++) assert.ok(Math.abs(gram[i] - st.gram[i]) < 1e-10, `gram[${i}]`)
  for (let i = 0; i < cross.length; i++) assert.ok(Math.abs(cross[i] - st.cross[i]) < 1e-10, `cross[${i}]`)
  // Disjoint window sets add up.
  const sum = addStats(windowStats(x, nx, y, ny, T, e0, 20, testBackend), windowStats(x, nx, y, ny, T, 21, e1, testBackend))
  for (let i = 0; i < gram.length; i++) assert.ok(Math.abs(sum.gram[i] - st.gram[i]) < 1e-10)
  const lambda = 0.3
  const W = ridgeSolve(st, lambda, ny, testBackend)
  for (let i = 0; i < dim; i++) {
    for (let o = 0; o < ny; o++) {
      let lhs = lambda * W[i * ny + o]
      for (let k = 0; k < dim; k++) lhs += st.gram[i * dim + k] * W[k * ny + o]
      assert.ok(Math.abs(lhs - st.cross[i * ny + o]) < 1e-9)
    }
  }
  // R² from the statistics equals R² of the explicit predictions.
  const pred = new Float64Array((e1 - e0 + 1) * ny)
  const targ = new Float64Array(pred.length)
  for (let t = e0; t <= e1; t++) {
    for (let o = 0; o < ny; o++) {
      let p = 0
      for (let j = 0; j < T; j++) for (let a = 0; a < nx; a++) p += W[(j * nx + a) * ny + o] * x[(t - j) * nx + a]
      pred[(t - e0) * ny + o] = p
      targ[(t - e0) * ny + o] = y[t * ny + o]
    }
  }
  const direct = r2PerColumn(pred, targ, e1 - e0 + 1, ['a', 'b'])
  const fromStats = r2FromSse(st, decoderSse(st, W, ny))
  assert.ok(Math.abs((direct.a as number) - (fromStats[0] as number)) < 1e-10)
  assert.ok(Math.abs((direct.b as number) - (fromStats[1] as number)) < 1e-10)
})
