/**
 * EMAMI21 Fig. 3 read per lag (§4, eq. 21): where the kernel regime breaks. Gradient descent moves the scaled
 * Conv1D's lag j at a rate ∝ ρ_j, and the wide RNN is that model's twin only while it stays in the kernel regime.
 * Here: √ρ_j beside each model's |L_j| and the RNN–twin gap per lag (as figures), and the delay from which the RNN
 * leaves its twin (as a check a claim reads). Read from stored kernels; no training.
 */
import { axisLabel, describeChart, seriesLabel, seriesName, TWIN_MODEL_NAMES } from '../catalogue'
import type { FigureData } from './figureLines'
import { fmt, mean, metricOf, num, numericValues, where } from './runs'
import type { ClaimNumber, ClaimRun } from './types'

/** Above this kernel gap (‖L_RNN − L_scaled‖ / ‖L_scaled − L(0)‖, the metric impulse_gap) the RNN has left its twin. */
export const TWIN_DRIFT = 0.05

const DELAY = 'data.delay'

/** Norm of each lag's block of a kernel stored as (K, n_y, n_x) flattened. */
export function lagNorms(kernel: readonly number[], taps: number): number[] {
  const slab = kernel.length / taps
  if (!Number.isInteger(slab) || slab < 1) throw new Error(`a kernel of ${kernel.length} entries does not split into ${taps} lags`)
  return Array.from({ length: taps }, (_, j) => Math.sqrt(kernel.slice(j * slab, (j + 1) * slab).reduce((s, v) => s + v * v, 0)))
}

/** Per lag, ‖L_j,RNN − L_j,scaled‖ over the distance the scaled twin moved from L(0); null when a kernel is missing. */
export function twinGapByLag(run: ClaimRun): number[] | null {
  const rnn = run.series[seriesName.impulseOf('rnn')]?.y
  const scaled = run.series[seriesName.impulseOf('scaled_conv1d')]?.y
  const init = run.series[seriesName.impulseInit]?.y
  const taps = run.series.rho?.y.length
  if (!rnn || !scaled || !init || !taps) return null
  const moved = Math.sqrt(scaled.reduce((s, v, i) => s + (v - init[i]) ** 2, 0))
  return lagNorms(rnn.map((v, i) => v - scaled[i]), taps).map((g) => g / moved)
}

/** The RNN–twin kernel gap (impulse_gap) at each delay, per seed, delays ascending. */
export function twinDrift(runs: readonly ClaimRun[]): Array<{ delay: number; gaps: number[]; mean: number }> {
  return numericValues(runs, DELAY)
    .map((delay) => {
      const gaps = where(runs, { [DELAY]: delay }).map((r) => metricOf(r, 'impulse_gap')).filter((g): g is number => g !== null)
      return { delay, gaps, mean: mean(gaps) }
    })
    .filter((d) => d.gaps.length > 0)
}

/** The first delay whose mean gap exceeds the threshold (the RNN has left its twin), or null. */
export function firstDrift(drift: ReturnType<typeof twinDrift>, threshold = TWIN_DRIFT): number | null {
  return drift.find((d) => d.mean > threshold)?.delay ?? null
}

const range = (xs: readonly number[]) => (xs.length > 1 ? `${pct(Math.min(...xs))}–${pct(Math.max(...xs))}` : pct(xs[0]))
const pct = (x: number) => `${fmt(100 * x, 2)} %`

/**
 * The auxiliary reading of Fig. 3: "these models" (the RNN and its scaled twin) share the bias only while the RNN
 * stays the twin. Passes when the mean kernel gap is within `threshold` at every delay; otherwise the reason says from
 * which delay it is not, with the seeds' gaps there. Null when the sweep stores no gap (no RNN, or no twin).
 */
export function twinDriftCheck(runs: readonly ClaimRun[], threshold = TWIN_DRIFT): { passed: boolean; label: string; reason: string; numbers: ClaimNumber[] } | null {
  const drift = twinDrift(runs)
  if (drift.length === 0) return null
  const from = firstDrift(drift, threshold)
  const label = `the RNN's kernel within ${pct(threshold)} of its scaled twin's at every delay (mean gap over the distance moved)`
  const numbers = drift.map((d) => num(`RNN–twin kernel gap, τ = ${d.delay}`, d.mean))
  if (from === null) return { passed: true, label, reason: `largest mean gap ${pct(Math.max(...drift.map((d) => d.mean)))}`, numbers }
  const detail = drift.filter((d) => d.delay >= from).slice(0, 2).map((d) => `${range(d.gaps)} at τ = ${d.delay}`).join(', ')
  return { passed: false, label, reason: `the RNN drifts from its twin from τ = ${from}, kernel gap ${detail}: there it leaves the kernel regime`, numbers }
}

