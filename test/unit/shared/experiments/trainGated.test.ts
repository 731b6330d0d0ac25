// The GRU/LSTM trainer through the 'train' procedure: same spec + seed gives identical results, the loss falls, the
// student and teacher are stored, and specs a gated student cannot honour are refused naming the field.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runExperiment } from '../../../../src-shared/experiments'
import { parseExperimentSpec, type ExperimentSpecInput, type SpecInputOf } from '../../../../src-shared/spec/experiment'
import { testContext } from '../../../helpers/backends'

const base: SpecInputOf<'train'> = {
  teacher: { kind: 'memoryless', weight: 1 },
  student: { kind: 'gru', width: 6, init: { kind: 'xavier', scale: 1 } },
  data: { loss: 'empirical', length: 4, batchSize: 20, trainSize: 100 },
  optimizer: { kind: 'adam', lr: 1e-2 },
  stopping: { maxSteps: 60 },
  metrics: { horizon: 12, maxLength: 8 },
}
const run = (spec: ExperimentSpecInput) => runExperiment(parseExperimentSpec(spec), testContext)

test('gated training is deterministic and learns', () => {
  for (const kind of ['gru', 'lstm'] as const) {
    const spec = { ...base, student: { ...base.student, kind } }
    const a = run(spec)
    const b = run(spec)
    assert.deepEqual(a.metrics, b.metrics)
    assert.deepEqual(a.models.student, b.models.student)
    assert.ok((a.metrics.final_loss as number) < 0.5 * (a.metrics.initial_loss as number), `${kind}: ${a.metrics.initial_loss} → ${a.metrics.final_loss}`)
    assert.equal((a.metrics.mse_by_length as number[]).length, 8)
    assert.equal(a.series.impulse_student.y.length, 2 * 12, 'the response is kept to twice the horizon (robustness reads errors there)')
    assert.deepEqual(a.models.student.tensors['rnn.weight_hh_l0'].shape, [kind === 'gru' ? 18 : 24, 6])
    assert.equal(a.models.teacher.kind, 'memoryless')
  }
})

test('fresh sequences every step and early stopping work', () => {
  const result = run({ ...base, data: { ...base.data, trainSize: null }, stopping: { maxSteps: 40, earlyStopping: { every: 10, patience: 2 } } })
  assert.ok(result.steps <= 40 && Number.isFinite(result.metrics.final_loss as number))
  assert.ok(typeof result.metrics.best_step === 'number')
})

test('specs a gated student cannot honour name the field', () => {
  assert.throws(() => run({ ...base, data: { ...base.data, loss: 'population' } }), /data\.loss: gated students train on sampled sequences/)
  assert.throws(() => run({ ...base, student: { ...base.student, init: { kind: 'emami21' } } }), /student\.init\.kind/)
})

test('student.precision float32 trains the same student to float32 rounding, deterministically; linear students refuse it', () => {
  for (const kind of ['gru', 'lstm'] as const) {
    const spec64: ExperimentSpecInput = { ...base, student: { ...base.student, kind } }
    const spec32: ExperimentSpecInput = { ...base, student: { ...base.student, kind, precision: 'float32' as const } }
    const a = run(spec32)
    assert.deepEqual(run(spec32).models.student, a.models.student)
    const reference = run(spec64)
    const final32 = a.metrics.final_loss as number
    const final64 = reference.metrics.final_loss as number
    // 60 Adam steps amplify float32 rounding (1e-7) in the gradients; the curves still agree to a few parts in 10⁴
    assert.ok(Math.abs(final32 - final64) < 1e-3 * final64, `${kind}: float32 ${final32} vs float64 ${final64}`)
    assert.notEqual(final32, final64)
  }
  assert.throws(() => run({ ...base, student: { kind: 'linear', width: 4, precision: 'float32' } }), /student\.precision: float32 is for gru\/lstm students/)
})
