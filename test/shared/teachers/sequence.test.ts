/** PROCA target sequences and their reading as a finite-impulse-response teacher. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SequenceTeacher, sequenceTarget } from '../../../src-shared/teachers/sequence'

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
