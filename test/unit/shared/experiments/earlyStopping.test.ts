// Early stopping waits until the validation loss has left its plateau; train_fitted marks runs that never did.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { EarlyStopper, PLATEAU_FRACTION, trainFitted } from '../../../../src-shared/experiments/earlyStopping'

test('patience does not count on the initial plateau; it counts once the loss is below PLATEAU_FRACTION × the first', () => {
  const stopper = new EarlyStopper({ every: 10, patience: 3, minImprovement: 0 }, 1)
  const params = Float64Array.of(0)
  // 50 checks at the zero function's loss (≈ 1, with noise that never improves on the first): no stop.
  for (let i = 0; i < 50; i++) assert.equal(stopper.check(i * 10, 1 + 0.01 * (i % 3), params), false, `plateau check ${i}`)
  assert.equal(stopper.armedAt, null)
  // It learns: the loss falls to 0.05 (< 0.1 × 1) and then stalls; three checks without improvement stop it.
  params[0] = 7
  assert.equal(stopper.check(500, 0.05, params), false)
  assert.equal(stopper.armedAt, 500)
  params[0] = 8
  assert.deepEqual([510, 520, 530].map((step) => stopper.check(step, 0.06, params)), [false, false, true])
  // The best parameters (those at step 500) are restored.
  stopper.restore(params)
  assert.deepEqual([params[0], stopper.bestStep], [7, 500])
})

test('due() follows `every`; a loss that improves steadily never stops', () => {
  const stopper = new EarlyStopper({ every: 500, patience: 1, minImprovement: 0 }, 2)
  assert.deepEqual([0, 250, 500, 1000].map((s) => stopper.due(s)), [true, false, true, true])
  for (let i = 0; i < 20; i++) assert.equal(stopper.check(i * 500, 2 ** -i, new Float64Array(2)), false)
})

test('train_fitted: 1 only when the final loss is below PLATEAU_FRACTION × the initial loss', () => {
  assert.equal(PLATEAU_FRACTION, 0.1)
  assert.equal(trainFitted(1e-6, 1), 1)
  assert.equal(trainFitted(0.98, 1), 0)
  assert.equal(trainFitted(0.1, 1), 0)
  assert.equal(trainFitted(Number.NaN, 1), 0)
})
