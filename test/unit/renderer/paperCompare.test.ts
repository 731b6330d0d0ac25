// "Compare" from a paper card opens the sweep as the paper's figure draws it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { paperCompareParams } from '../../../src-renderer/util/paperCompare'
import { compareFromParams } from '../../../src-renderer/util/viewState'

test('ICLR23 Fig. 1a: x = k, one line per eigMax arm, extrapolation error beside the zero solution', () => {
  const state = compareFromParams(paperCompareParams('iclr23-fig1a', 's7'))
  assert.equal(state.sweepId, 's7')
  assert.equal(state.groupBy, 'data.length')
  assert.equal(state.splitBy, 'teacher.eigMax')
  assert.deepEqual(state.metrics, ['extrapolation_error', 'zero_error'])
})

test('an unknown preset opens the sweep ungrouped', () => {
  assert.deepEqual(paperCompareParams('no-such-preset', 's1'), { sweep: 's1' })
})
