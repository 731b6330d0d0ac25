// The cost model's work terms: what each experiment kind does per step and once, by kernel family.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mainFamily, runWork, THRESHOLD_STEP_SHARE, type WorkTerm } from '../../../../src-shared/analysis/costModel'
import { parseExperimentSpec, type ExperimentSpecInput } from '../../../../src-shared/spec/experiment'

const work = (input: ExperimentSpecInput) => runWork(parseExperimentSpec(input))
const loop = (terms: WorkTerm[]) => terms.reduce((a, b) => (b.passes > a.passes ? b : a))

test('each kind runs its main loop in its own kernel family, one pass per step', () => {
  const cases: Array<[ExperimentSpecInput, string]> = [
    [{ student: { kind: 'linear', parameterization: 'diagonal' }, data: { loss: 'population' }, stopping: { maxSteps: 700 } }, 'diagonal'],
    [{ data: { loss: 'population' }, stopping: { maxSteps: 700 } }, 'impulse'],
    [{ data: { loss: 'empirical' }, stopping: { maxSteps: 700 } }, 'sequence'],
    [{ student: { kind: 'gru' }, data: { loss: 'empirical' }, stopping: { maxSteps: 700 } }, 'gated'],
  ]
  for (const [input, family] of cases) {
    const terms = work(input)
    assert.equal(mainFamily(terms), family)
    assert.equal(loop(terms).passes, 700)
  }
})

test('flops per pass grow with width, length and batch as the kernels do', () => {
  const sampled = (width: number, length: number, batchSize: number) =>
    loop(work({ student: { kind: 'gru', width }, data: { loss: 'empirical', length, batchSize } })).flops
  assert.ok(sampled(40, 10, 100) / sampled(20, 10, 100) > 3.5) // about d²
  assert.equal(sampled(20, 20, 100) / sampled(20, 10, 100), 2)
  assert.equal(sampled(20, 10, 200) / sampled(20, 10, 100), 2)
  const lstm = loop(work({ student: { kind: 'lstm', width: 20 }, data: { loss: 'empirical', length: 10, batchSize: 100 } })).flops
  assert.equal(lstm / sampled(20, 10, 100), 4 / 3)
})

test('a GRU teacher is trained before the student, so it adds its own steps', () => {
  const student = { student: { kind: 'gru' as const }, data: { loss: 'empirical' as const } }
  const plain = work(student)
  const trained = work({ ...student, teacher: { kind: 'gru', units: 10, trainSteps: 1000 } } as ExperimentSpecInput)
  assert.equal(trained.length, plain.length + 1)
  assert.ok(trained.some((t) => t.family === 'gated' && t.passes === 1000))
})

test('the GRU teacher is priced at its own fit: batches of 50 over its target response, whatever the student\'s data', () => {
  const teacherTerm = (length: number, batchSize: number, targetImpulse?: number[]) =>
    work({
      student: { kind: 'gru' },
      data: { loss: 'empirical', length, batchSize },
      teacher: { kind: 'gru', units: 10, trainSteps: 1000, ...(targetImpulse ? { targetImpulse } : {}) },
    } as ExperimentSpecInput).find((t) => t.passes === 1000)!
  assert.equal(teacherTerm(10, 100).flops, teacherTerm(80, 7).flops)
  // 6 flops per multiply-add over 3 gates of 10 units, 1 input and a bias, 50 sequences of the 40-step default target
  assert.equal(teacherTerm(10, 100).flops, 6 * 50 * 40 * 3 * 10 * (10 + 1 + 1))
  assert.equal(teacherTerm(10, 100, [1, 0.5]).flops * 20, teacherTerm(10, 100).flops)
})

test('adversarial data trains on sequences as long as adversarialMaxLength, and a small training set caps the batch', () => {
  const flops = (data: Record<string, unknown>) => loop(work({ student: { kind: 'lstm', width: 20 }, data: { loss: 'empirical', length: 5, batchSize: 100, ...data } } as ExperimentSpecInput)).flops
  assert.equal(flops({ adversarial: true, adversarialMaxLength: 15 }) / flops({}), 3)
  assert.equal(flops({ adversarial: true, adversarialMaxLength: 3 }), flops({}))
  assert.equal(flops({ trainSize: 50 }) / flops({}), 0.5)
  const linear = (data: Record<string, unknown>) => loop(work({ data: { loss: 'empirical', length: 5, ...data } } as ExperimentSpecInput)).flops
  assert.equal(linear({ adversarial: true, adversarialMaxLength: 20 }) / linear({}), 4)
})

