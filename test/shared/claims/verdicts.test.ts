/**
 * What each preset's recorded quick sweep reads today, through its claims (the verdict the Reproduce view shows),
 * and the verdict semantics themselves. The expected verdicts are the claims' own output on the fixtures; a change
 * to a claim or a re-recorded fixture that moves one shows here, with the claim's sentence as the message.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { presetClaims, presetVerdict, verdictFromChecks, type ClaimCheck, type EvaluatedClaim } from '../../../src-shared/claims'
import { fixtureClaims } from '../../helpers/claimFixtures'

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

/** The quick sweeps' verdicts, claim by claim, as the claims read the recorded runs. */
const QUICK: Record<string, Record<string, string>> = {
  'iclr23-fig1a': { transition: 'partly' },
  'iclr23-fig1b': { transition: 'holds' },
  'iclr23-fig2-gru': { 'critical-length': 'not run at this scale' },
  'iclr23-fig3a': { transition: 'fails' },
  'iclr23-fig3b': { transition: 'holds' },
  'iclr23-fig4-init-scale': { 'init-scale': 'partly' },
  'iclr23-fig5-impulse': { 'longer-k-extrapolates': 'fails' },
  'iclr23-fig6-impulse': { 'two-more-steps': 'holds' },
  'aistats22-fig1-memoryless': { 'gd-extrapolates': 'partly' },
  'aistats22-fig2-teacher-dim3': { 'gd-extrapolates': 'partly' },
  'aistats22-fig3-slackness': { slackness: 'holds' },
  'aistats22-fig4-weight-dynamics': { symmetry: 'holds' },
  'aistats22-fig5-teacher-dim': { 'two-regimes': 'fails' },
  'aistats22-counterexamples': { constructions: 'holds' },
  'emami21-fig1-dynamics': { 'twins-match': 'holds' },
  'emami21-fig3-delay': { 'delay-bias': 'partly' },
  'emami21-fig4-width': { 'wider-closer': 'holds' },
  // S1 at quick: Conv1D 0.623 / 0.631 below the RNN's 0.646 / 0.649; the RNN 0.022 from its twin on limited data.
  'emami21-table1-s1': { 'conv1d-ridge': 'holds', 'conv1d-best-whole': 'fails', 'rnn-equals-scaled': 'fails', 'conv1d-limited': 'holds' },
  'proca-fig1-modes': { 'closed-form': 'holds' },
  'proca-fig2-landscape': { 'global-minima': 'holds' },
}

for (const [presetId, expected] of Object.entries(QUICK)) {
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
