// AISTATS22 Fig. 5 (extrapolation vs teacher dimension) with the GRU student: what the reference found, asserted
// at quick scale (gatedRuns.ts fig5Checks states the teacher's normalisation and the thresholds).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fig5Checks } from '../../helpers/gatedRuns'

test('gru extrapolates a 1-dimensional teacher and not a 4-dimensional one (against the zero-tail model)', (t) => {
  fig5Checks((m) => t.diagnostic(m), (value, message) => assert.ok(value, message))
})
