/** PROCA target sequences and their reading as a finite-impulse-response teacher. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SequenceTeacher, sequenceTarget } from '../../../../src-shared/teachers/sequence'
import { makeTeacher } from '../../../../src-shared/teachers/index'
import { runExperiment } from '../../../../src-shared/experiments/index'
import { parseExperimentSpec } from '../../../../src-shared/spec/experiment'
import { testContext, testBackend } from '../../../helpers/backends'

test('constant, expanding and contracting targets follow PROCA Fig. 2 (s_1 first)', () => {
  assert.deepEqual(Array.from(sequenceTarget({ kind: 'sequence', shape: 'constant', base: 0.7 }, 3)), [0.7, 0.7, 0.7])
  assert.deepEqual(Array.from(sequenceTarget({ kind: 'sequence', shape: 'expanding', base: 0.5 }, 3)), [0.25, 0.5, 1])
  assert.deepEqual(Array.from(sequenceTarget({ kind: 'sequence', shape: 'contracting', base: 0.5 }, 3)), [0.5, 0.25, 0.125])
  assert.throws(() => sequenceTarget({ kind: 'sequence', shape: 'explicit', base: 1, values: [1] }, 3), /teacher\.values/)
})

test('as a teacher: h_j = s_{T−j}, and respond is the convolution with it (y_T = Σ_i s_i x_i)', () => {
  const teacher = new SequenceTeacher({ kind: 'sequence', shape: 'explicit', base: 0, values: [1, 2, 3] }, 3)
  assert.deepEqual(Array.from(teacher.impulse(5)), [3, 2, 1, 0, 0])
  const x = Float64Array.of(1, 10, 100, 1000) // one sequence of length 4
  const y = new Float64Array(4)
  teacher.respond(y, x, 1, 4)
  assert.deepEqual(Array.from(y), [3, 32, 321, 3210])
})

test('a linear student trains on a PROCA target (the multi-mode case) and its modes are recorded', () => {
  const spec = parseExperimentSpec({
    teacher: { kind: 'sequence', shape: 'contracting', base: 0.9 },
    student: { width: 8, parameterization: 'diagonal', init: { scale: 0.1 } },
    data: { loss: 'population', length: 10 },
    optimizer: { kind: 'adam', lr: 1e-2 },
    stopping: { maxSteps: 3000 },
  })
  assert.throws(() => makeTeacher(spec.teacher, 0, testBackend), /needs the training length/)
  const result = runExperiment(spec, testContext)
  // The contracting target s_t = 0.9^t is h_j = 0.9^{T−j}: one mode (b = 1/0.9 would be the paper's minimum) fits it
  // only approximately with |b| < 1, but the student must get well below the zero solution's loss Σ s_t².
  const zeroLoss = Array.from({ length: 10 }, (_, t) => 0.9 ** (2 * (t + 1))).reduce((a, b) => a + b)
  assert.ok((result.metrics.final_loss as number) < 0.05 * zeroLoss, `final ${result.metrics.final_loss} vs zero ${zeroLoss}`)
  assert.ok(result.series.modes_ac.y.length >= 8 && result.series.modes_b.y.length === result.series.modes_ac.y.length)
})
