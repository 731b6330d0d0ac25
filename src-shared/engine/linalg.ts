/**
 * Small dense helpers on row-major Float64Arrays (out-first, allocation-free) and an eigen-decomposition wrapper
 * around ml-matrix. Hot loops of the engine are written inline; these serve teachers, metrics and init.
 */
import { EigenvalueDecomposition, Matrix, solve } from 'ml-matrix'

/** out (m, n) = a (m, p) · b (p, n). `out` must not alias a or b. */
export function matmul(out: Float64Array, a: Readonly<Float64Array>, b: Readonly<Float64Array>, m: number, p: number, n: number): Float64Array {
  out.fill(0, 0, m * n)
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < p; l++) {
      const ail = a[i * p + l]
      if (ail === 0) continue
      const bo = l * n
      const oo = i * n
      for (let j = 0; j < n; j++) out[oo + j] += ail * b[bo + j]
    }
  }
  return out
}

/** out (n, m) = aᵀ for a (m, n). */
export function transpose(out: Float64Array, a: Readonly<Float64Array>, m: number, n: number): Float64Array {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = a[i * n + j]
  return out
}

/** Row-major flat array from nested rows, checking the shape; `where` names the field in the error. */
export function fromRows(rows: number[][], where: string): { data: Float64Array; rows: number; cols: number } {
  const m = rows.length
  const n = m ? rows[0].length : 0
  if (m === 0 || n === 0) throw new Error(`${where}: expected a non-empty matrix`)
  const data = new Float64Array(m * n)
  for (let i = 0; i < m; i++) {
    if (rows[i].length !== n) throw new Error(`${where}: row ${i} has ${rows[i].length} entries, expected ${n}`)
    for (let j = 0; j < n; j++) data[i * n + j] = rows[i][j]
  }
  return { data, rows: m, cols: n }
}

/** Nested rows from a row-major flat array. */
export function toRows(a: Readonly<Float64Array>, m: number, n: number): number[][] {
  return Array.from({ length: m }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)))
}

export interface Eigen {
  /** Real and imaginary parts of the eigenvalues. */
  re: number[]
  im: number[]
  /**
   * Real eigenvector matrix V (d, d), row-major, in ml-matrix's block form: a complex pair λ = a ± ib occupies
   * two columns (Re v, Im v). Columns are scaled so each (complex) eigenvector has unit norm.
   */
  vectors: Float64Array
}

/** Eigen-decomposition of a (d, d) matrix (ml-matrix EigenvalueDecomposition; symmetric input gives orthonormal V). */
export function eigen(a: Readonly<Float64Array>, d: number): Eigen {
  const evd = new EigenvalueDecomposition(new Matrix(toRows(a, d, d)))
  const re = evd.realEigenvalues
  const im = evd.imaginaryEigenvalues
  const V = evd.eigenvectorMatrix
  const vectors = new Float64Array(d * d)
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) vectors[i * d + j] = V.get(i, j)
  for (let j = 0; j < d; j++) {
    const pair = im[j] !== 0 && j + 1 < d && im[j + 1] === -im[j]
    let s = 0
    for (let i = 0; i < d; i++) s += vectors[i * d + j] ** 2 + (pair ? vectors[i * d + j + 1] ** 2 : 0)
    const norm = Math.sqrt(s) || 1
    for (let i = 0; i < d; i++) {
      vectors[i * d + j] /= norm
      if (pair) vectors[i * d + j + 1] /= norm
    }
    if (pair) j++
  }
  return { re, im, vectors }
}

/** Solve V X = B for X (d, n), V (d, d) row-major. Least squares if V is singular. */
export function solveLinear(v: Readonly<Float64Array>, b: Readonly<Float64Array>, d: number, n: number): Float64Array {
  const x = solve(new Matrix(toRows(v, d, d)), new Matrix(toRows(b, d, n)), true)
  const out = new Float64Array(d * n)
  for (let i = 0; i < d; i++) for (let j = 0; j < n; j++) out[i * n + j] = x.get(i, j)
  return out
}

/** Spectral radius max |λ_i| of a (d, d) matrix. */
export function spectralRadius(a: Readonly<Float64Array>, d: number): number {
  const { re, im } = eigen(a, d)
  let r = 0
  for (let i = 0; i < d; i++) r = Math.max(r, Math.hypot(re[i], im[i]))
  return r
}
