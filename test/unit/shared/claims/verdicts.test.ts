/**
 * What each preset's recorded quick sweep reads today, through its claims (the verdict the Reproduce view shows),
 * and the verdict semantics themselves. The expected verdicts are the claims' own output on the fixtures; a change
 * to a claim or a re-recorded fixture that moves one shows here, with the claim's sentence as the message.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { presetClaims, presetVerdict, verdictFromChecks, type ClaimCheck, type EvaluatedClaim } from '../../../../src-shared/claims'
import { QUICK_VERDICTS, alter, claimOutcome, fixtureClaims, fixtureRuns } from '../../../helpers/claimFixtures'

const check = (role: ClaimCheck['role'], passed: boolean): ClaimCheck => ({ id: `${role}-${passed}`, role, label: role, passed })

test('verdict semantics: a failed central check fails; else a failed auxiliary one is partly; else holds', () => {
  assert.equal(verdictFromChecks([check('central', true), check('auxiliary', true)]), 'holds')
  assert.equal(verdictFromChecks([check('central', true), check('auxiliary', false)]), 'partly')
  assert.equal(verdictFromChecks([check('central', false), check('auxiliary', true)]), 'fails')
  assert.equal(verdictFromChecks([check('central', true), check('central', false)]), 'fails')
  assert.equal(verdictFromChecks([]), 'not run at this scale')
})

test('every claim names its central effect and every threshold it reads is declared', () => {
  for (const preset of presetClaims) {
    for (const claim of preset.claims) {
      assert.ok(claim.central.length > 10, `${preset.presetId}/${claim.id}: central effect`)
      assert.equal(new Set(claim.thresholds.map((t) => t.id)).size, claim.thresholds.length, `${preset.presetId}/${claim.id}: threshold ids unique`)
    }
  }
})

test('a preset with a claim not run at this scale is never "holds"', () => {
  const ran = (verdict: EvaluatedClaim['outcome']['verdict']): EvaluatedClaim => ({ id: verdict, figure: '', quote: '', section: '', central: '', outcome: { verdict, sentence: '', numbers: [], departures: [] } })
  assert.equal(presetVerdict([ran('holds'), ran('not run at this scale')]), 'partly')
  assert.equal(presetVerdict([ran('holds'), ran('holds')]), 'holds')
  assert.equal(presetVerdict([ran('not run at this scale')]), 'not run at this scale')
})

for (const [presetId, expected] of Object.entries(QUICK_VERDICTS)) {
  test(`${presetId}: the recorded quick sweep reads ${Object.values(expected).join(', ')}`, () => {
    const claims = fixtureClaims(presetId)
    assert.deepEqual(claims.map((c) => c.id).sort(), Object.keys(expected).sort())
    for (const claim of claims) assert.equal(claim.outcome.verdict, expected[claim.id], `${claim.id}: ${claim.outcome.sentence} ${claim.outcome.departures.join(' ')}`)
  })
}

test('the quick sweeps\' departures name why: Fig. 1a\'s literal arm, Fig. 3 EMAMI21\'s RNN leaving its twin, AISTATS22 Fig. 5 at d* = 4', () => {
  const fig1a = fixtureClaims('iclr23-fig1a')[0].outcome
  assert.ok(fig1a.checks!.some((c) => c.role === 'auxiliary' && !c.passed && /eigMax = 1\.05/.test(c.label)), fig1a.sentence)
  const fig3 = fixtureClaims('emami21-fig3-delay')[0].outcome
  assert.deepEqual(fig3.checks!.filter((c) => !c.passed).map((c) => c.id), ['rnn-follows-twin', 'rnn-kernel-twin'])
  assert.match(fig3.departures.join(' '), /drifts from its twin from τ = 4, kernel gap/)
  const fig5 = fixtureClaims('aistats22-fig5-teacher-dim')[0].outcome
  assert.ok(fig5.checks!.some((c) => c.role === 'central' && !c.passed && /d\* = 4/.test(c.label)), fig5.sentence)
})

test('emami21-table1-s1: "Conv1D best on the whole recording" can hold — it fails on S1 at quick because the Conv1D is below the RNN', () => {
  const best = alter(fixtureRuns('emami21-table1-s1'), (m) => {
    m.r2_conv1d = Object.fromEntries(Object.keys(m.r2_conv1d as object).map((t) => [t, 0.68]))
  })
  const { outcome, message } = claimOutcome('emami21-table1-s1', 'conv1d-best-whole', best)
  assert.equal(outcome.verdict, 'holds', message)
})
