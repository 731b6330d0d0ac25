/**
 * Metrics and charts of a GRU/LSTM student against its teacher (docs/experiments.md, Metrics). A gated model has no
 * impulse response that determines it, so it is probed: its output for a unit impulse at step 0, and Monte Carlo
 * on fresh Gaussian inputs (fixed stream 'evaluation'), reusing the impulse metrics of metrics/impulse.ts.
 */
import type { MetricValue, Series } from '../api/results'
import type { GatedModel } from '../engine/gatedModel'
import { Rng } from '../engine/prng'
import { hoKalmanBaseline } from '../metrics/hoKalman'
import {
  errorRatio,
  extrapolationError,
  nonExtrapolating,
  peakResponse,
  zeroError,
  zeroTailExtrapolationMse,
  zeroTailMseByLength,
} from '../metrics/impulse'
import type { ExperimentSpec } from '../spec/experiment'
import type { Teacher } from '../teachers/teacher'

/**
 * Sequences for the Monte Carlo metrics: MSE per length on 1,000 sequences (about 4% relative standard error) while
 * they are short, fewer for long ones (at least 200, about 15,000 steps in all); the mean response and the ICLR23
 * §5.3 error on 200 sequences of the horizon's length.
 */
function evaluationSequences(length: number): number {
  return Math.max(200, Math.min(1000, Math.floor(15_000 / length)))
}
export const RESPONSE_SEQUENCES = 200

type Respond = (y: Float64Array, x: Readonly<Float64Array>, batch: number, length: number) => void

/**
 * Output for a unit impulse on each input channel at step 0 (zeros after), as (H, n_y, n_x) like a linear
 * impulse response. For a gated model this includes the response to zero input that its biases cause.
 */
export function impulseOf(respond: Respond, inputs: number, outputs: number, horizon: number): Float64Array {
  const x = new Float64Array(inputs * horizon * inputs)
  for (let i = 0; i < inputs; i++) x[i * horizon * inputs + i] = 1
  const y = new Float64Array(inputs * horizon * outputs)
  respond(y, x, inputs, horizon)
  const h = new Float64Array(horizon * outputs * inputs)
  for (let i = 0; i < inputs; i++) {
    for (let j = 0; j < horizon; j++) {
      for (let o = 0; o < outputs; o++) h[(j * outputs + o) * inputs + i] = y[(i * horizon + j) * outputs + o]
    }
  }
  return h
}

/**
 * The mean response over random inputs, E[y_j x_0ᵀ] for whitened Gaussian x: for a linear system exactly its impulse
 * response h_j; for a gated model the impulse response of its best linear approximation (first Wiener kernel).
 * (H, n_y, n_x) from `x` (count, H, n_x) and the outputs `y` (count, H, n_y).
 */
function meanResponse(y: Readonly<Float64Array>, x: Readonly<Float64Array>, count: number, horizon: number, inputs: number, outputs: number): Float64Array {
  const h = new Float64Array(horizon * outputs * inputs)
  for (let n = 0; n < count; n++) {
    for (let j = 0; j < horizon; j++) {
      for (let o = 0; o < outputs; o++) {
        const yv = y[(n * horizon + j) * outputs + o] / count
        for (let i = 0; i < inputs; i++) h[(j * outputs + o) * inputs + i] += yv * x[n * horizon * inputs + i]
      }
    }
  }
  return h
}

interface GatedReport {
  metrics: Record<string, MetricValue>
  series: Record<string, Series>
}

/**
 * - mse_by_length: E||y_L − ŷ_L||² at L = 1..maxLength, Monte Carlo over evaluationSequences (the output at step L
 *   of a causal model started from zero is its output on the length-L prefix, so one pass gives every length);
 *   extrapolation_mse: its mean over L = k+1..2k (AISTATS22 Fig. 5).
 * - zero_tail_mse_by_length, zero_tail_extrapolation_mse (linear teachers): the same for the model exact for k steps
 *   and zero after, exact from h.
 * - extrapolation_error / zero_error: ICLR23 B.3 on the unit-impulse outputs, over [k, horizon).
 * - input_extrapolation_error / input_zero_error: ICLR23 §5.3, the ℓ∞ distance of the outputs beyond step k
 *   averaged over RESPONSE_SEQUENCES random input sequences of length horizon (and the same for the zero model);
 *   non_extrapolating and input_error_ratio come from these (metrics/impulse.ts nonExtrapolating, errorRatio).
 * - ho_kalman_error / ho_kalman_order (linear teachers): the Hankel-SVD realization from h_0..h_{k−1}.
 */
