/** Claims on synthetic sweeps: each verdict (holds, partly, fails, not run) where the numbers say so, arms, figures. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { claimsFor, evaluateClaims, presetClaims, presetVerdict, type ClaimRun } from '../../../../src-shared/claims'
import { figureData } from '../../../../src-shared/claims/figureData'
import { r2Table, r2TableFromScalars } from '../../../../src-shared/claims/r2Table'
import { scalarMetrics } from '../../../../src-shared/api/results'
import { describeMetric, describeSeries } from '../../../../src-shared/catalogue'
import { presets } from '../../../../src-shared/presets'

/** An ICLR23 run at length k with the given error and zero-solution error; a stable or unstable teacher. */
function iclrRun(k: number, seed: number, error: number, zero: number, extra: Record<string, unknown> = {}, eigMax = 0.9): ClaimRun {
  return {
    params: { 'data.length': k, seed, ...extra },
    metrics: { extrapolation_error: error, zero_error: zero },
    series: { teacher_modes: { x: [0.7, eigMax], y: [0.9, 0.1] } },
  }
}

const sweep = (ratios: Record<number, number>, extra: Record<string, unknown> = {}, eigMax = 0.9): ClaimRun[] =>
  Object.entries(ratios).flatMap(([k, r]) => [0, 1, 2].map((seed) => iclrRun(Number(k), seed, r, 1, extra, eigMax)))

const fig1a = (runs: ClaimRun[]) => evaluateClaims('iclr23-fig1a', runs, 'quick')[0].outcome

test('ICLR23 Fig. 1a: holds, fails and not run, from the ratio of means on each side of k = 2d̂ (both sides are central)', () => {
  assert.equal(fig1a(sweep({ 2: 3, 4: 0.8, 12: 0.125, 16: 0.0625 })).verdict, 'holds')
  assert.equal(fig1a(sweep({ 2: 3, 12: 0.875, 16: 0.0625 })).verdict, 'fails', 'high below, but not low at every k ≥ 12')
  assert.equal(fig1a(sweep({ 2: 0.125, 12: 0.875 })).verdict, 'fails')
  assert.equal(fig1a(sweep({ 8: 0.125 })).verdict, 'not run at this scale', 'no k ≤ 4 and no k ≥ 12')
  assert.equal(fig1a([]).verdict, 'not run at this scale')
  const outcome = fig1a(sweep({ 2: 3, 12: 0.125 }))
  assert.deepEqual(outcome.numbers.map((n) => [n.label, n.value]), [['error / zero-solution error at k = 2 (stable teachers)', 3], ['error / zero-solution error at k = 12 (stable teachers)', 0.125]])
  assert.match(outcome.sentence, /highest ratio 3 at k ≤ 4, highest 0.125 at k ≥ 12/)
})

