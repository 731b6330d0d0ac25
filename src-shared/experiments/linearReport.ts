/**
 * Metrics and charts of a linear student against its teacher (docs/experiments.md, Metrics), for trained students and
 * for constructed ones loaded without training (evaluateLinearStudent: the AISTATS22 counterexamples).
 */
import type { MetricValue, RunResult, Series } from '../api/results'
import { populationLoss } from '../engine/linearLoss'
import type { ExperimentSpec } from '../spec/experiment'
import { balance } from '../metrics/balance'
import { hoKalmanBaseline } from '../metrics/hoKalman'
import {
  errorRatio,
  extrapolationError,
  extrapolationMse,
  mseByLength,
  nonExtrapolating,
  peakResponse,
  zeroError,
  zeroTailExtrapolationMse,
  zeroTailMseByLength,
} from '../metrics/impulse'
import { connectivityModes } from '../metrics/modes'
import { slackness } from '../metrics/slackness'
import { denseImpulse, type DenseLinear, linearSnapshot } from '../teachers/linearTeacher'
import type { Teacher } from '../teachers/teacher'

/** Eigen-decompositions above this width are skipped (ml-matrix's O(d³) would dominate an EMAMI21 n = 1000 run). */
const SLACKNESS_MAX_WIDTH = 256

interface LinearReport {
  metrics: Record<string, MetricValue>
  series: Record<string, Series>
}

/**
 * Impulse responses to H = max(2 × metrics.horizon, metrics.maxLength, 2k) (twice the horizon, so robustness can read
 * the errors at a doubled horizon from the stored series); extrapolation_error and zero_error over [k, metrics.horizon). `diagonal` skips the eigen-decomposition (the eigenvalues are the diagonal, V = I).
 */
export function linearReport(student: DenseLinear, teacher: Teacher | null, spec: ExperimentSpec, diagonal = false): LinearReport {
  const k = spec.data.length
  const { horizon, maxLength } = spec.metrics
  const H = Math.max(2 * horizon, maxLength, 2 * k)
  const { dim: d, inputs: nx, outputs: ny } = student
  const slab = nx * ny
  const hS = denseImpulse(student, H)
  const metrics: Record<string, MetricValue> = {}
  const series: Record<string, Series> = {
    impulse_student: { y: firstEntry(hS, H, slab) },
  }
  const hT = teacher?.impulse(H) ?? null
  if (hT) {
    if (teacher!.inputs !== nx || teacher!.outputs !== ny) {
      throw new Error(`student has ${nx} inputs and ${ny} outputs but the teacher has ${teacher!.inputs} and ${teacher!.outputs}`)
    }
    metrics.extrapolation_error = extrapolationError(hT, hS, k, horizon, slab)
    metrics.zero_error = zeroError(hT, k, horizon, slab)
    const peak = peakResponse(hT, horizon, slab)
    metrics.non_extrapolating = nonExtrapolating(metrics.extrapolation_error, metrics.zero_error, peak)
    metrics.error_ratio = errorRatio(metrics.extrapolation_error, metrics.zero_error, peak)
    const hoKalman = hoKalmanBaseline(hT, k, horizon, ny, nx)
    metrics.ho_kalman_error = hoKalman.error
    metrics.ho_kalman_order = hoKalman.order
    series.impulse_ho_kalman = { y: firstEntry(hoKalman.impulse, H, slab), label: `Ho–Kalman realization from h_0..h_${k - 1} (order ${hoKalman.order})` }
    metrics.mse_by_length = mseByLength(hT, hS, maxLength, slab)
    metrics.extrapolation_mse = extrapolationMse(hT, hS, k, slab)
    metrics.zero_tail_mse_by_length = zeroTailMseByLength(hT, k, maxLength, slab)
    metrics.zero_tail_extrapolation_mse = zeroTailExtrapolationMse(hT, k, slab)
    series.impulse_teacher = { y: firstEntry(hT, H, slab) }
    const modes = teacherModes(teacher!)
    if (modes) series.teacher_modes = modes
  }
  const bal = balance(student.A, student.B, student.C, d, nx, ny)
  for (const [name, value] of Object.entries(bal)) metrics[name] = value
  if (diagonal || d <= SLACKNESS_MAX_WIDTH) {
    const slack = diagonal ? diagonalSlackness(student) : slackness(student.A, student.B, d, nx)
    metrics.slackness_max = slack.max
    metrics.slackness_ratio = slack.ratio
    // |λ_i|, as AISTATS22 Fig. 3 plots it (complex pairs share one modulus).
    metrics.slackness_lambda = slack.re.map((r, i) => Math.hypot(r, slack.im[i]))
    metrics.slackness_u = slack.uSigned
    metrics.slackness_lambda_u = slack.lambdaU
    metrics.spectral_radius = Math.max(0, ...slack.re.map((r, i) => Math.hypot(r, slack.im[i])))
    series.eigenvalues = { x: slack.re, y: slack.im }
    series.slackness = { x: slack.re, y: slack.lambdaU }
  }
  return { metrics, series }
}

