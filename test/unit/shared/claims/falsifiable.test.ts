/**
 * Every claim can fail: each preset's recorded quick sweep, altered so the paper's effect is gone, must read "fails"
 * (docs/reproduction.md, verdict semantics). The alterations keep everything else of the real runs.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { alter, claimOutcome, fixtureRuns } from '../../../helpers/claimFixtures'

const num = (v: unknown) => v as number

/** Every extrapolation error set to `f` times the zero solution's (a flat error-to-zero ratio over k). */
function flatRatio(presetId: string, f: number) {
  return alter(fixtureRuns(presetId), (m) => {
    m.extrapolation_error = f * num(m.zero_error)
    m.error_ratio = f
  })
}

/** Every extrapolation error set to one absolute value (for teachers whose zero solution is exact past d̂). */
function flatError(presetId: string, value: number) {
  return alter(fixtureRuns(presetId), (m) => {
    m.extrapolation_error = value
    m.error_ratio = num(m.zero_error) > 0 ? value / num(m.zero_error) : null
  })
}

const flatCases: Array<[string, string, (level: 'high' | 'low') => ReturnType<typeof fixtureRuns>]> = [
  ['iclr23-fig1a', 'transition', (l) => flatRatio('iclr23-fig1a', l === 'high' ? 1 : 0.01)],
  ['iclr23-fig3a', 'transition', (l) => flatRatio('iclr23-fig3a', l === 'high' ? 1 : 0.01)],
  ['iclr23-fig5-impulse', 'longer-k-extrapolates', (l) => flatRatio('iclr23-fig5-impulse', l === 'high' ? 1 : 0.01)],
  ['iclr23-fig1b', 'transition', (l) => flatError('iclr23-fig1b', l === 'high' ? 1 : 1e-4)],
  ['iclr23-fig3b', 'transition', (l) => flatError('iclr23-fig3b', l === 'high' ? 5 : 1e-4)],
  ['iclr23-fig6-impulse', 'two-more-steps', (l) => flatError('iclr23-fig6-impulse', l === 'high' ? 1 : 1e-4)],
]

for (const [presetId, claimId, flat] of flatCases) {
  test(`${presetId}: a flat error curve (high everywhere, or low everywhere) fails`, () => {
    for (const level of ['high', 'low'] as const) {
      const { outcome, message } = claimOutcome(presetId, claimId, flat(level))
      assert.equal(outcome.verdict, 'fails', `${level}: ${message}`)
    }
  })
}

test('iclr23-fig3b: every student replaced by the zero solution fails (its tail is tiny past k = 12, so "low" alone proves nothing)', () => {
  const runs = alter(fixtureRuns('iclr23-fig3b'), (m) => {
    m.extrapolation_error = m.zero_error
  })
  const { outcome, message } = claimOutcome('iclr23-fig3b', 'transition', runs)
  assert.equal(outcome.verdict, 'fails', message)
  assert.ok(outcome.checks?.some((c) => c.id === 'worse-than-zero-below' && !c.passed), message)
})

test('iclr23-fig4-init-scale: the same error at every init scale fails', () => {
  const runs = fixtureRuns('iclr23-fig4-init-scale')
  const byK = new Map<unknown, number[]>()
  for (const r of runs) byK.set(r.params['data.length'], [...(byK.get(r.params['data.length']) ?? []), num(r.metrics.extrapolation_error)])
  const flat = alter(runs, (m, run) => {
    const errors = byK.get(run.params['data.length'])!
    m.extrapolation_error = errors.reduce((a, b) => a + b, 0) / errors.length
  })
  const { outcome, message } = claimOutcome('iclr23-fig4-init-scale', 'init-scale', flat)
  assert.equal(outcome.verdict, 'fails', message)
})

test('iclr23-fig2-gru: a flat output error over k_g fails (read as at lab scale: quick does not run the claim)', () => {
  const runs = alter(fixtureRuns('iclr23-fig2-gru'), (m) => {
    m.input_error_ratio = 0.5
    m.train_fitted = 1
  })
  const { outcome, message } = claimOutcome('iclr23-fig2-gru', 'critical-length', runs, 'lab')
  assert.equal(outcome.verdict, 'fails', message)
})