test('a twin convolves at every labelled step: all K of a synthetic sequence with target every, the last of a recording\'s window', () => {
  const twin = (target: 'every' | 'last', dataset?: string) =>
    runWork(parseExperimentSpec({
      experiment: 'rnn-conv-twins',
      student: { kind: 'linear', width: 10 },
      data: { loss: 'empirical', length: 8, target, batchSize: 16, trainSize: 16, ...(dataset ? { dataset } : {}) },
      options: { models: ['scaled_conv1d'], ridge: false },
    } as ExperimentSpecInput), { inputs: 3, outputs: 2, rows: 1000 })[0].flops
  assert.equal(twin('every') / twin('last'), 8)
  // one model, no RNN: 2 × 2 flops per tap, input and output over 16 sequences, labelled once per window
  assert.equal(twin('last', 'd1'), 2 * 2 * 16 * 8 * 3 * 2)
})

test('a run that a loss threshold ends is priced at the prior share of its cap; without one, at the cap', () => {
  const steps = (stopping: Record<string, unknown>) =>
    loop(work({ data: { loss: 'population', length: 5 }, stopping: { maxSteps: 20_000, ...stopping } } as ExperimentSpecInput)).passes
  assert.equal(steps({}), 20_000)
  assert.equal(steps({ lossThreshold: 1e-8 }), 20_000 * THRESHOLD_STEP_SHARE)
  assert.ok(THRESHOLD_STEP_SHARE > 0 && THRESHOLD_STEP_SHARE < 1)
  // early stopping has no expected stop the spec could tell: its cap bounds it
  assert.equal(steps({ earlyStopping: { every: 50, patience: 20 } }), 20_000)
  const diagonal = work({ student: { kind: 'linear', parameterization: 'diagonal' }, data: { loss: 'population' }, stopping: { maxSteps: 1000, lossThreshold: 1e-6 } })
  assert.equal(loop(diagonal).passes, 250)
})

const recordingTwin = (options: Record<string, unknown> = {}, stopping: Record<string, unknown> = { maxSteps: 600 }) =>
  parseExperimentSpec({
    experiment: 'emami21-twin',
    teacher: { kind: 'none' },
    student: { kind: 'linear', width: 30 },
    data: { loss: 'empirical', length: 6, target: 'last', batchSize: 32, trainFraction: 0.5, dataset: 'rec' },
    optimizer: { kind: 'sgd', lr: 0.01 },
    stopping,
    options: { models: ['rnn', 'scaled_conv1d', 'conv1d'], ridge: false, ...options },
  } as ExperimentSpecInput)

test('the twins on a recording run in their own family and decode the velocity columns, not every behaviour column', () => {
  const shape = { inputs: 10, outputs: 4, rows: 4000 }
  const terms = runWork(recordingTwin(), { ...shape, velocities: 2 })
  assert.ok(terms.every((t) => t.family === 'recording'))
  assert.equal(loop(terms).passes, 600)
  // two decoded outputs cost what a recording with only those two behaviour columns costs
  assert.equal(loop(terms).flops, loop(runWork(recordingTwin(), { ...shape, outputs: 2 })).flops)
  assert.ok(loop(runWork(recordingTwin(), shape)).flops > loop(terms).flops)
  // options.targets names what is decoded
  assert.equal(loop(runWork(recordingTwin({ targets: ['a'] }), shape)).flops, loop(runWork(recordingTwin(), { ...shape, outputs: 1 })).flops)
  // a synthetic twin stays in the convolution family
  const synthetic = work({ experiment: 'emami21-twin', student: { kind: 'linear', width: 10 }, data: { loss: 'empirical', length: 5 } } as ExperimentSpecInput)
  assert.equal(mainFamily(synthetic), 'conv')
})

test('a recording twin pays its window statistics once, its evaluations per rule period, and the ridge cross-validation', () => {
  const shape = { inputs: 10, outputs: 2, rows: 4000 }
  const once = (terms: WorkTerm[]) => terms.filter((t) => t.passes === 1)
  const plain = runWork(recordingTwin(), shape)
  // the lag products of the statistics: 2 K n_x² flops per row
  assert.deepEqual(once(plain).map((t) => t.flops), [2 * 6 * 10 * 10 * 4000])
  const ruled = runWork(recordingTwin({}, { maxSteps: 600, earlyStopping: { every: 50, patience: 5 } }), shape)
  const evaluation = ruled.find((t) => t.passes === 12)!
  // three models, each scored on three sets of window statistics, (K n_x)² n_y multiply-adds each
  assert.equal(evaluation.flops, 3 * 3 * 2 * 60 ** 2 * 2)
  const ridge = once(runWork(recordingTwin({ ridge: true }), shape))
  assert.equal(ridge.length, 2)
  // the folds' statistics over the training rows, then 5 penalties × 3 folds + 1 refit Cholesky solves of (K n_x)³/3
  assert.equal(ridge[1].flops, 2 * 6 * 10 * 10 * 4000 * 0.5 + (16 * 60 ** 3) / 3)
})
