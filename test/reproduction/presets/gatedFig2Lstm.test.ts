// AISTATS22 Fig. 2 (teacher of dimension 3) with an LSTM student: adversarial data far worse than plain beyond
// length 5, and the plain student beside the zero-tail model (gatedRuns.ts fig2Checks says what is asserted).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fig2Checks } from '../../helpers/gatedRuns'

test('lstm: adversarial MSE at length 15 is more than 3× plain; plain reported beside the zero-tail model', (t) => {
  fig2Checks('lstm', (m) => t.diagnostic(m), (value, message) => assert.ok(value, message))
})
