/**
 * PROCA Fig. 2: the loss E(b, ac) = ½ Σ_i (s_i − ac b^{T−i})² on a grid with its negative gradient field, the global
 * minimum found numerically, and optional gradient-descent trajectories of a free mode (a, b, c) to draw on it.
 */
import type { MetricValue, RunResult, Series } from '../api/results'
import type { SequenceTeacherSpec } from '../teachers/sequence'
import type { Procedure } from './procedure'
import { descendMode, modeBetas, procaTarget, recordSteps, requireGradientDescent } from './procaMode'
import { seriesName } from '../catalogue'

/** E(b, u) with u = ac, and the negative gradient (−∂E/∂b, −∂E/∂u) written into `flow`. */
export function landscapePoint(flow: Float64Array, b: number, u: number, s: Readonly<Float64Array>): number {
  const T = s.length
  let energy = 0
  let flowB = 0
  let flowU = 0
  let pow = 1 // b^k, k = T − i
  let dpow = 0 // k b^{k−1}
  for (let k = 0; k < T; k++) {
    const r = s[T - 1 - k] - u * pow
    energy += 0.5 * r * r
    flowB += r * u * dpow
    flowU += r * pow
    dpow = b * dpow + pow
    pow *= b
  }
  flow[0] = flowB
  flow[1] = flowU
  return energy
}

/** For fixed b the loss is quadratic in u, minimised at u*(b) = β_s/β_b; E at that u (no cancellation: summed directly). */
function profile(b: number, s: Readonly<Float64Array>): { u: number; energy: number } {
  const { betaS, betaB } = modeBetas(b, s)
  const u = betaS / betaB
  const T = s.length
  let energy = 0
  let pow = 1
  for (let k = 0; k < T; k++) {
    const r = s[T - 1 - k] - u * pow
    energy += 0.5 * r * r
    pow *= b
  }
  return { u, energy }
}

/**
 * The global minimum over b in [bMin, bMax]: the profile loss min_u E(b, u) on a fine grid, then golden-section
 * search on the bracket around the best grid point down to |Δb| < 1e-12.
 */
function globalMinimum(s: Readonly<Float64Array>, bMin: number, bMax: number): { b: number; ac: number; loss: number } {
  const n = 4000
  let best = 0
  let bestEnergy = Infinity
  for (let i = 0; i <= n; i++) {
    const e = profile(bMin + ((bMax - bMin) * i) / n, s).energy
    if (e < bestEnergy) {
      bestEnergy = e
      best = i
    }
  }
  let lo = bMin + ((bMax - bMin) * Math.max(0, best - 1)) / n
  let hi = bMin + ((bMax - bMin) * Math.min(n, best + 1)) / n
  const ratio = (Math.sqrt(5) - 1) / 2
  let x1 = hi - ratio * (hi - lo)
  let x2 = lo + ratio * (hi - lo)
  let f1 = profile(x1, s).energy
  let f2 = profile(x2, s).energy
  while (hi - lo > 1e-12) {
    if (f1 <= f2) {
      hi = x2
      x2 = x1
      f2 = f1
      x1 = hi - ratio * (hi - lo)
      f1 = profile(x1, s).energy
    } else {
      lo = x1
      x1 = x2
      f1 = f2
      x2 = lo + ratio * (hi - lo)
      f2 = profile(x2, s).energy
    }
  }
  const b = (lo + hi) / 2
  const { u, energy } = profile(b, s)
  return { b, ac: u, loss: energy }
}

/** The paper's minima: constant → (1, s), expanding → (base, 1), contracting → (1/base, base^T); none for explicit data. */
function predictedMinimum(teacher: SequenceTeacherSpec, T: number): { b: number; ac: number } | null {
  if (teacher.shape === 'constant') return { b: 1, ac: teacher.base }
  if (teacher.shape === 'expanding') return { b: teacher.base, ac: 1 }
  if (teacher.shape === 'contracting') return { b: 1 / teacher.base, ac: teacher.base ** T }
  return null
}

