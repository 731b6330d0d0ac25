/**
 * EMAMI21 Fig. 3 per lag: the figures (√ρ_j beside |L_j| by model, the RNN–twin gap per lag) and the drift check,
 * on a small real sweep of the preset (narrow RNN, few steps, two delays × two seeds) and on altered gaps.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { AXIS_LABELS, describeChart, describeSeries } from '../../../src-shared/catalogue'
import type { ClaimRun } from '../../../src-shared/claims'
import { kernelRegimeFigures, lagNorms, twinDriftCheck, twinGapByLag, TWIN_DRIFT } from '../../../src-shared/claims/emami21Kernels'
import { findPreset } from '../../../src-shared/presets'
import type { SweepSpecInput } from '../../../src-shared/spec/experiment'
import { runSweep } from '../../helpers/runSweep'

const base = findPreset('emami21-fig3-delay')!.build('quick') as SweepSpecInput & { base: Record<string, Record<string, unknown>> }
const small: SweepSpecInput = {
  ...base,
  base: { ...base.base, student: { ...base.base.student, width: 30 }, stopping: { maxSteps: 200 } },
  axes: [{ path: 'data.delay', values: [0, 6] }],
  seeds: [0, 1],
}
const runs: ClaimRun[] = runSweep(small).map((r) => ({ params: r.params, metrics: r.result.metrics, series: r.result.series }))

test('lagNorms: the norm of each lag\'s (n_y, n_x) block; a kernel that does not split into the lags is refused', () => {
  assert.deepEqual(lagNorms([3, 4, 0, 0, 1, 0], 3), [5, 0, 1])
  assert.throws(() => lagNorms([1, 2, 3], 2), /3 entries does not split into 2 lags/)
})

test('the per-lag RNN–twin gap adds up (in squares) to the run\'s impulse_gap', () => {
  for (const run of runs) {
    const gaps = twinGapByLag(run)!
    assert.equal(gaps.length, run.series.rho.y.length)
    const total = Math.sqrt(gaps.reduce((s, g) => s + g * g, 0))
    const stored = run.metrics.impulse_gap as number
    assert.ok(Math.abs(total - stored) <= 1e-12 * stored, `${total} vs ${stored}`)
  }
  assert.equal(twinGapByLag({ ...runs[0], series: { rho: runs[0].series.rho } }), null, 'no kernels: no gap')
})

test('the figures: kernels at the shortest and longest delay, the gap per lag; every label from the catalogue', () => {
  const figures = kernelRegimeFigures('kernel-regime', runs)
  // Two delays: the first where the RNN drifts (if any) is one of them, so two kernel charts and the gap chart.
  assert.deepEqual(figures.map((f) => f.id), ['kernel-regime-tau0', 'kernel-regime-tau6', 'kernel-regime-gap'])
  const gap = figures.find((f) => f.id === 'kernel-regime-gap')!
  assert.deepEqual(gap.lines.map((l) => l.name), ['RNN–twin gap, τ = 0', 'RNN–twin gap, τ = 6'])
  for (const f of figures) {
    assert.equal(f.xLabel, AXIS_LABELS.lag)
    assert.ok(!/^x$/i.test(f.xLabel) && !/^y$/i.test(f.yLabel), `${f.id}: axes named`)
  }
  const at6 = figures.find((f) => f.id === 'kernel-regime-tau6')!
  assert.equal(at6.yLabel, describeChart('kernel_regime')!.y)
  const names = at6.lines.map((l) => l.name)
  for (const series of ['sqrt_rho', 'kernel_norm_target', 'kernel_norm_rnn', 'kernel_norm_scaled_conv1d', 'kernel_norm_conv1d', 'kernel_norm_ridge']) assert.ok(names.includes(describeSeries(series)!.label), `${series} drawn`)
  // The target is the teacher delayed by τ: nothing before lag 6, the teachers' first lag (mean over seeds) at lag 6.
  const target = at6.lines.find((l) => l.name === describeSeries('kernel_norm_target')!.label)!
  assert.deepEqual(target.points.slice(0, 6).map((p) => p[1]), [null, null, null, null, null, null])
  const teacher0 = runs.filter((r) => r.params['data.delay'] === 6).map((r) => lagNorms(r.series.impulse_teacher.y, r.series.rho.y.length)[0])
  assert.equal(teacher0.length, 2)
  assert.ok(Math.abs((target.points[6][1] as number) - (teacher0[0] + teacher0[1]) / 2) < 1e-12)
  // √ρ_j from the stored ρ (EMAMI21 eq. 21 with ν_W = 0.3, ν_F = ν_C = 1: ρ_0 = 2).
  const sqrtRho = at6.lines.find((l) => l.name === describeSeries('sqrt_rho')!.label)!
  assert.ok(Math.abs((sqrtRho.points[0][1] as number) - Math.SQRT2) < 1e-12)
})

/** The runs with impulse_gap set per delay (same for every seed) to the given values. */
const withGaps = (gaps: Record<number, number[]>): ClaimRun[] =>
  Object.entries(gaps).flatMap(([delay, list]) => list.map((g, seed) => ({ params: { 'data.delay': Number(delay), seed }, metrics: { impulse_gap: g }, series: {} })))

test('twinDriftCheck: passes while the RNN stays its twin, and names the delay it drifts from with the seeds\' gaps', () => {
  const close = twinDriftCheck(withGaps({ 0: [0.01, 0.02], 4: [0.02, 0.03] }))!
  assert.equal(close.passed, true, close.reason)
  const drifting = twinDriftCheck(withGaps({ 0: [0.01, 0.02], 2: [0.03, 0.04], 4: [0.06, 0.2], 6: [0.43, 0.87] }))!
  assert.equal(drifting.passed, false)
  assert.match(drifting.reason, /drifts from its twin from τ = 4, kernel gap 6 %–20 % at τ = 4, 43 %–87 % at τ = 6/)
  assert.deepEqual(drifting.numbers.map((n) => n.label), [0, 2, 4, 6].map((d) => `RNN–twin kernel gap, τ = ${d}`))
  // The threshold moves the reading (robustness moves it ×0.5 and ×2).
  assert.match(twinDriftCheck(withGaps({ 0: [0.01, 0.02], 2: [0.03, 0.04], 4: [0.06, 0.2] }), TWIN_DRIFT / 2)!.reason, /from τ = 2/)
  assert.equal(twinDriftCheck(withGaps({})), null, 'no gaps stored: nothing to read')
})
