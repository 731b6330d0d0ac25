/**
 * Complementary slackness (AISTATS22 Fig. 3, Thm. 4.3): eigen-decomposition A = V Λ V⁻¹, input coefficients
 * u = V⁻¹ B (Vᵀ B when A is symmetric), and |λ_i u_i| — ~0 for every mode at a GD solution on the memoryless teacher.
 */
import { eigen, solveLinear } from '../engine/linalg'

export interface Slackness {
  /** Eigenvalues (real, imaginary parts). */
  re: number[]
  im: number[]
  /** ||u_i||: norm of mode i's input coefficients (a row of V⁻¹ B, over n_x inputs; complex pairs share one value). */
  u: number[]
  /** Signed u_i for real eigenvalues and one input (as the paper plots), else ||u_i||. */
  uSigned: number[]
  /** |λ_i| ||u_i||. */
  lambdaU: number[]
  /** max_i |λ_i u_i|. */
  max: number
  /** max_i |λ_i u_i| / max_i |λ_i| (small while A is far from 0; docs/experiments.md, AISTATS22 Fig. 3). */
  ratio: number
}

/** A (d, d), B (d, n_x) row-major. For a complex pair (columns Re v, Im v) the coefficient is u = (c_re − i c_im)/2. */
export function slackness(A: Readonly<Float64Array>, B: Readonly<Float64Array>, d: number, inputs: number): Slackness {
  let symmetric = true
  for (let i = 0; i < d && symmetric; i++) for (let j = 0; j < i; j++) if (A[i * d + j] !== A[j * d + i]) symmetric = false
  const { re, im, vectors } = eigen(A, d)
  let coef: Float64Array
  if (symmetric) {
    coef = new Float64Array(d * inputs)
    for (let c = 0; c < d; c++) for (let r = 0; r < d; r++) for (let i = 0; i < inputs; i++) coef[c * inputs + i] += vectors[r * d + c] * B[r * inputs + i]
  } else {
    coef = solveLinear(vectors, B, d, inputs)
  }
  const u: number[] = []
  const uSigned: number[] = []
  for (let c = 0; c < d; c++) {
    const pair = im[c] !== 0 && c + 1 < d && im[c + 1] === -im[c]
    let s = 0
    for (let i = 0; i < inputs; i++) s += coef[c * inputs + i] ** 2 + (pair ? coef[(c + 1) * inputs + i] ** 2 : 0)
    const norm = pair ? Math.sqrt(s) / 2 : Math.sqrt(s)
    u.push(norm)
    uSigned.push(!pair && im[c] === 0 && inputs === 1 ? coef[c] : norm)
    if (pair) {
      u.push(norm)
      uSigned.push(norm)
      c++
    }
  }
  const lambdaU = u.map((v, i) => Math.hypot(re[i], im[i]) * v)
  const max = Math.max(0, ...lambdaU)
  const maxLambda = Math.max(0, ...re.map((r, i) => Math.hypot(r, im[i])))
  return { re, im, u, uSigned, lambdaU, max, ratio: maxLambda > 0 ? max / maxLambda : 0 }
}
