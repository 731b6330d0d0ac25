// The micro-benchmark's generated recording: the shape the cost model reads, the same table every time.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CALIBRATION_PROBES, KERNEL_FAMILIES } from '../../../../src-shared/analysis/costModel'
import { probeRecording, tableShape } from '../../../../src-shared/analysis/costProbes'

test('every kernel family has one probe, and only the recording family reads a table', () => {
  assert.deepEqual(CALIBRATION_PROBES.map((p) => p.family).sort(), [...KERNEL_FAMILIES].sort())
  for (const probe of CALIBRATION_PROBES) assert.equal(probe.dataset !== undefined, probe.family === 'recording', probe.family)
})

test('the probe recording has its neurons, two velocity columns, and is the same table each time', () => {
  const table = probeRecording(7, 300)
  assert.deepEqual(tableShape(table), { inputs: 7, outputs: 2, rows: 300 })
  assert.equal(table.values.length, 300 * 9)
  assert.deepEqual(probeRecording(7, 300).values, table.values)
  // counts are whole and not all zero; the velocities vary
  const neuron = Array.from({ length: 300 }, (_, t) => table.values[t * 9])
  assert.ok(neuron.every((v) => Number.isInteger(v) && v >= 0) && neuron.some((v) => v > 0))
  assert.ok(new Set(Array.from({ length: 300 }, (_, t) => table.values[t * 9 + 7])).size > 100)
  // a probe's spec names the table it is run with
  const probe = CALIBRATION_PROBES.find((p) => p.family === 'recording')!
  probe.sizes.forEach((size, i) => assert.equal((size.data as { dataset?: string }).dataset, probe.dataset!(i as 0 | 1).id))
})

test('a shape counts velocities only where fewer than every behaviour column', () => {
  const table = probeRecording(3, 10)
  const withPosition = { ...table, columns: [...table.columns, { name: 'pos_x', role: 'behavior' as const }] }
  assert.deepEqual(tableShape(withPosition), { inputs: 3, outputs: 3, rows: 10, velocities: 2 })
})
