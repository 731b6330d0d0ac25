/** Departure notes quote the settings of the spec that ran (ClaimRun.settings), never a scale's setting from text. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ClaimRun } from '../../../../src-shared/claims'
import { claimOutcome, fixtureRuns } from '../../../helpers/claimFixtures'

const withWidth = (runs: readonly ClaimRun[], width: number): ClaimRun[] => runs.map((r) => ({ ...r, settings: { ...r.settings!, width } }))

test('EMAMI21 Fig. 3: the RNN-leaves-its-twin departure names the width that ran', () => {
  const quick = fixtureRuns('emami21-fig3-delay')
  assert.equal(quick[0].settings!.width, 200, 'the quick sweep ran n = 200')
  const atQuick = claimOutcome('emami21-fig3-delay', 'delay-bias', quick).outcome.departures.join(' ')
  assert.match(atQuick, /at width n = 200 the RNN leaves the kernel regime by τ = 8 \(the paper uses n = 1000\)/)
  // The same numbers as if run at the paper's width: the note names n = 1000 and no longer points at the paper's.
  const atPaper = claimOutcome('emami21-fig3-delay', 'delay-bias', withWidth(quick, 1000), 'paper').outcome.departures.join(' ')
  assert.match(atPaper, /at width n = 1000 the RNN leaves the kernel regime by τ = 8/)
  assert.doesNotMatch(atPaper, /n = 200|the paper uses/)
  const unknown = claimOutcome('emami21-fig3-delay', 'delay-bias', quick.map(({ settings: _, ...r }) => r)).outcome.departures.join(' ')
  assert.match(unknown, /RNN leaves the kernel regime by τ = 8/)
  assert.doesNotMatch(unknown, /n = \d/, 'runs that do not say their width get no width')
})

test('EMAMI21 Table 1: the equality\'s width note is there below the paper\'s width and gone at it', () => {
  const runs = fixtureRuns('emami21-table1-s1')
  const note = (rs: readonly ClaimRun[], scale: 'quick' | 'paper') => claimOutcome('emami21-table1-s1', 'rnn-equals-scaled', rs, scale).outcome.departures
  assert.ok(note(runs, 'quick').some((d) => /needs n = 1000; these students have n = 200/.test(d)), note(runs, 'quick').join(' '))
  assert.deepEqual(note(withWidth(runs, 1000), 'quick').filter((d) => /n = 1000/.test(d)), [], 'n = 1000 at any scale needs no width note')
  assert.ok(note(withWidth(runs, 500), 'paper').some((d) => /these students have n = 500/.test(d)), 'a narrower run at paper scale still gets it')
})

test('AISTATS22 Fig. 3 draws |λ_i| and u_i per mode, as the paper does, with the catalogue\'s labels', async () => {
  const { figureData } = await import('../../../../src-shared/claims/figureData')
  const { claimsFor } = await import('../../../../src-shared/claims')
  const { metricLabel } = await import('../../../../src-shared/catalogue')
  const [run] = fixtureRuns('aistats22-fig3-slackness')
  const [figure] = figureData(claimsFor('aistats22-fig3-slackness')!.figures[0], [run], 'quick')
  assert.equal(figure.xLabel, 'mode i')
  assert.deepEqual(figure.lines.map((l) => l.name), [metricLabel('slackness_lambda'), metricLabel('slackness_u')])
  const [lambda, u] = figure.lines
  const stored = run.metrics.slackness_lambda as number[]
  assert.equal(lambda.points.length, stored.length)
  // |λ_i| (never Re λ: no negative x or y), largest first; each u_i sits at its own mode's x.
  const ys = lambda.points.map(([, y]) => y as number)
  assert.ok(ys.every((y, i) => y >= 0 && (i === 0 || y <= ys[i - 1])), JSON.stringify(ys))
  const largest = stored.indexOf(Math.max(...stored))
  assert.deepEqual(u.points[0], [1, (run.metrics.slackness_u as number[])[largest]])
})

test('ICLR23 Fig. 6 names the d̂ and k that ran, and says nothing when they are the paper\'s', () => {
  const quick = fixtureRuns('iclr23-fig6-impulse')
  const departures = (rs: readonly ClaimRun[]) => claimOutcome('iclr23-fig6-impulse', 'two-more-steps', rs).outcome.departures
  assert.deepEqual(departures(quick), ['This sweep uses d̂ = 4 and k ∈ {3, 6, 10} in place of the paper\'s d̂ = 10 and k ∈ {8, 18, 20}.'])
  const asPaper = quick.map((r, i) => ({ ...r, params: { ...r.params, 'data.length': [8, 18, 20][i] }, settings: { ...r.settings!, teacherDim: 10 } }))
  assert.deepEqual(departures(asPaper), [])
})

test('EMAMI21 Table 1: whitened inputs are named in the training note and plateau halvings are named in the training note with the numbers that ran', () => {
  const runs = fixtureRuns('emami21-table1-s1')
  const note = (rs: readonly ClaimRun[]) => claimOutcome('emami21-table1-s1', 'conv1d-ridge', rs).outcome.departures.join(' ')
  assert.doesNotMatch(note(runs), /whitened/, 'runs without data.whiten say nothing of it')
  const whitened = runs.map((r) => ({ ...r, metrics: { ...r.metrics, whiten_shrinkage: 0.25, input_condition_raw: 812.3, input_condition: 3.71 } }))
  assert.doesNotMatch(note(runs), /plateau/, 'runs without options.plateauDecays say nothing of it')
  const decayed = runs.map((r) => ({ ...r, metrics: { ...r.metrics, plateau_decays_rnn: 2, plateau_decays_scaled_conv1d: 2, plateau_decays_conv1d: 1 } }))
  assert.match(note(decayed), /went back to its best held-out parameters with half the step before it stopped \(RNN and scaled Conv1D 2×, Conv1D 1×\)/)
  assert.match(note(whitened), /whitened with training-split statistics, \(Σ \+ ε·tr\(Σ\)\/n_x·I\)\^\{-1\/2\} with ε = 0\.25 \(condition number of their covariance 812 → 3\.71\)/)
})
