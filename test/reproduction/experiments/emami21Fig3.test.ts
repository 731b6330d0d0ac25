// EMAMI21 Fig. 3 at quick scale, read through the preset's claim (src-shared/claims/emami21.ts holds the thresholds):
// the scaled Conv1D (≡ the wide RNN) is biased against delay, the Conv1D is not. Means over seeds 0–2, as the claim
// reads them; the RNN's part of the claim is read from the recorded sweep (test/unit/shared/claims).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { expandSweep } from '../../../src-shared/spec/sweep'
import { runExperiment } from '../../../src-shared/experiments/index'
import { emami21Fig3 } from '../../../src-shared/presets/emami21'
import type { ExperimentSpec, SpecOf } from '../../../src-shared/spec/experiment'
import type { TwinModelName } from '../../../src-shared/spec/options'
import { claimsFor, type ClaimRun } from '../../../src-shared/claims'
import { testContext } from '../../helpers/backends'

/** The run's spec training only `models` (the preset's runs are rnn-conv-twins runs). */
function withModels(spec: ExperimentSpec, models: TwinModelName[]): SpecOf<'rnn-conv-twins'> {
  assert.equal(spec.experiment, 'rnn-conv-twins')
  const twin = spec as SpecOf<'rnn-conv-twins'>
  return { ...twin, options: { ...twin.options, models } }
}

const runs = expandSweep(emami21Fig3.build('quick'))

const claim = (presetId: string, id: string) => claimsFor(presetId)!.claims.find((c) => c.id === id)!

test('Fig. 3 quick: the delay-bias claim\'s checks on the convolutional models pass (scaled Conv1D explodes with delay, Conv1D stays flat)', () => {
  const claimRuns: ClaimRun[] = []
  for (const run of runs) {
    if (run.spec.data.delay !== 0 && run.spec.data.delay !== 8) continue
    // The convolutional models only: the RNN is checked against its twin below and in the recorded sweep.
    const result = runExperiment(withModels(run.spec, ['scaled_conv1d', 'conv1d']), testContext)
    claimRuns.push({ params: run.params, metrics: result.metrics, series: {} })
  }
  assert.equal(claimRuns.length, 6)
  const outcome = claim('emami21-fig3-delay', 'delay-bias').check(claimRuns, 'quick')
  const passed = new Map((outcome.checks ?? []).map((c) => [c.id, c.passed]))
  for (const id of ['scaled-biased', 'conv1d-flat', 'scaled-above-conv1d']) assert.equal(passed.get(id), true, `${id}: ${outcome.sentence}`)
})

test('Fig. 3 quick: at τ = 0 the n = 200 RNN follows its scaled twin (the gap peaks in the first 300 steps)', () => {
  const run = runs.find((r) => r.spec.data.delay === 0 && r.spec.seed === 0)!
  const spec = { ...withModels(run.spec, ['rnn', 'scaled_conv1d']), stopping: { ...run.spec.stopping, maxSteps: 300 } }
  const result = runExperiment(spec, testContext)
  // The Fig. 1 claim's central check (the loss gap over training), on this run.
  const outcome = claim('emami21-fig1-dynamics', 'twins-match').check([{ params: run.params, metrics: result.metrics, series: {} }], 'quick')
  assert.equal(outcome.checks?.find((c) => c.id === 'loss-gap')?.passed, true, outcome.sentence)
})