test('aistats22-fig1-memoryless: plain-data students that extrapolate as badly as the adversary fail', () => {
  const runs = fixtureRuns('aistats22-fig1-memoryless')
  const adversarial = new Map(runs.filter((r) => r.params.data === 'adversarial').map((r) => [r.params.student, r.metrics.mse_by_length]))
  const altered = alter(runs, (m, run) => {
    if (run.params.data === 'plain') m.mse_by_length = structuredClone(adversarial.get(run.params.student))
  })
  const { outcome, message } = claimOutcome('aistats22-fig1-memoryless', 'gd-extrapolates', altered)
  assert.equal(outcome.verdict, 'fails', message)
})

test('aistats22-fig2-teacher-dim3: adversarial and plain students that extrapolate alike fail', () => {
  const runs = fixtureRuns('aistats22-fig2-teacher-dim3')
  const plain = new Map(runs.filter((r) => r.params.data === 'plain').map((r) => [r.params.student, r.metrics.mse_by_length]))
  const altered = alter(runs, (m, run) => {
    m.mse_by_length = structuredClone(plain.get(run.params.student))
  })
  assert.equal(claimOutcome('aistats22-fig2-teacher-dim3', 'gd-extrapolates', altered).outcome.verdict, 'fails')
})

test('aistats22-fig3-slackness: without slackness (|λ_i u_i| as large as |λ_i|), or with A ≈ 0, fails', () => {
  const noSlack = alter(fixtureRuns('aistats22-fig3-slackness'), (m) => {
    m.slackness_max = Math.max(...(m.slackness_lambda as number[]).map(Math.abs))
  })
  const r1 = claimOutcome('aistats22-fig3-slackness', 'slackness', noSlack)
  assert.equal(r1.outcome.verdict, 'fails', r1.message)
  const trivial = alter(fixtureRuns('aistats22-fig3-slackness'), (m) => {
    m.slackness_lambda = (m.slackness_lambda as number[]).map((l) => l * 1e-3)
  })
  const r2 = claimOutcome('aistats22-fig3-slackness', 'slackness', trivial)
  assert.equal(r2.outcome.verdict, 'fails', r2.message)
})

test('aistats22-fig4-weight-dynamics: weights that end as asymmetric as they started fail', () => {
  const runs = alter(fixtureRuns('aistats22-fig4-weight-dynamics'), (m) => {
    m.b_minus_ct = 1.2 * num(m.b_norm)
  })
  const { outcome, message } = claimOutcome('aistats22-fig4-weight-dynamics', 'symmetry', runs)
  assert.equal(outcome.verdict, 'fails', message)
})

test('aistats22-fig5-teacher-dim: a small-init student no better than the zero tail at d* = 1 fails (d* = 4 left out)', () => {
  const runs = fixtureRuns('aistats22-fig5-teacher-dim').filter((r) => r.params['teacher.dim'] === 1)
  // Without d* = 4 the real runs are not "fails": the alteration is what makes them fail.
  assert.notEqual(claimOutcome('aistats22-fig5-teacher-dim', 'two-regimes', runs).outcome.verdict, 'fails')
  const altered = alter(runs, (m) => {
    m.extrapolation_mse = m.zero_tail_extrapolation_mse
  })
  const { outcome, message } = claimOutcome('aistats22-fig5-teacher-dim', 'two-regimes', altered)
  assert.equal(outcome.verdict, 'fails', message)
})

test('aistats22-counterexamples: a construction whose loss is off its closed form, or that extrapolates, fails', () => {
  const runs = alter(fixtureRuns('aistats22-counterexamples'), (m, run) => {
    if (run.params.construction === 'lemma6.3') m.final_loss = 1.1 * num(m.predicted_loss)
    else m.non_extrapolating = 0
  })
  const { outcome, message } = claimOutcome('aistats22-counterexamples', 'constructions', runs)
  assert.equal(outcome.verdict, 'fails', message)
})