test('ICLR23 Fig. 1a with a teacher.eigMax axis: each arm is judged, the literal arm names its unstable teachers', () => {
  const runs = [...sweep({ 2: 3, 12: 0.875 }, { 'teacher.eigMax': 1.05 }, 1.04), ...sweep({ 2: 3, 12: 0.125 }, { 'teacher.eigMax': 1 })]
  const outcome = fig1a(runs)
  assert.equal(outcome.verdict, 'partly', 'stable arm holds (central), literal arm does not (auxiliary)')
  assert.ok(outcome.numbers.some((n) => n.label === 'error / zero-solution error at k = 12 (stable teachers)' && n.value === 0.125))
  assert.ok(outcome.numbers.some((n) => n.label === 'error / zero-solution error at k = 12 (teacher.eigMax = 1.05)' && n.value === 0.875))
  assert.ok(outcome.departures.some((d) => /^teacher.eigMax = 1.05: the same transition: no \(highest ratio 3 at k ≤ 4, 0.875 at k ≥ 12/.test(d)), outcome.departures.join('\n'))
  const literalOnly = fig1a([...sweep({ 2: 3, 12: 0.125 }, { 'teacher.eigMax': 1.05 }, 1.04), ...sweep({ 2: 3, 12: 0.875 }, { 'teacher.eigMax': 1 })])
  assert.equal(literalOnly.verdict, 'fails', 'the stable arm decides: its error is not low above 2d̂')
  assert.ok(outcome.departures.some((d) => /seed 0 has λ = 1.04/.test(d)), outcome.departures.join('\n'))
  const stableOnly = fig1a(sweep({ 2: 3, 12: 0.125 }, { 'teacher.eigMax': 1 }))
  assert.equal(stableOnly.verdict, 'holds')
  assert.deepEqual(stableOnly.departures, [])
})

test('ICLR23 Fig. 2 (GRU): judged at lab and paper scale from the output error over the zero model\'s, unfitted runs left out', () => {
  const run = (k: number, ratio: number, seed = 0, fitted = 1): ClaimRun => ({ params: { 'data.length': k, seed }, metrics: { input_error_ratio: ratio, train_fitted: fitted }, series: {} })
  const outcome = (runs: ClaimRun[], scale: 'quick' | 'lab' | 'paper' = 'lab') => evaluateClaims('iclr23-fig2-gru', runs, scale)[0].outcome
  // Falling 25× to a floor reached at k_g = 40 (0.014 within 2× of the lowest 0.012; 0.03 at k_g = 20 is not).
  const falling = [run(5, 0.33), run(10, 0.11), run(20, 0.03), run(40, 0.014), run(60, 0.012)]
  assert.equal(outcome(falling, 'quick').verdict, 'not run at this scale')
  const lab = outcome(falling)
  assert.equal(lab.verdict, 'holds')
  assert.equal(lab.numbers.find((n) => n.label.startsWith('critical k_g'))?.value, 40)
  assert.match(lab.sentence, /from 0.33 at k_g = 5 to 0.012 at k_g = 60; it reaches its floor \(within 2×\) at k_g = 40/)
  // The budget note names what ran (from the runs' settings), against the paper's.
  const settings = { horizon: 80, width: 64, length: 10, maxSteps: 8000, precision: 'float32', teacherDim: null }
  const labRuns = outcome(falling.map((r) => ({ ...r, settings })))
  assert.ok(labRuns.departures.includes('This sweep: width 64 in float32, up to 8,000 steps, 1 seed (paper: width 100, up to 50,000 steps, 10 seeds).'), labRuns.departures.join('\n'))
  assert.ok(lab.departures.includes('This sweep: 1 seed (paper: width 100, up to 50,000 steps, 10 seeds).'), 'runs that do not say their width get only their seed count')
  assert.equal(outcome(falling, 'paper').verdict, 'holds')
  // Not high enough below (only 5× the longest's ratio), not low above, or neither: both are the central effect.
  assert.equal(outcome([run(5, 0.06), run(60, 0.012)]).verdict, 'fails')
  assert.equal(outcome([run(5, 9), run(60, 0.5)]).verdict, 'fails', 'falls 18×, but to half the zero model\'s error')
  assert.equal(outcome([run(5, 0.9), run(60, 0.9)]).verdict, 'fails')
  // A run still on its plateau (train_fitted = 0) would have made k_g = 60 look high; it is left out and counted.
  const withUnfitted = outcome([...falling, run(60, 0.95, 1, 0)])
  assert.equal(withUnfitted.verdict, 'holds')
  assert.ok(withUnfitted.departures.some((d) => /1 of 6 runs never fitted/.test(d)), withUnfitted.departures.join('\n'))
})

test('AISTATS22 counterexamples: fails when the constructed loss is not the closed form', () => {
  const run = (construction: string, metrics: Record<string, number>): ClaimRun => ({ params: { construction, seed: 0 }, metrics, series: {} })
  const prop = run('prop5.1', { final_loss: 0, non_extrapolating: 1, extrapolation_error: 1 })
  const lemma = (loss: number) => run('lemma6.3', { final_loss: loss, predicted_loss: 0.0021, a_asym: 0, b_minus_ct: 0, non_extrapolating: 1 })
  assert.equal(evaluateClaims('aistats22-counterexamples', [prop, lemma(0.0021)], 'quick')[0].outcome.verdict, 'holds')
  assert.equal(evaluateClaims('aistats22-counterexamples', [prop, lemma(0.5)], 'quick')[0].outcome.verdict, 'fails')
  assert.equal(evaluateClaims('aistats22-counterexamples', [prop], 'quick')[0].outcome.verdict, 'not run at this scale')
})

test('EMAMI21 Table 1: the table carries ours beside the paper\'s; RNN ≈ scaled and "Conv1D best on the whole recording" are read at every scale', () => {
  const r2 = (x: number, y: number) => ({ vel_x: x, vel_y: y })
  const runs: ClaimRun[] = [
    { params: { recording: 'whole', seed: 0 }, metrics: { r2_rnn: r2(0.5, 0.45), r2_scaled_conv1d: r2(0.45, 0.4), r2_conv1d: r2(0.66, 0.62), r2_ridge: r2(0.69, 0.68) }, series: {} },
    { params: { recording: 'limited 4.5 min', seed: 0 }, metrics: { r2_rnn: r2(0.6, 0.5), r2_scaled_conv1d: r2(0.6, 0.5), r2_conv1d: r2(0.55, 0.4), r2_ridge: r2(0.62, 0.6) }, series: {} },
  ]
  const claims = evaluateClaims('emami21-table1-s1', runs, 'quick')
  assert.deepEqual(claims.map((c) => [c.id, c.outcome.verdict]), [['conv1d-ridge', 'holds'], ['conv1d-best-whole', 'holds'], ['rnn-equals-scaled', 'fails'], ['conv1d-limited', 'holds']])
  assert.equal(evaluateClaims('emami21-table1-s1', runs, 'paper')[2].outcome.verdict, 'fails', 'whole: |0.5 − 0.45| > 0.02')
  assert.ok(claims[2].outcome.departures.some((d) => /n = 1000/.test(d)), 'at quick the equality is read with its scale named')
  const table = r2Table(runs, true)!
  assert.deepEqual(table.targets, ['vel_x', 'vel_y'])
  assert.deepEqual(table.blocks.map((b) => b.label), ['whole', 'limited 4.5 min'])
  const conv = table.blocks[0].rows.find((r) => r.model === 'conv1d')!
  assert.deepEqual([conv.ours, conv.paper], [[0.66, 0.62], [0.6565, 0.6027]])
  assert.deepEqual(table.blocks[0].rows.find((r) => r.model === 'ridge')!.paper, [null, null])
  assert.equal(r2Table([iclrRun(2, 0, 1, 1)], true), null, 'no per-model R²: no table')
  // a run that stored the least-squares fit shows it below ridge, a closed form (no paper value, no training)
  const withLeastSquares = r2Table([{ ...runs[0], metrics: { ...runs[0].metrics, r2_least_squares: r2(0.67, 0.66) } }], true)!
  assert.deepEqual(withLeastSquares.blocks[0].rows.map((r) => [r.model, r.label, r.ours, r.paper, r.training]).slice(3), [
    ['ridge', 'ridge optimum', [0.69, 0.68], [null, null], null],
    ['least_squares', 'least squares (no penalty)', [0.67, 0.66], [null, null], null],
  ])
  assert.equal(table.blocks[0].rows.some((r) => r.model === 'least_squares'), false, 'not stored: no row')
})

test('a figure from a sweep: one line per eigMax arm with its seeds, the zero solution, k = 2d̂, axes in words', () => {
  const runs = [...sweep({ 2: 3, 12: 0.875 }, { 'teacher.eigMax': 1.05 }), ...sweep({ 2: 3, 12: 0.125 }, { 'teacher.eigMax': 1 })]
  const [figure] = figureData(claimsFor('iclr23-fig1a')!.figures[0], runs, 'quick')
  assert.equal(figure.xLabel, 'training length k')
  assert.equal(figure.yLabel, 'extrapolation error')
  assert.deepEqual(figure.lines.map((l) => [l.name, l.style]), [
    ['λ_max = 1.05 (mean)', 'line'],
    ['λ_max = 1.05 (each seed)', 'dots'],
    ['λ_max = 1 (mean)', 'line'],
    ['λ_max = 1 (each seed)', 'dots'],
    ['zero solution', 'reference'],
  ])
  assert.deepEqual(figure.lines[2].points.map(([x, y]) => [x, Number(y!.toPrecision(12))]), [[2, 3], [12, 0.125]])
  assert.deepEqual(figure.xMarks, [{ at: 10, label: 'k = 2d̂' }])
  const [plain] = figureData(claimsFor('iclr23-fig1a')!.figures[0], sweep({ 2: 3 }), 'quick')
  assert.equal(plain.lines[0].name, 'extrapolation error (mean)', 'without the axis: one line named by its metric')
})

test('every preset declares claims and figures; each claim reads a declared figure; figures use catalogued names', () => {
  for (const preset of presets) {
    const entry = claimsFor(preset.id)
    assert.ok(entry && entry.claims.length > 0 && entry.figures.length > 0, `${preset.id} has claims and figures`)
    const figureIds = new Set(entry.figures.map((f) => f.id))
    for (const claim of entry.claims) {
      assert.ok(figureIds.has(claim.figure), `${preset.id}/${claim.id}: figure ${claim.figure}`)
      assert.ok(claim.quote.length > 20 && /^(AISTATS22|ICLR23|EMAMI21|PROCA)/.test(claim.section), `${preset.id}/${claim.id} quotes its paper with a section`)
    }
    for (const figure of entry.figures) {
      if (figure.kind === 'metric-vs-param') for (const y of [figure.y].flat()) assert.ok(describeMetric(y), `${preset.id}: metric ${y}`)
      if (figure.kind === 'by-length') assert.ok(describeMetric(figure.y))
      if (figure.kind === 'series') for (const s of figure.series) assert.ok(describeSeries(s.replace('{model}', 'rnn').replace('{target}', 'vel_x')), `${preset.id}: series ${s}`)
    }
  }
  assert.equal(presetClaims.length, presets.length, 'no claims for a preset that does not exist')
  assert.equal(presetVerdict([]), 'not run at this scale')
})

test('Compare: keyed R² flatten to pickable scalars, and the table rebuilds from them', () => {
  const metrics = { r2_rnn: { vel_x: 0.5, vel_y: 0.4 }, r2_ridge: { vel_x: 0.69, vel_y: 0.68 }, final_loss: 1, mse_by_length: [1, 2] }
  const values = scalarMetrics(metrics)
  assert.deepEqual(values, { 'r2_rnn.vel_x': 0.5, 'r2_rnn.vel_y': 0.4, 'r2_ridge.vel_x': 0.69, 'r2_ridge.vel_y': 0.68, final_loss: 1 })
  const table = r2TableFromScalars([{ params: { recording: 'whole', seed: 0 }, values }])!
  assert.deepEqual(table.blocks[0].rows.map((r) => [r.label, r.ours, r.paper]), [['RNN', [0.5, 0.4], [0.6462, 0.5911]], ['ridge optimum', [0.69, 0.68], [null, null]]])
  assert.equal(r2TableFromScalars([{ params: {}, values: { final_loss: 1 } }]), null)
  // Runs that differ only by seed (a synthetic EMAMI21 sweep) are told apart by it, and have no paper numbers.
  const bySeed = r2TableFromScalars([0, 1].map((seed) => ({ params: { seed }, values: { 'r2.y0': 0.99, 'r2_rnn.y0': 0.99, 'r2_scaled_conv1d.y0': 0.98 } })))!
  assert.deepEqual(bySeed.blocks.map((b) => b.label), ['seed = 0', 'seed = 1'])
  assert.ok(bySeed.blocks.every((b) => b.rows.every((r) => r.paper.every((v) => v === null))))
})
