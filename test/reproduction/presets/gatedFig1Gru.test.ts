// AISTATS22 Fig. 1 (memoryless teacher) with a GRU student: plain data extrapolates to length 15, adversarial data
// fits length 5 and fails beyond (thresholds and reasons in gatedRuns.ts fig1Checks).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fig1Checks } from '../../helpers/gatedRuns'

test('gru: plain data extrapolates, adversarial data fits length 5 and fails beyond', (t) => {
  fig1Checks('gru', (m) => t.diagnostic(m), (value, message) => assert.ok(value, message))
})
