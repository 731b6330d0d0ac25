// The pieces that keep Table 1 stable on any recording: the stopping rule consulted from step 0, the step size from
// the windows' curvature, and the divergence guard.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { TwinModel } from '../../../../src-shared/experiments/emami21Models'
import { TwinSchedule } from '../../../../src-shared/experiments/emami21Schedule'
import { DivergenceGuard, MAX_BACKOFFS, stepCurvature } from '../../../../src-shared/experiments/emami21Steps'
import type { TwinModelName } from '../../../../src-shared/spec/options'

const model = (name: TwinModelName, size = 1) => ({ name, params: new Float64Array(size), grad: new Float64Array(size) }) as unknown as TwinModel

test('the twin schedule stops a converging curve when it is consulted from step 0 (Table 1 records step 0 before training)', () => {
  // A held-out curve like Table 1's: 78 at step 0, 1.7 by the first check, then creeping down by < 0.1% per check.
  const curve = (k: number) => (k === 0 ? 78 : 1.7 * (1 + 0.0005 * Math.exp(-k / 50)))
  const run = (fromZero: boolean) => {
    const models = [model('rnn'), model('scaled_conv1d')]
    const schedule = new TwinSchedule(models, { every: 50, patience: 20, minImprovement: 1e-3 })
    for (let k = fromZero ? 0 : 1; k <= 200 && schedule.training(0); k++) schedule.record(50 * k, [curve(k) / 2, curve(k) / 2], models)
    return schedule.report(0, 10_000)
  }
  // From step 0 the curve leaves its plateau (1.7 < 0.1 × 78) and the rule fires 20 checks after its best.
  const fromZero = run(true)
  assert.equal(fromZero.converged, 1)
  assert.equal(fromZero.stoppedAt, 50 * 21)
  // First consulted at step 50 the same curve never counts as off its plateau and runs its whole budget.
  assert.deepEqual(run(false), { converged: 0, stoppedAt: 10_000, bestStep: 50 * 200 })
})

test('stepCurvature: λ_max by power iteration against a known spectrum, and the minibatch noise term tr(H)/(n_y B)', () => {
  // G over one input and three taps: diag(4, 1, 1) plus a coupling; eigenvalues of [[4, 1], [1, 1]] and 1.
  const gram = Float64Array.of(4, 1, 0, 1, 1, 0, 0, 0, 1)
  const top = (5 + Math.sqrt(13)) / 2
  const full = stepCurvature(gram, 3, 1, null, 2, 10, 10)
  // The iteration stops when λ moves by < 1e-4 relative: ample for a step size.
  assert.ok(Math.abs(full.lambdaMax - top) < 1e-4 * top, `${full.lambdaMax} vs ${top}`)
  assert.equal(full.effective, full.lambdaMax, 'a batch of every window adds no noise')
  assert.ok(full.products < 100)
  // Batch of 2 of 10 windows, norm 2: tr(DGD) = 6, noise = 2·6/2/2 = 3.
  const mini = stepCurvature(gram, 3, 1, null, 2, 2, 10)
  assert.ok(Math.abs(mini.effective - (mini.lambdaMax + 3)) < 1e-12)
  // ρ = (1, 1, 9) scales tap 2 by 3: D G D = [[4, 1, 0], [1, 1, 0], [0, 0, 9]], λ_max = 9 (×2/norm = 9).
  assert.ok(Math.abs(stepCurvature(gram, 3, 1, Float64Array.of(1, 1, 9), 2, 10, 10).lambdaMax - 9) < 1e-3)
})

