// Windows for real-data decoding: contiguous split by time, limited data, z-scoring fitted on training rows only,
// silent neurons and constant targets handled without NaN, no window across the split.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { DatasetTable } from '../../../../src-shared/api/dataset'
import { gatherWindows, prepareWindows } from '../../../../src-shared/data/windows'

function table(rows: number): DatasetTable {
  const columns = [
    { name: 't', role: 'time' as const },
    { name: 'n1', role: 'neuron' as const },
    { name: 'silent', role: 'neuron' as const },
    { name: 'vel_x', role: 'behavior' as const },
    { name: 'pos_x', role: 'behavior' as const },
  ]
  const values = new Float64Array(rows * 5)
  for (let r = 0; r < rows; r++) values.set([r * 0.5, r % 3, 0, r < rows / 2 ? r : 100 * r, 1], r * 5)
  return { id: 'd1', name: 'toy', columns, binWidth: 0.5, rows, values }
}

test('split by fraction, z-scored with training rows only; velocity columns chosen by default', () => {
  const data = prepareWindows(table(100), { length: 5, trainFraction: 0.5, trainMinutes: null, limitMinutes: null, zscore: true, targets: null })
  assert.deepEqual(data.targetNames, ['vel_x'])
  assert.deepEqual(data.trainRows, [0, 50])
  assert.deepEqual(data.testRows, [50, 100])
  assert.equal(data.trainEnds[0], 4)
  assert.equal(data.trainEnds[data.trainEnds.length - 1], 49)
  assert.equal(data.testEnds[0], 54)
  // Training rows have mean 0, sd 1; the test rows (100·r, far larger) are scaled with training statistics.
  let mean = 0
  for (let r = 0; r < 50; r++) mean += data.targets[r]
  assert.ok(Math.abs(mean / 50) < 1e-12)
  assert.ok(data.targets[99] > 100)
  // The silent neuron stays finite (0), with a warning.
  for (let r = 0; r < 100; r++) assert.equal(data.inputs[r * 2 + 1], 0)
  assert.ok(data.warnings.some((w) => w.includes('silent')))
})

test('limited data keeps the first minutes of the training split; minutes-based split; windows gather in order', () => {
  const limited = prepareWindows(table(400), { length: 4, trainFraction: 0.75, trainMinutes: null, limitMinutes: 1, zscore: false, targets: ['pos_x', 'vel_x'] })
  assert.deepEqual(limited.trainRows, [0, 120]) // 1 minute of 0.5 s bins
  assert.deepEqual(limited.testRows, [300, 400])
  assert.ok(limited.warnings.length === 0)
  const byMinutes = prepareWindows(table(400), { length: 4, trainFraction: 0.75, trainMinutes: 2, limitMinutes: null, zscore: false, targets: null })
  assert.deepEqual(byMinutes.trainRows, [0, 240])
  const x = new Float64Array(2 * 4 * 2)
  const y = new Float64Array(2 * 2)
  gatherWindows(x, y, limited, 4, limited.trainEnds, 0, 2)
  assert.deepEqual(Array.from(x.subarray(0, 8)), [0, 0, 1, 0, 2, 0, 0, 0])
  assert.deepEqual(Array.from(y), [1, 3, 1, 4])
  assert.throws(() => prepareWindows(table(400), { length: 4, trainFraction: 0.75, trainMinutes: null, limitMinutes: null, zscore: false, targets: ['n1'] }), /options\.targets: "n1" is not a behaviour column .*vel_x, pos_x/)
  assert.throws(() => prepareWindows(table(10), { length: 8, trainFraction: 0.5, trainMinutes: null, limitMinutes: null, zscore: false, targets: null }), /data\.length/)
})

test('data.whiten: neurons whitened with the (limited) training rows\' statistics, a silent neuron left at 0', () => {
  const rows = 400
  const columns = [
    { name: 't', role: 'time' as const },
    { name: 'a', role: 'neuron' as const },
    { name: 'b', role: 'neuron' as const },
    { name: 'silent', role: 'neuron' as const },
    { name: 'vel_x', role: 'behavior' as const },
  ]
  const values = new Float64Array(rows * 5)
  // a and b share a slow component (correlated); the test half has 10× the amplitude
  for (let r = 0; r < rows; r++) values.set([r * 0.5, Math.sin(r / 7) + ((r * 7) % 5) / 5, Math.sin(r / 7) + ((r * 3) % 4) / 4, 0, r % 2], r * 5)
  for (let r = 200; r < rows; r++) values[r * 5 + 1] *= 10
  const t: DatasetTable = { id: 'd2', name: 'corr', columns, binWidth: 0.5, rows, values }
  const plain = prepareWindows(t, { length: 3, trainFraction: 0.5, trainMinutes: null, limitMinutes: 1, zscore: true, targets: null })
  assert.equal(plain.whitening, null)
  const data = prepareWindows(t, { length: 3, trainFraction: 0.5, trainMinutes: null, limitMinutes: 1, zscore: true, whiten: 0, targets: null })
  // limited to the first minute = 120 rows: their covariance of (a, b) is the identity, silent stays 0
  const cov = [0, 0, 0]
  for (let r = 0; r < 120; r++) {
    const [a, b, s] = [data.inputs[r * 3], data.inputs[r * 3 + 1], data.inputs[r * 3 + 2]]
    cov[0] += a * a
    cov[1] += a * b
    cov[2] += b * b
    assert.equal(s, 0)
  }
  assert.deepEqual(cov.map((c) => Math.round((c / 120) * 1e9) / 1e9), [1, 0, 1])
  assert.ok(data.whitening!.conditionBefore > 1.5 && Math.abs(data.whitening!.conditionAfter - 1) < 1e-9, JSON.stringify(data.whitening))
  assert.ok(data.inputs.every(Number.isFinite))
})
