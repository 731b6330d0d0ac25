/**
 * Blocked Cholesky factorisation A = L Lᵀ in place (row-major, lower triangle), the trailing updates on the kernel backend's product.
 * Ridge penalties are chosen by cross-validation, many factorisations of a T n_x square Gram matrix (2,565 for 171
 * neurons × 15 bins): the unblocked loop spends most of its time on them. Not a general linear-algebra routine.
 */
import type { Backend } from '../engine/backend'

const BLOCK = 96
const ROWS = 256

/** Unblocked factorisation of the diagonal block at k0 (size b); throws when A is not positive definite. */
function factorDiagonal(A: Float64Array, n: number, k0: number, b: number): void {
  for (let j = k0; j < k0 + b; j++) {
    let diag = A[j * n + j]
    for (let k = k0; k < j; k++) diag -= A[j * n + k] ** 2
    if (!(diag > 0)) throw new Error('not positive definite')
    const ljj = Math.sqrt(diag)
    A[j * n + j] = ljj
    for (let i = j + 1; i < k0 + b; i++) {
      let v = A[i * n + j]
      for (let k = k0; k < j; k++) v -= A[i * n + k] * A[j * n + k]
      A[i * n + j] = v / ljj
    }
  }
}

/** Overwrites the lower triangle of A (n × n, symmetric positive definite) with L; the upper triangle is left as is. */
export function choleskyInPlace(A: Float64Array, n: number, backend: Backend): void {
  const arena = backend.arena(n * BLOCK + ROWS * n)
  const panel = arena.alloc(n * BLOCK) // (m, b) rows below the diagonal block, contiguous
  const update = arena.alloc(ROWS * n) // (r, ≤ m) a band of rows of panel · panelᵀ
  for (let k0 = 0; k0 < n; k0 += BLOCK) {
    const b = Math.min(BLOCK, n - k0)
    factorDiagonal(A, n, k0, b)
    const start = k0 + b
    const m = n - start
    if (m === 0) break
    // Panel: L21 = A21 L11⁻ᵀ, row by row (forward substitution).
    for (let i = start; i < n; i++) {
      const row = i * n
      for (let j = k0; j < start; j++) {
        let v = A[row + j]
        for (let k = k0; k < j; k++) v -= A[row + k] * A[j * n + k]
        v /= A[j * n + j]
        A[row + j] = v
        panel[(i - start) * b + (j - k0)] = v
      }
    }
    // Trailing update A22 −= L21 L21ᵀ, lower triangle, a band of rows at a time.
    for (let r0 = 0; r0 < m; r0 += ROWS) {
      const r = Math.min(ROWS, m - r0)
      const cols = r0 + r // rows r0..r0+r−1 need columns 0..their own index
      const band = update.subarray(0, r * cols)
      band.fill(0)
      arena.gemm(band, panel.subarray(r0 * b, (r0 + r) * b), panel.subarray(0, cols * b), r, cols, b, false, true)
      for (let i = 0; i < r; i++) {
        const row = (start + r0 + i) * n + start
        const last = r0 + i
        for (let j = 0; j <= last; j++) A[row + j] -= band[i * cols + j]
      }
    }
  }
}