test('proca-fig1-modes: gradient descent 10% off the closed form fails', () => {
  const runs = alter(fixtureRuns('proca-fig1-modes'), (m) => {
    m.max_relative_error = 0.1
  })
  const { outcome, message } = claimOutcome('proca-fig1-modes', 'closed-form', runs)
  assert.equal(outcome.verdict, 'fails', message)
})

test('proca-fig2-landscape: minima 0.1 away from the paper\'s fail', () => {
  const runs = alter(fixtureRuns('proca-fig2-landscape'), (m) => {
    m.min_error = 0.1
  })
  const { outcome, message } = claimOutcome('proca-fig2-landscape', 'global-minima', runs)
  assert.equal(outcome.verdict, 'fails', message)
})

test('emami21-fig1-dynamics: an RNN whose loss leaves its twin\'s fails', () => {
  const runs = alter(fixtureRuns('emami21-fig1-dynamics'), (m) => {
    m.loss_gap_max = 0.3
  })
  assert.equal(claimOutcome('emami21-fig1-dynamics', 'twins-match', runs).outcome.verdict, 'fails')
})

test('emami21-fig3-delay: an RNN with no delay bias fails, and so do runs without the RNN', () => {
  const runs = fixtureRuns('emami21-fig3-delay')
  const atZero = new Map(runs.filter((r) => r.params['data.delay'] === 0).map((r) => [r.params.seed, r.metrics.test_loss_rnn]))
  const unbiased = alter(runs, (m, run) => {
    m.test_loss_rnn = atZero.get(run.params.seed)
  })
  const r1 = claimOutcome('emami21-fig3-delay', 'delay-bias', unbiased)
  assert.equal(r1.outcome.verdict, 'fails', r1.message)
  const noRnn = alter(runs, (m) => {
    delete m.test_loss_rnn
  })
  assert.equal(claimOutcome('emami21-fig3-delay', 'delay-bias', noRnn).outcome.verdict, 'fails')
})

test('emami21-fig4-width: a gap that does not shrink with width fails', () => {
  const runs = alter(fixtureRuns('emami21-fig4-width'), (m) => {
    m.loss_gap_max = 0.05
  })
  assert.equal(claimOutcome('emami21-fig4-width', 'wider-closer', runs).outcome.verdict, 'fails')
})

test('emami21-table1-s1: an RNN at R² 0.35 against its twin\'s 0.64 fails; a Conv1D below the ridge and the twins fails its claims', () => {
  const runs = fixtureRuns('emami21-table1-s1')
  const weakRnn = alter(runs, (m) => {
    m.r2_rnn = Object.fromEntries(Object.keys(m.r2_rnn as object).map((t) => [t, 0.35]))
    m.r2_scaled_conv1d = Object.fromEntries(Object.keys(m.r2_scaled_conv1d as object).map((t) => [t, 0.64]))
  })
  const r1 = claimOutcome('emami21-table1-s1', 'rnn-equals-scaled', weakRnn)
  assert.equal(r1.outcome.verdict, 'fails', r1.message)
  const unlearned = alter(runs, (m) => {
    m.r2_conv1d = Object.fromEntries(Object.keys(m.r2_conv1d as object).map((t) => [t, 0.1]))
  })
  assert.equal(claimOutcome('emami21-table1-s1', 'conv1d-ridge', unlearned).outcome.verdict, 'fails')
  // Limited data where the Conv1D beats both twins (the whole recording's order): the paper's contrast is gone.
  const limitedBest = alter(runs, (m, run) => {
    if (String(run.params.recording).startsWith('limited')) m.r2_conv1d = Object.fromEntries(Object.keys(m.r2_conv1d as object).map((t) => [t, 0.9]))
  })
  assert.equal(claimOutcome('emami21-table1-s1', 'conv1d-limited', limitedBest).outcome.verdict, 'fails')
})
