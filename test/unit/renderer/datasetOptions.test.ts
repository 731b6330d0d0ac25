// The dataset preview's traces: the first few neurons and every behaviour column against time in seconds.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { PREVIEW_NEURONS, roleTraces } from '../../../src-renderer/charts/datasetOptions'
import type { DatasetDetail } from '../../../src-shared/api/lab'

const detail = {
  id: 'd1', name: 's', rows: 3, binWidth: 0.02, neurons: 6, behavior: ['vx'], createdAt: '', source: null, notes: [], usedBy: { runs: [], total: 0 },
  columns: [
    { name: 't', role: 'time', sample: [0, 0.02, 0.04] },
    ...Array.from({ length: 6 }, (_, i) => ({ name: `n${i}`, role: 'neuron', sample: [i, i + 1, i + 2] })),
    { name: 'vx', role: 'behavior', sample: [-1, 0, 1] },
  ],
} as DatasetDetail

test('a few neurons and the behaviour, against time in seconds', () => {
  const neurons = roleTraces(detail, 'neuron', PREVIEW_NEURONS)
  assert.deepEqual(neurons.map((l) => l.label), ['n0', 'n1', 'n2', 'n3'])
  assert.deepEqual(neurons[2].series, { x: [0, 0.02, 0.04], y: [2, 3, 4] })
  const behaviour = roleTraces(detail, 'behavior')
  assert.deepEqual(behaviour.map((l) => [l.label, l.series.y]), [['vx', [-1, 0, 1]]])
})
