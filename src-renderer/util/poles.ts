/**
 * The pole designer's model: real poles and complex-conjugate pairs with a weight each, turned into an explicit
 * teacher in modal form. A real pole λ is a 1×1 block; a pair a ± ib is the 2×2 block [[a, −b], [b, a]]
 * (multiplication by z = a + ib), with B = e_1 and C = w e_1ᵀ per block, so h_j = Σ w Re(z^j). Pure.
 */
import type { TeacherSpec } from '../../src-shared/spec/teacher'

export interface Pole {
  re: number
  /** ≥ 0; a positive value stands for the pair re ± i·im. */
  im: number
  weight: number
}

/** Keep a dragged pole strictly inside the unit circle and snap near-real pairs onto the real axis. */
export function clampPole(re: number, im: number, maxRadius = 0.995): { re: number; im: number } {
  let y = Math.abs(im) < 0.02 ? 0 : Math.abs(im)
  let x = re
  const r = Math.hypot(x, y)
  if (r > maxRadius) {
    x *= maxRadius / r
    y *= maxRadius / r
  }
  return { re: x, im: y }
}

export function polesToTeacher(poles: Pole[], name = 'designed'): Extract<TeacherSpec, { kind: 'explicit' }> {
  const dim = poles.reduce((n, p) => n + (p.im > 0 ? 2 : 1), 0)
  const A = Array.from({ length: dim }, () => new Array<number>(dim).fill(0))
  const B = Array.from({ length: dim }, () => [0])
  const C = [new Array<number>(dim).fill(0)]
  let i = 0
  for (const p of poles) {
    if (p.im > 0) {
      A[i][i] = p.re
      A[i][i + 1] = -p.im
      A[i + 1][i] = p.im
      A[i + 1][i + 1] = p.re
      B[i][0] = 1
      C[0][i] = p.weight
      i += 2
    } else {
      A[i][i] = p.re
      B[i][0] = 1
      C[0][i] = p.weight
      i += 1
    }
  }
  return { kind: 'explicit', A, B, C, name }
}

/** Poles from eigenvalues (one per conjugate pair), each with weight 1: a starting point when switching to the designer. */
export function polesFromEigenvalues(eigenvalues: Array<{ re: number; im: number }>): Pole[] {
  return eigenvalues
    .filter((e) => e.im >= -1e-12)
    .map((e) => ({ ...clampPole(e.re, e.im), weight: 1 }))
}

/**
 * Weights that make the poles' impulse response Σ w Re(z^j) closest (least squares over the given lags) to
 * `impulse`: how matrices typed by hand become designer poles without losing what they do (exactly so when A is
 * diagonalisable with real residues).
 */
export function fitPoleWeights(poles: Array<{ re: number; im: number }>, impulse: readonly number[]): Pole[] {
  const n = poles.length
  const basis = poles.map((p) => {
    const out: number[] = []
    let re = 1
    let im = 0
    for (let j = 0; j < impulse.length; j++) {
      out.push(re)
      ;[re, im] = [re * p.re - im * p.im, re * p.im + im * p.re]
    }
    return out
  })
  // Normal equations (n × n, n small), solved by Gaussian elimination with partial pivoting and a tiny ridge.
  const M = basis.map((bi) => [...basis.map((bk) => bi.reduce((s, v, j) => s + v * bk[j], 0)), bi.reduce((s, v, j) => s + v * impulse[j], 0)])
  for (let i = 0; i < n; i++) M[i][i] += 1e-12
  for (let c = 0; c < n; c++) {
    const pivot = M.slice(c).reduce((best, row, r) => (Math.abs(row[c]) > Math.abs(M[best][c]) ? r + c : best), c)
    ;[M[c], M[pivot]] = [M[pivot], M[c]]
    for (let r = 0; r < n; r++) {
      if (r === c || M[c][c] === 0) continue
      const f = M[r][c] / M[c][c]
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k]
    }
  }
  // Ten significant digits: the weight field shows 2, not 1.9999999999972.
  return poles.map((p, i) => ({ re: p.re, im: p.im, weight: M[i][i] === 0 ? 0 : Number((M[i][n] / M[i][i]).toPrecision(10)) }))
}
