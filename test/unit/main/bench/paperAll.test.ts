/** The paper-all bench's plan: which presets at which scale, the --only subset, and --only naming an unknown id. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { paperAllPlan } from '../../../../src-main/bench/paperAll'
import { presets } from '../../../../src-shared/presets'

test('paper-all plans every sweep preset at paper scale (GRU Fig. 2 at lab) and leaves the searches out', () => {
  const plan = paperAllPlan()
  const sweeps = presets.filter((p) => !p.search).map((p) => p.id)
  assert.deepEqual(plan.map((p) => p.preset.id), sweeps)
  assert.ok(presets.some((p) => p.search), 'the registry has search presets to leave out')
  const scales = Object.fromEntries(plan.map((p) => [p.preset.id, p.scale]))
  assert.equal(scales['iclr23-fig2-gru'], 'lab')
  assert.equal(scales['iclr23-fig1a'], 'paper')
  assert.equal(scales['emami21-table1-s1'], 'paper')
})

test('--only runs the named presets in registry order, and refuses an id that is not a sweep preset, naming it', () => {
  assert.deepEqual(paperAllPlan(['emami21-fig1-dynamics', 'iclr23-fig1a']).map((p) => p.preset.id), ['iclr23-fig1a', 'emami21-fig1-dynamics'])
  assert.throws(() => paperAllPlan(['iclr23-fig1a', 'no-such']), /--only: no sweep preset "no-such"/)
  assert.throws(() => paperAllPlan(['iclr23-critical-length']), /"iclr23-critical-length"/)
})