/** Mean over runs of per-lag values; runs lacking them are skipped. */
function meanByLag(rows: Array<number[] | null>): number[] | null {
  const present = rows.filter((r): r is number[] => r !== null)
  if (present.length === 0) return null
  return present[0].map((_, j) => mean(present.map((r) => r[j])))
}

const points = (values: readonly number[]): Array<[number, number | null]> => values.map((v, j) => [j, Number.isFinite(v) && v > 0 ? v : null])

/** √ρ_j beside |L_j| of the target, each model and the ridge optimum at one delay (means over seeds). */
function kernelsAtDelay(id: string, runs: readonly ClaimRun[], delay: number): FigureData | null {
  const taps = runs[0]?.series.rho?.y.length
  if (!taps) return null
  const chart = describeChart('kernel_regime')!
  const norms = (series: string) => meanByLag(runs.map((r) => (r.series[series] ? lagNorms(r.series[series].y, taps) : null)))
  const lines: FigureData['lines'] = [{ name: seriesLabel('sqrt_rho'), style: 'reference', group: 0, points: points(runs[0].series.rho.y.map(Math.sqrt)) }]
  const teacher = norms(seriesName.impulseTeacher)
  if (teacher) lines.push({ name: seriesLabel('kernel_norm_target'), style: 'line', dashed: true, group: 4, points: points(teacher.map((_, j) => (j >= delay ? teacher[j - delay] : 0))) })
  TWIN_MODEL_NAMES.forEach((model, group) => {
    const values = norms(seriesName.impulseOf(model))
    if (values) lines.push({ name: seriesLabel(`kernel_norm_${model}`), style: 'line', group, points: points(values) })
  })
  const ridge = norms(seriesName.impulseRidge)
  if (ridge) lines.push({ name: seriesLabel('kernel_norm_ridge'), style: 'line', group: 3, points: points(ridge) })
  const seeds = runs.length > 1 ? ` (mean of ${runs.length} seeds)` : ''
  return { id: `${id}-tau${delay}`, title: `τ = ${delay}: ${chart.title}${seeds}`, xLabel: axisLabel(chart.x), yLabel: chart.y, xType: 'value', logY: true, lines, xMarks: delay > 0 ? [{ at: delay, label: `τ = ${delay}` }] : [], yMarks: [] }
}

/** The RNN–twin gap per lag, one line per delay (means over seeds). */
function gapByLag(id: string, runs: readonly ClaimRun[]): FigureData | null {
  const chart = describeChart('kernel_gap')!
  const lines: FigureData['lines'] = []
  numericValues(runs, DELAY).forEach((delay, group) => {
    const gaps = meanByLag(where(runs, { [DELAY]: delay }).map(twinGapByLag))
    if (gaps) lines.push({ name: `${seriesLabel('kernel_gap_by_lag')}, τ = ${delay}`, style: 'line', group, points: gaps.map((g, j) => [j, g]) })
  })
  if (lines.length === 0) return null
  return { id: `${id}-gap`, title: chart.title, xLabel: axisLabel(chart.x), yLabel: chart.y, xType: 'value', logY: false, lines, xMarks: [], yMarks: [] }
}

/**
 * The figures: kernels per lag at the shortest delay, the first delay where the RNN leaves its twin and the longest
 * delay; then the RNN–twin gap per lag at every delay.
 */
export function kernelRegimeFigures(id: string, runs: readonly ClaimRun[]): FigureData[] {
  const delays = numericValues(runs, DELAY)
  if (delays.length === 0) return []
  const drift = firstDrift(twinDrift(runs))
  const shown = [...new Set([delays[0], ...(drift === null ? [] : [drift]), delays[delays.length - 1]])]
  const figures = shown.map((d) => kernelsAtDelay(id, where(runs, { [DELAY]: d }), d))
  return [...figures, gapByLag(id, runs)].filter((f): f is FigureData => f !== null)
}
