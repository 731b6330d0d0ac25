// The cost model's work terms: what each experiment kind does per step and once, by kernel family.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mainFamily, runWork, type WorkTerm } from '../../../../src-shared/analysis/costModel'
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
