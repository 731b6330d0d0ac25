/**
 * ICLR23 at quick scale read through the presets' claims (the verdicts the Reproduce view and the report show).
 * Where a quick sweep cannot show a claim in full, the expected verdict says so and the reason is beside it.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { quickClaims, verdictOf } from '../../helpers/claimRuns'

test('iclr23-fig1a: high error below the transition; above it only the stable teachers reach < 0.5 of the zero solution', () => {
  const claims = quickClaims('iclr23-fig1a')
  const { verdict, message } = verdictOf(claims, 'transition')
  // The literal U[0.6, 1.05] teachers of seeds 0 and 1 have an eigenvalue above 1 whose tail dominates both errors up
  // to the horizon, so the ratio of means at k ≥ 12 stays above 0.5: partly, never fails.
  assert.ok(verdict === 'holds' || verdict === 'partly', message)
  const outcome = claims[0].outcome
  assert.ok(outcome.numbers.some((n) => /k = [234]\b/.test(n.label) && (n.value ?? 0) >= 0.5), message)
  const stable = outcome.numbers.find((n) => /stable teacher/.test(n.label))
  if (stable) assert.ok((stable.value ?? 1) < 0.5, message)
})

test('iclr23-fig1b, fig3b, fig6: the transition holds at quick scale', () => {
  for (const [id, claim] of [['iclr23-fig1b', 'transition'], ['iclr23-fig3b', 'transition'], ['iclr23-fig6-impulse', 'two-more-steps']]) {
    const { verdict, message } = verdictOf(quickClaims(id), claim)
    assert.equal(verdict, 'holds', `${id}: ${message}`)
  }
})

test('iclr23-fig3a: the transition holds at quick scale', {
  todo: 'not reproduced at quick scale with stable teachers: the general student\'s error / zero-solution error falls from k = 2 to 16 for every seed but starts low (mean 0.13 at k = 2, no high regime) and ends at 0.27 / 0.14 / 0.024 at k = 16 (not < 0.1 for every seed)',
}, () => {
  const { verdict, message } = verdictOf(quickClaims('iclr23-fig3a'), 'transition')
  assert.equal(verdict, 'holds', message)
})

test('iclr23-fig4-init-scale and fig5: larger init and shorter k do worse (fig4 by less than the 2× that "holds" needs)', () => {
  const fig4 = verdictOf(quickClaims('iclr23-fig4-init-scale'), 'init-scale')
  // Width 20, k = 8, seeds 0–2: init 0.1 gives 1.4× the error of 1e-3 (partly); a smaller init doing worse fails.
  assert.ok(fig4.verdict === 'holds' || fig4.verdict === 'partly', fig4.message)
  const fig5 = verdictOf(quickClaims('iclr23-fig5-impulse'), 'longer-k-extrapolates')
  assert.ok(fig5.verdict === 'holds' || fig5.verdict === 'partly', fig5.message)
})
