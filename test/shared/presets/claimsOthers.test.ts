/**
 * AISTATS22, EMAMI21 and PROCA presets at quick scale read through their claims. The slow quick sweeps (AISTATS22
 * Fig. 1, 2 and 5 with gated students, EMAMI21 Fig. 3, ICLR23 Fig. 2 with its GRU teacher) are read by their claims
 * in the end-to-end reproduce test, which runs every preset once; their own reproduction tests assert their thresholds.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { quickClaims, verdictOf } from '../../helpers/claimRuns'

const holding: Array<[string, string]> = [
  ['aistats22-fig3-slackness', 'slackness'],
  ['aistats22-fig4-weight-dynamics', 'symmetry'],
  ['aistats22-counterexamples', 'constructions'],
  ['emami21-fig1-dynamics', 'twins-match'],
  ['emami21-fig4-width', 'wider-closer'],
  ['proca-fig1-modes', 'closed-form'],
  ['proca-fig2-landscape', 'global-minima'],
]

for (const [id, claim] of holding) {
  test(`${id}: ${claim} holds at quick scale`, () => {
    const { verdict, message } = verdictOf(quickClaims(id), claim)
    assert.equal(verdict, 'holds', message)
  })
}
