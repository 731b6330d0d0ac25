// Shift-click range selection in the runs table.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { clickSelection, rangeBetween } from '../../../src-renderer/util/selection'

const ids = ['r1', 'r2', 'r3', 'r4', 'r5']

test('a range runs from the anchor to the target in table order, either way round', () => {
  assert.deepEqual(rangeBetween(ids, 'r2', 'r4'), ['r2', 'r3', 'r4'])
  assert.deepEqual(rangeBetween(ids, 'r4', 'r2'), ['r2', 'r3', 'r4'])
  assert.deepEqual(rangeBetween(ids, 'gone', 'r3'), ['r3'])
})

test('a click toggles one row; a shift-click gives the range the anchor\'s state', () => {
  const one = clickSelection([], ids, null, 'r2', false)
  assert.deepEqual(one, ['r2'])
  const range = clickSelection(one, ids, 'r2', 'r5', true)
  assert.deepEqual(range, ['r2', 'r3', 'r4', 'r5'])
  // anchor unselected: the shift-click clears the range, leaving the rest
  const cleared = clickSelection(['r1', 'r3', 'r4'], ids, 'r2', 'r4', true)
  assert.deepEqual(cleared, ['r1'])
  // a shift-click without an anchor on the page is a plain toggle
  assert.deepEqual(clickSelection(['r1'], ids, 'elsewhere', 'r3', true), ['r1', 'r3'])
  assert.deepEqual(clickSelection(['r1', 'r3'], ids, null, 'r3', true), ['r1'])
})
