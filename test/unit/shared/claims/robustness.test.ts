/** Robustness of a verdict: seed bootstrap, thresholds ×0.5 and ×2, the horizon halved and doubled (src-shared/claims/robustness.ts). */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { claimsFor } from '../../../../src-shared/claims'
import { claimRobustness, robustnessText, seedBootstrap, withHorizon } from '../../../../src-shared/claims/robustness'
import { alter, fixtureRuns } from '../../../helpers/claimFixtures'

const claim = (presetId: string, id: string) => claimsFor(presetId)!.claims.find((c) => c.id === id)!

test('a clearly held claim is robust: ICLR23 Fig. 1b quick (errors far from both thresholds in every seed)', () => {
  const runs = fixtureRuns('iclr23-fig1b')
  const r = claimRobustness(claim('iclr23-fig1b', 'transition'), runs, 'quick')
  assert.equal(r.kind, 'robust', robustnessText(r))
  assert.equal(r.bootstrapShare, 1)
  assert.equal(r.resamples, 200)
  assert.ok(r.perturbations.some((p) => p.label === 'high-error ratio ×0.5' && p.verdict === 'holds'), JSON.stringify(r.perturbations))
  assert.ok(r.perturbations.some((p) => p.label === 'horizon halved' && p.verdict === 'holds'), JSON.stringify(r.perturbations))
  assert.ok(r.perturbations.some((p) => p.label === 'horizon doubled' && p.verdict === 'holds'), JSON.stringify(r.perturbations))
})

test('doubling the horizon reads the stored tail: a student that leaves the teacher only past the horizon flips', () => {
  // ICLR23 Fig. 1b quick: every student k ≥ 10 follows its teacher to j = 2H; bend each one's response past the horizon.
  const runs = fixtureRuns('iclr23-fig1b').map((run) => {
    const H = run.settings!.horizon
    const y = run.series.impulse_student.y.map((v, j) => (j >= H ? v + 1 : v))
    return { ...run, series: { ...run.series, impulse_student: { ...run.series.impulse_student, y } } }
  })
  const c = claim('iclr23-fig1b', 'transition')
  assert.equal(c.check(runs, 'quick').verdict, 'holds', 'the stored errors, read to the horizon, do not see the bend')
  const r = claimRobustness(c, runs, 'quick')
  assert.deepEqual(r.perturbations.filter((p) => p.label.startsWith('horizon')), [{ label: 'horizon halved', verdict: 'holds' }, { label: 'horizon doubled', verdict: 'fails' }])
  assert.equal(r.kind, 'knife-edge')
  assert.ok(r.flips.includes('fails when horizon doubled'), r.flips.join('; '))
})

test('a claim at the edge is knife-edge: AISTATS22 Fig. 4 with an asymmetry of 0.045 against 0.05 flips when the bound halves', () => {
  const runs = alter(fixtureRuns('aistats22-fig4-weight-dynamics'), (m) => {
    m.b_minus_ct = 0.045 * (m.b_norm as number)
  })
  const r = claimRobustness(claim('aistats22-fig4-weight-dynamics', 'symmetry'), runs, 'quick')
  assert.equal(r.kind, 'knife-edge')
  assert.deepEqual(r.flips, ['fails when asymmetry bound ×0.5'])
  assert.equal(robustnessText(r), 'knife-edge: flips to fails when asymmetry bound ×0.5')
})

test('one seed deciding a claim shows in the bootstrap: ICLR23 Fig. 1b with seed 0 at k = 10 just above 0.05', () => {
  const runs = alter(fixtureRuns('iclr23-fig1b'), (m, run) => {
    if (run.params['data.length'] === 10 && run.params.seed === 0) m.extrapolation_error = 0.06
  })
  const c = claim('iclr23-fig1b', 'transition')
  // The median run still extrapolates (central holds); one seed does not (auxiliary departs).
  assert.equal(c.check(runs, 'quick').verdict, 'partly')
  const boot = seedBootstrap(c, runs, 'quick', 'partly')
  // Of 3 seeds drawn with replacement, seed 0 is drawn once with probability 4/9 (partly), never with 8/27 (holds),
  // twice or more with 7/27 (its run is then the median: fails).
  assert.ok(boot.share > 0.3 && boot.share < 0.6, `share ${boot.share}`)
  assert.ok((boot.others.get('holds') ?? 0) > 0 && (boot.others.get('fails') ?? 0) > 0, JSON.stringify([...boot.others]))
  const r = claimRobustness(c, runs, 'quick')
  assert.equal(r.kind, 'knife-edge')
  assert.ok(r.flips.some((f) => /^(holds|fails) in \d+% of seed resamples$/.test(f)), r.flips.join('; '))
})

test('the bootstrap is deterministic: the same runs give the same share', () => {
  const c = claim('iclr23-fig1a', 'transition')
  const runs = fixtureRuns('iclr23-fig1a')
  const verdict = c.check(runs, 'quick').verdict
  assert.equal(seedBootstrap(c, runs, 'quick', verdict).share, seedBootstrap(c, runs, 'quick', verdict).share)
})

test('withHorizon recomputes the stored errors from the stored responses (factor 1 gives them back; halved no larger, doubled no smaller)', () => {
  for (const run of fixtureRuns('iclr23-fig1a')) {
    assert.equal(run.series.impulse_student.y.length, 2 * run.settings!.horizon, 'responses are stored to twice the horizon')
    const same = withHorizon(run, 1)!
    const stored = run.metrics.extrapolation_error as number
    // The fixtures keep 7 significant digits.
    assert.ok(Math.abs((same.metrics.extrapolation_error as number) - stored) <= 1e-6 * Math.max(1, Math.abs(stored)), `${JSON.stringify(run.params)}: ${same.metrics.extrapolation_error} vs ${stored}`)
    const half = withHorizon(run, 0.5)!
    assert.ok((half.metrics.zero_error as number) <= (run.metrics.zero_error as number) * (1 + 1e-6))
    const twice = withHorizon(run, 2)!
    // Against the errors recomputed from the same (rounded) series: a max over a longer window is never smaller.
    assert.ok((twice.metrics.extrapolation_error as number) >= (same.metrics.extrapolation_error as number))
    assert.ok((twice.metrics.zero_error as number) >= (same.metrics.zero_error as number))
    assert.equal(withHorizon(run, 3), null, 'the responses end at twice the horizon')
  }
})

test('a run whose responses were not stored cannot have its horizon moved; runs without an extrapolation error are untouched', () => {
  const [run] = fixtureRuns('iclr23-fig1b')
  assert.equal(withHorizon({ ...run, series: {} }, 0.5), null)
  assert.equal(withHorizon({ ...run, settings: undefined }, 2), null, 'a run without its horizon cannot be moved')
  const short = { ...run, series: { ...run.series, impulse_student: { ...run.series.impulse_student, y: run.series.impulse_student.y.slice(0, run.settings!.horizon) } } }
  assert.equal(withHorizon(short, 2), null, 'responses stored to the horizon only (older runs) cannot be doubled')
  assert.notEqual(withHorizon(short, 0.5), null)
  const other = fixtureRuns('emami21-fig1-dynamics')[0]
  assert.equal(withHorizon(other, 0.5), other)
})