test('the divergence guard: a non-finite or risen loss restores the group\'s last sound parameters, halves its step and says when', () => {
  const models = [model('rnn', 2), model('scaled_conv1d', 2), model('conv1d', 2)]
  const lrs = [0.1, 0.1, 0.05]
  const guard = new DivergenceGuard(models, [[0, 1], [2]], lrs)
  guard.setStart([10, 10, 10])
  models.forEach((m, i) => m.params.fill(i + 1))
  guard.keep([5, 5, 5])
  // The RNN's loss turns NaN at step 7 after its parameters moved: both twins go back and halve; the Conv1D is untouched.
  models.forEach((m) => m.params.fill(NaN))
  models[2].params.fill(33)
  assert.deepEqual(guard.check(7, [NaN, 4, 4]).sort(), [0, 1])
  assert.deepEqual(Array.from(models[0].params), [1, 1])
  assert.deepEqual(Array.from(models[1].params), [2, 2])
  assert.deepEqual(Array.from(models[2].params), [33, 33])
  assert.deepEqual(lrs, [0.05, 0.05, 0.05])
  // A loss above 3× where it started is divergence too; a finite loss below that bound is sound, and a model that did
  // not train this step (null) is not judged.
  assert.deepEqual(guard.check(8, [null, null, 100]), [2])
  guard.backoffs[2].pop()
  lrs[2] *= 2
  models[2].params.fill(33)
  assert.deepEqual(guard.check(9, [29, 29, 31]), [2])
  assert.deepEqual(Array.from(models[2].params), [3, 3])
  assert.deepEqual(guard.backoffs, [[7], [7], [9]])
  assert.match(guard.warning(0)!, /^rnn: the loss diverged and the step was halved 1 time\(s\) \(at step 7\).*lr 0\.0500/)
  assert.equal(new DivergenceGuard(models, [[0]], [1]).warning(0), null)
  // Past MAX_BACKOFFS halvings the group is exhausted (it trains no more).
  for (let k = 0; k <= MAX_BACKOFFS; k++) guard.check(10 + k, [Infinity, 1, 1])
  assert.ok(guard.exhausted(0) && guard.exhausted(1) && !guard.exhausted(2))
  assert.match(guard.warning(0)!, /after 20 halvings it stopped at its last sound parameters/)
  // Parameters left non-finite are put back.
  models[2].params[0] = NaN
  assert.equal(guard.restoreNonFinite(), true)
  assert.deepEqual(Array.from(models[2].params), [3, 3])
})

test('plateau decays: at each plateau the group goes back to its best held-out parameters with half the step, then stops', () => {
  const models = [model('rnn'), model('scaled_conv1d'), model('conv1d')]
  const schedule = new TwinSchedule(models, { every: 1, patience: 3, minImprovement: 1e-3 }, 2)
  // The twins improve until check 5, then sit on a plateau (their parameters drift); the Conv1D keeps improving.
  // Step 0 sits at 1,000, so the curve is off its initial plateau (below a tenth of it) from check 1.
  const twins = (k: number) => (k === 0 ? 1000 : k <= 5 ? 60 / (k + 1) : 60 / 6 + 1)
  const halved: Array<[number, number[]]> = []
  for (let k = 0; k <= 30 && schedule.training(0); k++) {
    models.forEach((m) => m.params.fill(k))
    const h = schedule.record(k, [twins(k) / 2, twins(k) / 2, 1000 / (k + 1) ** 2], models)
    if (h.length) halved.push([k, h])
    // Put back at a plateau: the twins' parameters are those of their best check, 5.
    if (h.length) assert.deepEqual([models[0].params[0], models[1].params[0]], [5, 5])
  }
  // Patience 3 past check 5 fires at 8; after the first decay patience counts afresh (11), then the group stops (14).
  assert.deepEqual(halved, [[8, [0, 1]], [11, [0, 1]]])
  assert.deepEqual(schedule.decaysOf(0), [8, 11])
  assert.deepEqual(schedule.report(1, 100), { converged: 1, stoppedAt: 14, bestStep: 5 })
  assert.deepEqual(schedule.decaysOf(2), [])
  assert.equal(schedule.training(2), true)
  // Without decays the same curve stops at the first plateau.
  const plain = new TwinSchedule(models, { every: 1, patience: 3, minImprovement: 1e-3 })
  for (let k = 0; k <= 30 && plain.training(0); k++) assert.deepEqual(plain.record(k, [twins(k) / 2, twins(k) / 2, 1], models), [])
  assert.equal(plain.report(0, 100).stoppedAt, 8)
})