export function gatedReport(model: GatedModel, teacher: Teacher, spec: ExperimentSpec): GatedReport {
  const k = spec.data.length
  const { horizon, maxLength } = spec.metrics
  const { inputs: nx, outputs: ny } = model.dims
  const slab = nx * ny
  const student: Respond = (y, x, batch, length) => model.predict(y, x, batch, length)
  const respondTeacher: Respond = (y, x, batch, length) => teacher.respond(y, x, batch, length)
  const metrics: Record<string, MetricValue> = {}
  const rng = new Rng(spec.seed, 'evaluation')

  // MSE per length on fresh sequences
  const L = Math.max(maxLength, 2 * k)
  const N = evaluationSequences(L)
  const x = rng.fillNormal(new Float64Array(N * L * nx))
  const yS = new Float64Array(N * L * ny)
  const yT = new Float64Array(N * L * ny)
  student(yS, x, N, L)
  respondTeacher(yT, x, N, L)
  const mse = new Array<number>(L).fill(0)
  for (let n = 0; n < N; n++) {
    for (let t = 0; t < L; t++) {
      for (let o = 0; o < ny; o++) mse[t] += (yS[(n * L + t) * ny + o] - yT[(n * L + t) * ny + o]) ** 2 / N
    }
  }
  metrics.mse_by_length = mse.slice(0, maxLength)
  metrics.evaluation_sequences = N
  metrics.extrapolation_mse = mean(mse.slice(k, 2 * k))

  // unit impulse, to twice the horizon (stored so robustness can read the errors at a doubled horizon)
  const H = Math.max(2 * horizon, L)
  const hS = impulseOf(student, nx, ny, H)
  const hT = impulseOf(respondTeacher, nx, ny, H)
  metrics.extrapolation_error = extrapolationError(hT, hS, k, horizon, slab)
  metrics.zero_error = zeroError(hT, k, horizon, slab)
  metrics.error_ratio = errorRatio(metrics.extrapolation_error, metrics.zero_error, peakResponse(hT, horizon, slab))
  const hLinear = teacher.impulse(H)
  if (hLinear) {
    metrics.zero_tail_mse_by_length = zeroTailMseByLength(hLinear, k, maxLength, slab)
    metrics.zero_tail_extrapolation_mse = zeroTailExtrapolationMse(hLinear, k, slab)
    const hoKalman = hoKalmanBaseline(hLinear, k, horizon, ny, nx)
    metrics.ho_kalman_error = hoKalman.error
    metrics.ho_kalman_order = hoKalman.order
  }

  // random inputs over the horizon: the ICLR23 §5.3 error and the mean response
  const M = RESPONSE_SEQUENCES
  const xr = rng.fillNormal(new Float64Array(M * horizon * nx))
  const yrS = new Float64Array(M * horizon * ny)
  const yrT = new Float64Array(M * horizon * ny)
  student(yrS, xr, M, horizon)
  respondTeacher(yrT, xr, M, horizon)
  let inputError = 0
  let inputZero = 0
  let inputPeak = 0
  for (let n = 0; n < M; n++) {
    let worst = 0
    let worstZero = 0
    let peak = 0
    for (let e = n * horizon * ny; e < (n + 1) * horizon * ny; e++) {
      const inTail = e >= (n * horizon + k) * ny
      if (inTail) worst = Math.max(worst, Math.abs(yrS[e] - yrT[e]))
      if (inTail) worstZero = Math.max(worstZero, Math.abs(yrT[e]))
      peak = Math.max(peak, Math.abs(yrT[e]))
    }
    inputError += worst / M
    inputZero += worstZero / M
    inputPeak += peak / M
  }
  metrics.input_extrapolation_error = inputError
  metrics.input_zero_error = inputZero
  // A gated student's unit-impulse output includes what its biases do at zero input: the ICLR23 §5.3 input-averaged
  // errors decide whether it extrapolates.
  metrics.non_extrapolating = nonExtrapolating(inputError, inputZero, inputPeak)
  metrics.input_error_ratio = errorRatio(inputError, inputZero, inputPeak)

  const first = (h: Float64Array, len: number) => Array.from({ length: len }, (_, j) => h[j * slab])
  const series: Record<string, Series> = {
    impulse_student: { y: first(hS, 2 * horizon) },
    impulse_teacher: { y: first(hT, 2 * horizon) },
    mean_response_student: {
      y: first(meanResponse(yrS, xr, M, horizon, nx, ny), horizon),
      label: `student E[y_j x_0] over ${M} Gaussian inputs`,
    },
    mean_response_teacher: {
      y: first(meanResponse(yrT, xr, M, horizon, nx, ny), horizon),
      label: `teacher E[y_j x_0] over ${M} Gaussian inputs`,
    },
    mse_by_length: { x: mse.slice(0, maxLength).map((_, i) => i + 1), y: mse.slice(0, maxLength) },
  }
  return { metrics, series }
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length
}
