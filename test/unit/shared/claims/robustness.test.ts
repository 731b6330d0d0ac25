/** Robustness of a verdict: seed bootstrap, thresholds ×0.5 and ×2, the horizon halved (src-shared/claims/robustness.ts). */
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

test('withHorizon recomputes the stored errors from the stored responses (factor 1 gives them back; halved is no larger)', () => {
  for (const run of fixtureRuns('iclr23-fig1a')) {
    const same = withHorizon(run, 1)!
    const stored = run.metrics.extrapolation_error as number
    // The fixtures keep 7 significant digits.
    assert.ok(Math.abs((same.metrics.extrapolation_error as number) - stored) <= 1e-6 * Math.max(1, Math.abs(stored)), `${JSON.stringify(run.params)}: ${same.metrics.extrapolation_error} vs ${stored}`)
    const half = withHorizon(run, 0.5)!
    assert.ok((half.metrics.zero_error as number) <= (run.metrics.zero_error as number) * (1 + 1e-6))
    assert.equal(withHorizon(run, 2), null, 'the responses end at the horizon: doubling is not available')
  }
})

test('a run whose responses were not stored cannot have its horizon moved; runs without an extrapolation error are untouched', () => {
  const [run] = fixtureRuns('iclr23-fig1b')
  assert.equal(withHorizon({ ...run, series: {} }, 0.5), null)
  const other = fixtureRuns('emami21-fig1-dynamics')[0]
  assert.equal(withHorizon(other, 0.5), other)
})
