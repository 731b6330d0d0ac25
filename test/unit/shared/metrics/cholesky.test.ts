// The blocked Cholesky factorisation against the textbook unblocked loop, across block and band edges.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { choleskyInPlace } from '../../../../src-shared/metrics/cholesky'
import { Rng } from '../../../../src-shared/engine/prng'
import { testBackend } from '../../../helpers/backends'

function naive(A: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n)
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j]
    for (let k = 0; k < j; k++) d -= L[j * n + k] ** 2
    L[j * n + j] = Math.sqrt(d)
    for (let i = j + 1; i < n; i++) {
      let v = A[i * n + j]
      for (let k = 0; k < j; k++) v -= L[i * n + k] * L[j * n + k]
      L[i * n + j] = v / L[j * n + j]
    }
  }
  return L
}

test('choleskyInPlace matches the unblocked factorisation (n across block 96 and band 256 edges), and rejects an indefinite matrix', () => {
  const rng = new Rng(0, 'cholesky')
  for (const n of [1, 5, 96, 97, 300]) {
    // A = X Xᵀ / k + I: symmetric positive definite.
    const k = n + 3
    const X = Float64Array.from({ length: n * k }, () => rng.normal())
    const A = new Float64Array(n * n)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = i === j ? 1 : 0
      for (let t = 0; t < k; t++) s += (X[i * k + t] * X[j * k + t]) / k
      A[i * n + j] = s
    }
    const want = naive(A, n)
    const got = Float64Array.from(A)
    choleskyInPlace(got, n, testBackend)
    let worst = 0
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) worst = Math.max(worst, Math.abs(got[i * n + j] - want[i * n + j]))
    assert.ok(worst < 1e-10, `n = ${n}: max |ΔL| = ${worst}`)
  }
  assert.throws(() => choleskyInPlace(Float64Array.of(1, 2, 2, 1), 2, testBackend), /not positive definite/)
})
