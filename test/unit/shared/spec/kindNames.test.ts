/** The twins' experiment kind by its former name: spec files and stores written before the rename still load. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ExperimentSpec, FORMER_KIND_NAMES, parseExperimentSpec } from '../../../../src-shared/spec/experiment'
import { expandSweep, parseSweepSpec } from '../../../../src-shared/spec/sweep'

const twins = { teacher: { kind: 'none' }, student: { kind: 'linear', width: 4, widthScaling: true, init: { kind: 'emami21' } }, data: { dataset: 'd1' } }

test('the former kind name parses to the current one, with the same spec as the current name gives', () => {
  const old = ExperimentSpec.parse({ experiment: 'emami21-twin', ...twins })
  const current = ExperimentSpec.parse({ experiment: 'rnn-conv-twins', ...twins })
  assert.equal(old.experiment, 'rnn-conv-twins')
  assert.deepEqual(old, current)
  assert.equal(FORMER_KIND_NAMES['emami21-twin'], 'rnn-conv-twins')
})

test('a sweep naming the former kind stores the current name in its base and its runs', () => {
  const sweep = parseSweepSpec({ base: { experiment: 'emami21-twin', ...twins }, seeds: [0, 1] })
  assert.equal(sweep.base.experiment, 'rnn-conv-twins')
  const runs = expandSweep({ base: { experiment: 'emami21-twin', ...twins }, seeds: [0, 1] } as never)
  assert.deepEqual(runs.map((r) => r.spec.experiment), ['rnn-conv-twins', 'rnn-conv-twins'])
})

test('an unknown kind is still refused, naming the kinds', () => {
  assert.throws(() => parseExperimentSpec({ experiment: 'emami21-twins' }), /expected one of train, rnn-conv-twins, proca-mode/)
})
