// Whitening of neuron columns: covariance after it, duplicated neurons, the shrinkage, bad input.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { whitenColumns } from '../../../../src-shared/data/whiten'
import { Rng } from '../../../../src-shared/engine/prng'

/** rows × k columns driven by one shared latent (strongly correlated) plus independent noise; column 0 scaled ×5. */
function correlated(rows: number, k: number, seed: number): Float64Array {
  const rng = new Rng(seed, 'whiten-test')
  const a = new Float64Array(rows * k)
  for (let r = 0; r < rows; r++) {
    const z = rng.normal()
    for (let c = 0; c < k; c++) a[r * k + c] = (c === 0 ? 5 : 1) * (3 * z + 0.3 * rng.normal()) + 2
  }
  return a
}

function covariance(a: Float64Array, k: number, from: number, to: number): number[][] {
  const n = to - from
  const mean = Array.from({ length: k }, (_, c) => {
    let s = 0
    for (let r = from; r < to; r++) s += a[r * k + c]
    return s / n
  })
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      let s = 0
      for (let r = from; r < to; r++) s += (a[r * k + i] - mean[i]) * (a[r * k + j] - mean[j])
      return s / n
    }),
  )
}

test('without shrinkage the training rows come out with identity covariance and zero mean; the test rows use the same map', () => {
  const k = 5
  const rows = 4000
  const a = correlated(rows, k, 1)
  const before = covariance(a, k, 0, 3000)
  const w = whitenColumns(a, k, rows, 0, 3000, 0)
  assert.ok(w.conditionBefore > 1000, `the latent makes Σ ill-conditioned: ${w.conditionBefore}`)
  assert.ok(Math.abs(w.conditionAfter - 1) < 1e-9, String(w.conditionAfter))
  const after = covariance(a, k, 0, 3000)
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) assert.ok(Math.abs(after[i][j] - (i === j ? 1 : 0)) < 1e-9, `cov[${i}][${j}] = ${after[i][j]}`)
  // Σ's largest eigenvalue is the latent's: its trace share is > 0.99
  const trace = before.reduce((s, row, i) => s + row[i], 0)
  assert.ok(w.eigenvalues[0] / trace > 0.99)
  // The test rows (3000..4000) were not used, so they are whitened but only approximately (sampling error).
  const test = covariance(a, k, 3000, rows)
  for (let i = 0; i < k; i++) assert.ok(Math.abs(test[i][i] - 1) < 0.2, `test variance ${test[i][i]}`)
})

test('the map is symmetric (ZCA): a column stays closest to its own neuron', () => {
  // Two weakly correlated columns: whitening barely mixes them, so each keeps a correlation near 1 with its source.
  const rng = new Rng(3, 'zca')
  const rows = 2000
  const a = new Float64Array(rows * 2)
  for (let r = 0; r < rows; r++) {
    const u = rng.normal()
    a[r * 2] = u
    a[r * 2 + 1] = 0.2 * u + rng.normal()
  }
  const src = Float64Array.from(a)
  whitenColumns(a, 2, rows, 0, rows, 0)
  for (let c = 0; c < 2; c++) {
    let sxy = 0
    let sxx = 0
    let syy = 0
    for (let r = 0; r < rows; r++) {
      sxy += src[r * 2 + c] * a[r * 2 + c]
      sxx += src[r * 2 + c] ** 2
      syy += a[r * 2 + c] ** 2
    }
    assert.ok(sxy / Math.sqrt(sxx * syy) > 0.98, `column ${c}`)
  }
})

test('duplicated neurons: finite output, the duplicate direction stays at zero, the rest is whitened', () => {
  const k = 3
  const rows = 3000
  const base = correlated(rows, 2, 2)
  const a = new Float64Array(rows * k)
  for (let r = 0; r < rows; r++) {
    a[r * k] = base[r * 2]
    a[r * k + 1] = base[r * 2 + 1]
    a[r * k + 2] = base[r * 2] // an exact copy of column 0
  }
  whitenColumns(a, k, rows, 0, rows, 0)
  assert.ok(a.every(Number.isFinite))
  const cov = covariance(a, k, 0, rows)
  // columns 0 and 2 stay equal; the whitened covariance is a projection (eigenvalues 1, 1, 0)
  for (let r = 0; r < rows; r++) assert.ok(Math.abs(a[r * k] - a[r * k + 2]) < 1e-6)
  const trace = cov[0][0] + cov[1][1] + cov[2][2]
  assert.ok(Math.abs(trace - 2) < 1e-6, `trace ${trace}`)
})

test('shrinkage ε caps the whitened variances at λ/(λ + ε·mean λ)', () => {
  const k = 4
  const rows = 3000
  const a = correlated(rows, k, 4)
  const w = whitenColumns(a, k, rows, 0, rows, 0.1)
  const m = w.eigenvalues.reduce((s, l) => s + l, 0) / k
  const expected = w.eigenvalues.reduce((s, l) => s + l / (l + 0.1 * m), 0)
  const cov = covariance(a, k, 0, rows)
  const trace = cov.reduce((s, row, i) => s + row[i], 0)
  assert.ok(Math.abs(trace - expected) < 1e-9, `${trace} vs ${expected}`)
  const shrunk = w.eigenvalues.map((l) => l / (l + 0.1 * m))
  assert.ok(Math.abs(w.conditionAfter - shrunk[0] / shrunk[k - 1]) < 1e-9 * w.conditionAfter)
  assert.ok(w.conditionAfter < w.conditionBefore / 10, `${w.conditionAfter} vs ${w.conditionBefore}`)
})

test('bad input is refused naming data.whiten', () => {
  assert.throws(() => whitenColumns(new Float64Array(4), 2, 2, 0, 2, -1), /data\.whiten: expected a shrinkage ≥ 0/)
  assert.throws(() => whitenColumns(new Float64Array(4), 2, 2, 0, 1, 0), /data\.whiten: 1 training row/)
  assert.throws(() => whitenColumns(new Float64Array(6).fill(1), 2, 3, 0, 3, 0), /every neuron column is constant/)
})
