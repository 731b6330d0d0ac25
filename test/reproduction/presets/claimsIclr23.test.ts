/**
 * ICLR23 at quick scale, trained live and read through the presets' claims: the verdicts must be the ones the recorded
 * fixtures read (QUICK_VERDICTS), so a change in training that moves a verdict shows here. Thresholds live in the
 * claims only. ICLR23 Fig. 2 (GRU, slow) is read from its fixture alone.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { QUICK_VERDICTS } from '../../helpers/claimFixtures'
import { quickClaims } from '../../helpers/claimRuns'

for (const presetId of ['iclr23-fig1a', 'iclr23-fig1b', 'iclr23-fig3a', 'iclr23-fig3b', 'iclr23-fig4-init-scale', 'iclr23-fig5-impulse', 'iclr23-fig6-impulse']) {
  const expected = QUICK_VERDICTS[presetId]
  test(`${presetId}: the live quick sweep reads ${Object.values(expected).join(', ')}`, () => {
    for (const claim of quickClaims(presetId)) assert.equal(claim.outcome.verdict, expected[claim.id], `${claim.id}: ${claim.outcome.sentence} ${claim.outcome.departures.join(' ')}`)
  })
}
