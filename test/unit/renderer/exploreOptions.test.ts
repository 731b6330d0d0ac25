// Parallel coordinates and the any-against-any scatter over Compare's result: axes from the data, colour by a third key.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { buildComparison, type CompareRun } from '../../../src-shared/analysis/compare'
import { exploreKeys, exploreScatterOption, parallelOption, runValue } from '../../../src-renderer/charts/exploreOptions'

const run = (id: string, sweepId: string, k: number, student: string, error: number): CompareRun => ({
  id, sweepId, sweepTitle: sweepId === 's1' ? 'ICLR23 Fig. 1a' : 'ICLR23 Fig. 3a', status: 'done', params: { 'data.length': k, student, seed: 0 }, spec: {}, metrics: { extrapolation_error: error, final_loss: error / 10 },
})
const result = buildComparison({
  runs: [run('r1', 's1', 4, 'rnn', 2), run('r2', 's1', 8, 'gru', 0.02), run('r3', 's2', 16, 'rnn', 2e-5)],
  metrics: [], curves: [], curveNames: [],
})

test('values: metrics first, then params; the sweep is a key only when runs come from several sweeps', () => {
  assert.equal(runValue(result, 'r2', 'extrapolation_error'), 0.02)
  assert.equal(runValue(result, 'r2', 'student'), 'gru')
  assert.equal(runValue(result, 'r3', 'sweep'), 'ICLR23 Fig. 3a (s2)', 'a sweep by its title, with its id for two of one title')
  assert.deepEqual(exploreKeys(result).slice(0, 3), ['sweep', 'data.length', 'student'])
})

test('parallel coordinates: one axis per varying param and the metric last; categories for text, log for a wide positive range', () => {
  const option = parallelOption(result, 'extrapolation_error') as { parallelAxis: Array<{ type: string; data?: string[] }>; series: Array<{ data: unknown[][] }>; visualMap: { min: number; max: number } }
  assert.deepEqual(option.parallelAxis.map((a) => a.type), ['value', 'category', 'log'])
  assert.deepEqual(option.parallelAxis[1].data, ['rnn', 'gru'])
  assert.deepEqual(option.series[0].data[1], [8, 'gru', 0.02])
  assert.deepEqual([option.visualMap.min, option.visualMap.max], [2e-5, 2])
})

test('scatter: numeric colour key gives a colour ramp, a text key gives a series (legend entry) per value', () => {
  const numeric = exploreScatterOption(result, 'data.length', 'extrapolation_error', 'final_loss') as { visualMap?: { dimension: number }; series: unknown[]; yAxis: { type: string; min: number; max: number } }
  assert.equal(numeric.visualMap?.dimension, 2)
  assert.equal(numeric.series.length, 1)
  assert.deepEqual([numeric.yAxis.type, numeric.yAxis.min, numeric.yAxis.max], ['log', 1e-5, 10], 'the decades of 2e-5 … 2')
  const byStudent = exploreScatterOption(result, 'data.length', 'final_loss', 'student') as { visualMap?: unknown; series: Array<{ name: string; data: Array<{ value: unknown[] }> }>; xAxis: { type: string; scale: boolean } }
  assert.equal(byStudent.visualMap, undefined)
  assert.deepEqual(byStudent.series.map((s) => [s.name, s.data.map((d) => d.value[3])]), [['rnn', ['r1', 'r3']], ['gru', ['r2']]])
  assert.deepEqual([byStudent.xAxis.type, byStudent.xAxis.scale], ['value', true])
})

test('scatter coloured by sweep: one legend entry per sweep, named by its title', () => {
  const bySweep = exploreScatterOption(result, 'data.length', 'final_loss', 'sweep') as { series: Array<{ name: string; data: Array<{ value: unknown[] }> }> }
  assert.deepEqual(bySweep.series.map((s) => [s.name, s.data.map((d) => d.value[3])]), [['ICLR23 Fig. 1a (s1)', ['r1', 'r2']], ['ICLR23 Fig. 3a (s2)', ['r3']]])
  const onAxis = exploreScatterOption(result, 'sweep', 'final_loss', '') as { xAxis: { type: string; data: string[] } }
  assert.deepEqual(onAxis.xAxis, { ...onAxis.xAxis, type: 'category', data: ['ICLR23 Fig. 1a (s1)', 'ICLR23 Fig. 3a (s2)'] })
})