/**
 * The teacher's modes beside the extrapolation curve (ICLR23 Lemma 7: h_j = Σ_i p_i λ_i^j, so the eigenvalues λ_i
 * and weights p_i = c_i a_i say which modes a short k can identify). x = λ_i, y = c_i a_i. Symmetric A only (the
 * balanced teachers): a defective or far-from-normal A (delay, ICLR23 Fig. 3b) gives huge cancelling weights.
 */
function teacherModes(teacher: Teacher): Series | null {
  const { A, B, C } = teacher.snapshot().tensors
  if (!A || !B || !C) return null
  const d = A.shape[0]
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) if (A.data[i * d + j] !== A.data[j * d + i]) return null
  const dims = { width: A.shape[0], inputs: B.shape[1], outputs: C.shape[0] }
  const modes = connectivityModes(Float64Array.from(A.data), Float64Array.from(B.data), Float64Array.from(C.data), dims)
  return { x: modes.map((m) => m.bRe), y: modes.map((m) => m.acRe) }
}

function firstEntry(h: Float64Array, H: number, slab: number): number[] {
  return Array.from({ length: H }, (_, j) => h[j * slab])
}

/** A diagonal A: λ_i = A_ii and u = B (V = I). */
function diagonalSlackness(sys: DenseLinear): ReturnType<typeof slackness> {
  const { dim: d, inputs: nx } = sys
  const re: number[] = []
  const u: number[] = []
  const uSigned: number[] = []
  for (let i = 0; i < d; i++) {
    re.push(sys.A[i * d + i])
    let s = 0
    for (let c = 0; c < nx; c++) s += sys.B[i * nx + c] ** 2
    u.push(Math.sqrt(s))
    uSigned.push(nx === 1 ? sys.B[i] : Math.sqrt(s))
  }
  const lambdaU = re.map((l, i) => Math.abs(l) * u[i])
  const max = Math.max(0, ...lambdaU)
  const maxLambda = Math.max(0, ...re.map(Math.abs))
  return { re, im: re.map(() => 0), u, uSigned, lambdaU, max, ratio: maxLambda > 0 ? max / maxLambda : 0 }
}

/**
 * All metrics of a given student (A, B, C) without training: final_loss is the population loss at length k (with the
 * spec's target, reduction and lossScale; Σ_{j<k} ||ĥ_j − h_j||² by default), plus the report above. steps = 0.
 */
export function evaluateLinearStudent(student: DenseLinear, teacher: Teacher | null, spec: ExperimentSpec, name = 'student'): RunResult {
  const report = linearReport(student, teacher, spec)
  const k = spec.data.length
  const hT = teacher?.impulse(k) ?? null
  if (hT) {
    const hS = denseImpulse(student, k)
    const { target, reduction, lossScale } = spec.data
    report.metrics.final_loss = populationLoss(new Float64Array(hS.length), hS, hT, k, student.outputs, student.inputs, target, reduction, lossScale)
  }
  const models: RunResult['models'] = { student: linearSnapshot(name, student) }
  if (teacher) models.teacher = teacher.snapshot()
  return { metrics: report.metrics, series: report.series, models, warnings: [], steps: 0 }
}
