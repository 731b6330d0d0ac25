/**
 * AISTATS22, EMAMI21 and PROCA presets at quick scale, trained live and read through their claims: the verdicts must
 * be the ones the recorded fixtures read (QUICK_VERDICTS). The slow quick sweeps (AISTATS22 Fig. 1, 2 and 5 with gated
 * students, EMAMI21 Fig. 3 and Table 1) are not trained here: test/unit/shared/claims/verdicts.test.ts reads their
 * fixtures, gatedFig*.test.ts trains their gated students against the same claims' checks, and
 * test/reproduction/experiments/emami21Fig3.test.ts and emami21Table1.test.ts run the EMAMI21 ones.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { QUICK_VERDICTS } from '../../helpers/claimFixtures'
import { quickClaims } from '../../helpers/claimRuns'

const live = ['aistats22-fig3-slackness', 'aistats22-fig4-weight-dynamics', 'aistats22-counterexamples', 'emami21-fig1-dynamics', 'emami21-fig4-width', 'proca-fig1-modes', 'proca-fig2-landscape']

for (const presetId of live) {
  const expected = QUICK_VERDICTS[presetId]
  test(`${presetId}: the live quick sweep reads ${Object.values(expected).join(', ')}`, () => {
    for (const claim of quickClaims(presetId)) assert.equal(claim.outcome.verdict, expected[claim.id], `${claim.id}: ${claim.outcome.sentence}`)
  })
}
