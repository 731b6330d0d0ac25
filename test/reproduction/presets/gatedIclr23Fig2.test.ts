// ICLR23 Fig. 2 at quick scale: the preset runs end to end — a GRU teacher fitted from init 1e-6 and stored with
// each run, GRU students at two training lengths, and the §5.3 error beside the zero model's. The transition itself
// needs the lab scale (width 64, up to 8,000 steps, minutes on two cores) or paper scale; its claim is tested on
// synthetic runs in test/unit/shared/claims/claims.test.ts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runQuick } from '../../helpers/gatedRuns'
import { makeTeacher } from '../../../src-shared/teachers'
import { TeacherSpec } from '../../../src-shared/spec/teacher'
import { testBackend } from '../../helpers/backends'

test('iclr23-fig2-gru runs and stores its GRU teacher', (t) => {
  const runs = runQuick('iclr23-fig2-gru', () => true)
  assert.deepEqual(runs.map((r) => r.params['data.length']), [10, 40])
  for (const run of runs) {
    const { metrics, models } = run.result
    t.diagnostic(`k_g = ${run.params['data.length']}: input_extrapolation_error ${(metrics.input_extrapolation_error as number).toPrecision(3)}, ` +
      `zero model ${(metrics.input_zero_error as number).toPrecision(3)}, impulse error ${(metrics.extrapolation_error as number).toPrecision(3)}`)
    assert.ok(Number.isFinite(metrics.input_extrapolation_error) && (metrics.input_zero_error as number) > 0)
    assert.equal(models.teacher.kind, 'gru-teacher')
    assert.deepEqual(models.teacher.tensors['rnn.weight_hh_l0'].shape, [30, 10])
    assert.equal(models.student.tensors['rnn.weight_hh_l0'].shape[1], 32)
  }
})

test('the GRU teacher is non-trivial and the same for every run of a sweep', () => {
  const spec = TeacherSpec.parse({ kind: 'gru', units: 10, seed: 0 })
  const teacher = makeTeacher(spec, 0, testBackend)
  // fitted from N(0, 1e-12) weights: a teacher that learned nothing would answer ~1e-6
  const y = new Float64Array(40)
  const x = new Float64Array(40)
  x[0] = 1
  teacher.respond(y, x, 1, 40)
  assert.ok(Math.abs(y[0]) > 0.3, `response at step 0: ${y[0]}`)
  const again = new Float64Array(40)
  makeTeacher(spec, 0, testBackend).respond(again, x, 1, 40)
  assert.deepEqual(Array.from(again), Array.from(y))
})
