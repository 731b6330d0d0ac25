// Parameter and duration text as the runs table and cards show it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { formatDuration, formatParams } from '../../../src-renderer/util/format'

test('formatParams: the last path segment names each value; a variant value that names itself is not doubled', () => {
  assert.equal(formatParams({ 'data.length': 12, seed: 0 }), 'length=12 seed=0')
  assert.equal(formatParams({ target: 'contracting 0.9^t', T: 'T = 50', seed: 0 }), 'target=contracting 0.9^t T=50 seed=0')
  assert.equal(formatParams({ recording: 'Threshold = 2' }), 'recording=Threshold = 2')
})

test('formatDuration: under a second, seconds, minutes, hours', () => {
  assert.deepEqual([0.4, 48, 600, 7200].map(formatDuration), ['< 1 s', '48 s', '10 min', '2.0 h'])
})
