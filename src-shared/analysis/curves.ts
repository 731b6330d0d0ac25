/**
 * Curves of many runs made comparable: EMA smoothing, a change of x axis (epochs, or another series' values), and
 * per-group aggregation onto one x grid as mean ± std, median and min–max bands. Pure.
 */
import type { Series } from '../api/results'

/** One group's band: at each x, statistics over the group's runs that have a finite value there. */
export interface CurveBand {
  /** The grouping parameter's value, and how many runs the group holds. */
  value: unknown
  runs: number
  x: number[]
  mean: Array<number | null>
  /** Population standard deviation (ddof = 0), as the scalar grouping uses. */
  std: Array<number | null>
  median: Array<number | null>
  min: Array<number | null>
  max: Array<number | null>
}

/**
 * Exponential moving average with TensorBoard's debiasing: s_t = w s_{t-1} + (1 - w) y_t, shown as s_t / (1 - w^n)
 * so the start is not pulled towards zero. Non-finite points pass through and do not update the average.
 */
export function emaSmooth(y: readonly number[], weight: number): number[] {
  if (!(weight > 0)) return [...y]
  if (weight >= 1) throw new Error(`smoothing: expected a weight in [0, 1), got ${weight}`)
  let average = 0
  let count = 0
  return y.map((v) => {
    if (!Number.isFinite(v)) return v
    average = weight * average + (1 - weight) * v
    count++
    return average / (1 - weight ** count)
  })
}

/** y(x) by linear interpolation on points sorted by x; null outside [x_0, x_last]. */
export function interpolate(xs: readonly number[], ys: readonly number[], at: number): number | null {
  if (xs.length === 0 || at < xs[0] || at > xs[xs.length - 1]) return null
  let lo = 0
  let hi = xs.length - 1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (xs[mid] <= at) lo = mid
    else hi = mid
  }
  if (xs[hi] === xs[lo]) return ys[lo]
  const t = (at - xs[lo]) / (xs[hi] - xs[lo])
  return ys[lo] + t * (ys[hi] - ys[lo])
}

/** Points sorted by x with non-finite x dropped (a curve re-parameterised by another series need not be monotone). */
function sortedPoints(series: Series): { x: number[]; y: number[] } {
  const points = series.y
    .map((y, i) => [series.x?.[i] ?? i, y] as const)
    .filter(([x]) => Number.isFinite(x))
    .sort((a, b) => a[0] - b[0])
  return { x: points.map((p) => p[0]), y: points.map((p) => p[1]) }
}

/** A curve against another series' values at the same x (both series sample one training run). */
export function againstSeries(series: Series, xSeries: Series): Series {
  const source = sortedPoints(xSeries)
  const x = series.y.map((_, i) => interpolate(source.x, source.y, series.x?.[i] ?? i) ?? Number.NaN)
  return { x, y: [...series.y] }
}

/** A step-indexed curve in epochs: one epoch is trainSize / batchSize steps. */
export function inEpochs(series: Series, batchSize: number, trainSize: number): Series {
  const stepsPerEpoch = trainSize / Math.min(batchSize, trainSize)
  return { x: series.y.map((_, i) => (series.x?.[i] ?? i) / stepsPerEpoch), y: [...series.y] }
}

/** A series' x; points without one are at their index. */
const xOf = (series: Series): number[] => series.x ?? series.y.map((_, i) => i)

function sameX(curves: readonly Series[]): boolean {
  const first = xOf(curves[0])
  return curves.every((c) => {
    const x = xOf(c)
    return x.length === first.length && x.every((v, i) => v === first[i])
  })
}

/**
 * The curves on one x grid: their own x when all share it, else `points` evenly spaced x over the range all of them
 * cover (interpolated), so every statistic at an x is over the same runs.
 */
export function alignCurves(curves: readonly Series[], points = 200): { x: number[]; ys: Array<Array<number | null>> } {
  if (curves.length === 0) return { x: [], ys: [] }
  if (sameX(curves)) return { x: xOf(curves[0]), ys: curves.map((c) => [...c.y]) }
  const sorted = curves.map(sortedPoints).filter((c) => c.x.length > 0)
  const lo = Math.max(...sorted.map((c) => c.x[0]))
  const hi = Math.min(...sorted.map((c) => c.x[c.x.length - 1]))
  if (!(hi > lo)) return { x: [], ys: [] }
  const x = Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1))
  return { x, ys: sorted.map((c) => x.map((at) => interpolate(c.x, c.y, at))) }
}

/** Statistics over the finite values at one x. */
function pointStats(values: Array<number | null>) {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b)
  if (xs.length === 0) return { mean: null, std: null, median: null, min: null, max: null }
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length)
  const mid = xs.length >> 1
  const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2
  return { mean, std, median, min: xs[0], max: xs[xs.length - 1] }
}

/** One group's curves as a band (they are aligned first). */
export function curveBand(value: unknown, curves: readonly Series[], points = 200): CurveBand {
  const { x, ys } = alignCurves(curves, points)
  const band: CurveBand = { value, runs: curves.length, x, mean: [], std: [], median: [], min: [], max: [] }
  x.forEach((_, i) => {
    const stats = pointStats(ys.map((y) => y[i]))
    band.mean.push(stats.mean)
    band.std.push(stats.std)
    band.median.push(stats.median)
    band.min.push(stats.min)
    band.max.push(stats.max)
  })
  return band
}