/**
 * Options (spec/options.ts ProcaLandscapeOptions): the plotted range `bMin`..`bMax` × `acMin`..`acMax`, `grid` points
 * per axis, `trajectories` (starts { b, init, c? } with a(0) = init and c(0) = c, default init), trained with
 * optimizer.lr for stopping.maxSteps. The minimum is searched over [bMin, bMax].
 */
export const procaLandscape: Procedure<'proca-landscape'> = (spec, ctx): RunResult => {
  const s = procaTarget(spec)
  const T = s.length
  const { bMin, bMax, acMin, acMax, grid } = spec.options

  // Row-major (ac, b): cell (j, i) at j * grid + i, b = bAxis[i], ac = acAxis[j].
  const bAxis = Array.from({ length: grid }, (_, i) => bMin + ((bMax - bMin) * i) / (grid - 1))
  const acAxis = Array.from({ length: grid }, (_, j) => acMin + ((acMax - acMin) * j) / (grid - 1))
  const loss: number[] = []
  const flowB: number[] = []
  const flowAc: number[] = []
  const flow = new Float64Array(2)
  for (const ac of acAxis) {
    for (const b of bAxis) {
      loss.push(landscapePoint(flow, b, ac, s))
      flowB.push(flow[0])
      flowAc.push(flow[1])
    }
  }
  const minimum = globalMinimum(s, bMin, bMax)
  const predicted = spec.teacher.kind === 'sequence' ? predictedMinimum(spec.teacher, T) : null
  const series: Record<string, Series> = {
    landscape_b_axis: { y: bAxis },
    landscape_ac_axis: { y: acAxis },
    landscape_loss: { y: loss },
    landscape_flow_b: { y: flowB },
    landscape_flow_ac: { y: flowAc },
  }
  const metrics: Record<string, MetricValue> = {
    final_loss: minimum.loss,
    min_b: minimum.b,
    min_ac: minimum.ac,
    min_loss: minimum.loss,
    predicted_b: predicted?.b ?? null,
    predicted_ac: predicted?.ac ?? null,
    min_error: predicted ? Math.max(Math.abs(minimum.b - predicted.b), Math.abs(minimum.ac - predicted.ac)) : null,
  }

  const starts = spec.options.trajectories
  const warnings: string[] = []
  const steps = spec.stopping.maxSteps
  if (starts.length > 0 && steps > 0) {
    requireGradientDescent(spec)
    const record = recordSteps(steps, spec.metrics.curvePoints)
    const finalB: number[] = []
    const finalAc: number[] = []
    const finalLoss: number[] = []
    starts.forEach((start, n) => {
      const c0 = start.c ?? start.init
      const params = Float64Array.of(start.init, start.b, c0)
      const path = descendMode(params, s, spec.optimizer.lr, steps, true, record, spec.stopping.lossThreshold)
      const last = path.loss.length - 1
      if (!Number.isFinite(path.loss[last])) warnings.push(`trajectory ${n} diverged at step ${path.taken}; lower optimizer.lr`)
      const from = c0 === start.init ? `a = c = ${start.init}` : `a = ${start.init}, c = ${c0}`
      series[seriesName.trajectory(n)] = { x: path.b, y: path.ac, label: `(b, a·c) from b = ${start.b}, ${from}` }
      finalB.push(path.b[last])
      finalAc.push(path.ac[last])
      finalLoss.push(path.loss[last])
      ctx.onProgress({ step: n + 1, totalSteps: starts.length, loss: path.loss[last] })
    })
    metrics.trajectory_final_b = finalB
    metrics.trajectory_final_ac = finalAc
    metrics.trajectory_final_loss = finalLoss
  }
  return { metrics, series, models: {}, warnings, steps: starts.length > 0 ? steps : 0 }
}
