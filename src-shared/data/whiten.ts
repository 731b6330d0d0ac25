/**
 * Whitening of a recording's neuron columns with training-row statistics (data.whiten): every bin's input vector x
 * becomes P (x − μ) with P = (Σ + ε m I)^{-1/2}, Σ the neurons' covariance over the training rows, m = tr(Σ)/n_x its
 * mean eigenvalue and ε the shrinkage. Correlated neurons (a shared latent, duplicated units) make the window Gram
 * matrix ill-conditioned, and plain SGD at a stable step then crawls along its small directions; after whitening
 * the neurons' covariance has eigenvalues λ/(λ + ε m) ∈ [0, 1). P is symmetric (ZCA), so each whitened column stays
 * closest to its own neuron; directions with no variance (exact duplicates) stay at zero. It is one invertible map
 * applied to every bin, so every model and the ridge decoder see the same inputs, and the RNN / scaled Conv1D
 * equivalence (which holds for any inputs) is kept.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix'

export interface Whitening {
  /** Eigenvalues of Σ (training rows), largest first, clamped at 0. */
  eigenvalues: number[]
  /** λ_max / λ_min of the whitened covariance over the directions that have variance (λ > 1e-12 λ_max). */
  conditionAfter: number
  /** The same for Σ itself. */
  conditionBefore: number
}

/** Whiten the columns of a (rows, k) array in place with the statistics of rows [from, to). */
export function whitenColumns(a: Float64Array, k: number, rows: number, from: number, to: number, shrinkage: number): Whitening {
  if (!(shrinkage >= 0)) throw new Error(`data.whiten: expected a shrinkage ≥ 0, got ${shrinkage}`)
  const n = to - from
  if (n < 2) throw new Error(`data.whiten: ${n} training row(s) are too few to estimate the neurons' covariance`)
  const mean = new Float64Array(k)
  for (let r = from; r < to; r++) for (let c = 0; c < k; c++) mean[c] += a[r * k + c]
  for (let c = 0; c < k; c++) mean[c] /= n
  const cov = new Float64Array(k * k)
  const d = new Float64Array(k)
  for (let r = from; r < to; r++) {
    for (let c = 0; c < k; c++) d[c] = a[r * k + c] - mean[c]
    for (let i = 0; i < k; i++) {
      const di = d[i]
      if (di === 0) continue
      const row = i * k
      for (let j = i; j < k; j++) cov[row + j] += di * d[j]
    }
  }
  for (let i = 0; i < k; i++) for (let j = i; j < k; j++) cov[j * k + i] = cov[i * k + j] /= n
  const evd = new EigenvalueDecomposition(new Matrix(Array.from({ length: k }, (_, i) => Array.from(cov.subarray(i * k, (i + 1) * k)))), { assumeSymmetric: true })
  const lambda = evd.realEigenvalues.map((l) => Math.max(0, l))
  const V = evd.eigenvectorMatrix
  const m = lambda.reduce((s, l) => s + l, 0) / k
  if (!(m > 0)) throw new Error('data.whiten: every neuron column is constant on the training rows')
  // P = V diag((λ + ε m)^{-1/2}) Vᵀ; with ε = 0 a direction without variance is left at zero instead of 1/0.
  const scale = lambda.map((l) => (l + shrinkage * m > 1e-12 * m ? 1 / Math.sqrt(l + shrinkage * m) : 0))
  const P = new Float64Array(k * k)
  for (let e = 0; e < k; e++) {
    const s = scale[e]
    if (s === 0) continue
    for (let i = 0; i < k; i++) {
      const vi = V.get(i, e) * s
      for (let j = 0; j < k; j++) P[i * k + j] += vi * V.get(j, e)
    }
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < k; c++) d[c] = a[r * k + c] - mean[c]
    for (let i = 0; i < k; i++) {
      let acc = 0
      const row = i * k
      for (let j = 0; j < k; j++) acc += P[row + j] * d[j]
      a[r * k + i] = acc
    }
  }
  const sorted = [...lambda].sort((x, y) => y - x)
  const top = sorted[0]
  const live = sorted.filter((l) => l > 1e-12 * top)
  const after = live.map((l) => l / (l + shrinkage * m))
  return {
    eigenvalues: sorted,
    conditionBefore: top / live[live.length - 1],
    conditionAfter: Math.max(...after) / Math.min(...after),
  }
}
