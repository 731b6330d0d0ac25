/**
 * The Ho–Kalman (Hankel-SVD) realization: a state-space system (A, B, C) identified from the first k impulse-response
 * values h_0..h_{k−1}, the system-identification baseline beside a trained student. Not a trainer: it sees only the
 * same k values the student was trained on.
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix'
import { denseImpulse, type DenseLinear } from '../teachers/linearTeacher'
import { extrapolationError } from './impulse'

/**
 * Hankel singular values below this fraction of the largest are treated as zero when choosing the order: responses
 * computed in float64 carry ~1e-16 relative error, and a mode whose Hankel singular value is 1e-8 of the largest
 * changes the response by about that fraction, far below any error the figures resolve.
 */
const HANKEL_RELATIVE_TOLERANCE = 1e-8

interface HoKalmanRealization {
  system: DenseLinear
  /** The chosen model order: the number of Hankel singular values above HANKEL_RELATIVE_TOLERANCE × the largest. */
  order: number
  /** Singular values of the (r n_y) × (c n_x) Hankel matrix, largest first. */
  hankelSingularValues: number[]
}

/**
 * Realization from h_0..h_{k−1}, h as (≥ k, n_y, n_x) row-major. The Hankel matrix H_0[i, j] = h_{i+j} has r = ⌊k/2⌋
 * block rows and c = k − r block columns and its shift H_1[i, j] = h_{i+j+1} uses h_{k−1} last, so nothing beyond the
 * first k values enters. With H_0 ≈ U_n Σ_n V_nᵀ (order n): observability U_n Σ_n^{1/2}, controllability
 * Σ_n^{1/2} V_nᵀ, C = its first n_y rows, B = its first n_x columns, A = Σ_n^{-1/2} U_nᵀ H_1 V_n Σ_n^{-1/2}.
 * A system of order d is recovered exactly when r ≥ d and c ≥ d, i.e. k ≥ 2d. Order 0 (the zero system) when k < 2
 * or the first values are all zero.
 */
export function hoKalman(h: Readonly<Float64Array>, k: number, outputs: number, inputs: number): HoKalmanRealization {
  const slab = outputs * inputs
  if (h.length < k * slab) throw new Error(`hoKalman: need ${k} response values, got ${h.length / slab}`)
  const r = Math.floor(k / 2)
  const c = k - r
  const zero = (): HoKalmanRealization => ({
    system: { dim: 0, inputs, outputs, A: new Float64Array(0), B: new Float64Array(0), C: new Float64Array(0) },
    order: 0,
    hankelSingularValues: [],
  })
  if (r === 0) return zero()
  const hankel = (shift: number) => {
    const m = new Matrix(r * outputs, c * inputs)
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < c; j++) {
        for (let o = 0; o < outputs; o++) {
          for (let q = 0; q < inputs; q++) m.set(i * outputs + o, j * inputs + q, h[((i + j + shift) * outputs + o) * inputs + q])
        }
      }
    }
    return m
  }
  const H0 = hankel(0)
  const svd = new SingularValueDecomposition(H0, { autoTranspose: true })
  const sigma = svd.diagonal
  const largest = sigma[0] ?? 0
  const order = largest > 0 ? sigma.filter((s) => s > HANKEL_RELATIVE_TOLERANCE * largest).length : 0
  if (order === 0) return { ...zero(), hankelSingularValues: sigma }
  const U = svd.leftSingularVectors.subMatrix(0, r * outputs - 1, 0, order - 1) // (r n_y, n)
  const V = svd.rightSingularVectors.subMatrix(0, c * inputs - 1, 0, order - 1) // (c n_x, n)
  const rootSigma = sigma.slice(0, order).map(Math.sqrt)
  const observability = U.clone() // U_n Σ^{1/2}
  const controllabilityT = V.clone() // (Σ^{1/2} V_nᵀ)ᵀ
  for (let s = 0; s < order; s++) {
    observability.mulColumn(s, rootSigma[s])
    controllabilityT.mulColumn(s, rootSigma[s])
  }
  const core = U.transpose().mmul(hankel(1)).mmul(V) // U_nᵀ H_1 V_n, (n, n)
  const system: DenseLinear = {
    dim: order,
    inputs,
    outputs,
    A: new Float64Array(order * order),
    B: new Float64Array(order * inputs),
    C: new Float64Array(outputs * order),
  }
  for (let a = 0; a < order; a++) {
    for (let b = 0; b < order; b++) system.A[a * order + b] = core.get(a, b) / (rootSigma[a] * rootSigma[b])
    for (let q = 0; q < inputs; q++) system.B[a * inputs + q] = controllabilityT.get(q, a)
    for (let o = 0; o < outputs; o++) system.C[o * order + a] = observability.get(o, a)
  }
  return { system, order, hankelSingularValues: sigma }
}

interface HoKalmanBaseline {
  /** ICLR23 B.3 extrapolation error of the realization against the teacher, over [k, horizon). */
  error: number
  order: number
  /** The realization's impulse response (H, n_y, n_x). */
  impulse: Float64Array
}

/** The realization from the teacher's first k values, its response to H and its extrapolation error over [k, horizon). */
export function hoKalmanBaseline(hTeacher: Readonly<Float64Array>, k: number, horizon: number, outputs: number, inputs: number): HoKalmanBaseline {
  const slab = outputs * inputs
  const H = hTeacher.length / slab
  const { system, order } = hoKalman(hTeacher, k, outputs, inputs)
  const impulse = denseImpulse(system, H)
  return { error: extrapolationError(hTeacher, impulse, k, horizon, slab), order, impulse }
}
