// Compare's and run detail's chart options: split lines coloured per group and dashed per metric, log axes from the
// data's own decades, legends that scroll rather than grow.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { groupOption, lossCurveOption, valueAxis } from '../../../src-renderer/charts/options'
import { PALETTE } from '../../../src-shared/charts/palette'
import type { CompareResult } from '../../../src-shared/api/lab'

const point = (value: number, mean: number) => ({ value, mean, std: 0.1, median: mean, n: 3, unfitted: 0 })

test('split group lines: a colour per split value, a dash per metric, legend names without repeating a single metric', () => {
  const groups: NonNullable<CompareResult['groups']> = {
    param: 'data.length',
    split: 'teacher.eigMax',
    lines: [
      { metric: 'extrapolation_error', group: 1, points: [point(2, 5), point(8, 0.1)] },
      { metric: 'extrapolation_error', group: 1.05, points: [point(2, 6), point(8, 3)] },
      { metric: 'zero_error', group: 1, points: [point(2, 1), point(8, 1)] },
      { metric: 'zero_error', group: 1.05, points: [point(2, 2), point(8, 2)] },
    ],
  }
  const option = groupOption(groups, true) as { legend: { type: string; data: string[] }; series: Array<{ type: string; color: string; lineStyle?: { type: unknown } }> }
  const lines = option.series.filter((s) => s.type === 'line')
  assert.deepEqual(lines.map((l) => l.color), [PALETTE[0], PALETTE[1], PALETTE[0], PALETTE[1]])
  assert.deepEqual(lines.map((l) => l.lineStyle?.type), ['solid', 'solid', 'dashed', 'dashed'])
  assert.equal(option.legend.type, 'scroll')
  assert.equal(option.legend.data.length, 4)
  const axes = option as unknown as { xAxis: { min: unknown; max: unknown }; yAxis: { min: number; max: number } }
  assert.deepEqual([axes.xAxis.min, axes.xAxis.max], ['dataMin', 'dataMax'], 'x from the first to the last k')
  assert.deepEqual([axes.yAxis.min, axes.yAxis.max], [0.1, 10], 'y over means 0.1 … 6 and their ± 0.1 bars (0.1 − 0.1 = 0 has no place on a log axis)')
  assert.equal(option.legend.data[1], 'extrapolation error, largest teacher eigenvalue = 1.05')
  const one = groupOption({ ...groups, lines: groups.lines.slice(0, 2) }, true) as { legend: { data: string[] } }
  assert.deepEqual(one.legend.data, ['largest teacher eigenvalue = 1', 'largest teacher eigenvalue = 1.05'])
})

test('a log axis spans the data\'s decades; a linear axis scales to the data', () => {
  const log = valueAxis('loss', true, [3.7e-31, 0.02, 1.4, null, -1]) as { min: number; max: number; interval: number }
  assert.deepEqual([log.min, log.max, log.interval], [1e-32, 1e4, 4], '33 decades, labelled every 4, ends on the labels')
  const narrow = valueAxis('loss', true, [2e-3, 0.5]) as { min: number; max: number; interval: number }
  assert.deepEqual([narrow.min, narrow.max, narrow.interval], [1e-3, 1, 1])
  const linear = valueAxis('R²', false, [0.52, 0.65]) as { scale: boolean; min?: number }
  assert.deepEqual([linear.scale, linear.min], [true, undefined])
})

test('loss curves take a palette colour and dash each, and the axis from their values', () => {
  const option = lossCurveOption([
    { label: 'train', series: { x: [0, 1], y: [1, 1e-3] } },
    { label: 'test', series: { x: [0, 1], y: [2, 1e-2] } },
  ]) as { series: Array<{ color: string }>; yAxis: { min: number; max: number } }
  assert.deepEqual(option.series.map((s) => s.color), [PALETTE[0], PALETTE[1]])
  assert.deepEqual([option.yAxis.min, option.yAxis.max], [1e-3, 10])
})
