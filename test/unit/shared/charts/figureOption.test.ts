// A paper figure's ECharts option: a log y axis bounded to whole decades, labelled at most every few decades.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CLIPPED_NAME, figureOption, legendRows } from '../../../../src-shared/charts/figureOption'
import type { FigureData } from '../../../../src-shared/claims/figureData'

function mseFigure(ys: number[]): FigureData {
  return {
    id: 'mse', title: 'MSE against sequence length', xLabel: 'sequence length L', yLabel: 'MSE by sequence length', xType: 'value', logY: true,
    lines: [{ name: 'gru, plain', points: ys.map((y, i) => [i + 1, y] as [number, number]), style: 'line', group: 0 }],
    xMarks: [], yMarks: [],
  }
}

test('log y axis: whole decades, a label every decade up to 6 decades, every 2 on a 12-decade range', () => {
  const wide = figureOption(mseFigure([1e-11, 3e-6, 0.2, 5])).yAxis as Record<string, unknown>
  assert.deepEqual([wide.type, wide.min, wide.max, wide.interval], ['log', 1e-11, 10, 2])
  const narrow = figureOption(mseFigure([2e-3, 0.04, 0.9])).yAxis as Record<string, unknown>
  assert.deepEqual([narrow.min, narrow.max, narrow.interval], [1e-3, 1, 1])
})

test('a value below the log floor is drawn at the floor and marked by its own legend entry', () => {
  const option = figureOption(mseFigure([1e-31, 1e-3, 0.5])) as { yAxis: { min: number }; series: Array<{ name: string; type: string; data: unknown[] }> }
  const floor = option.yAxis.min
  assert.equal(floor, 10 ** -12, '12 decades below the top decade (1)')
  const marker = option.series.find((s) => s.name === CLIPPED_NAME)
  assert.ok(marker, 'a marker series')
  assert.deepEqual(marker.data, [[1, floor]])
  const noClip = figureOption(mseFigure([2e-3, 0.04, 0.9])) as { series: Array<{ name: string }> }
  assert.equal(noClip.series.some((s) => s.name === CLIPPED_NAME), false, 'nothing clipped, no marker')
})

test('a figure range clips outliers but the axis spans the data (R² at 0.5–0.65, not −1…1)', () => {
  const r2: FigureData = { ...mseFigure([]), logY: false, yRange: [-1, 1], lines: [
    { name: 'rnn', points: [[0, 0.52], [1, 0.6]], style: 'line', group: 0 },
    { name: 'conv1d', points: [[0, 0.55], [1, 0.65]], style: 'line', group: 1 },
  ] }
  const y = (figureOption(r2) as { yAxis: Record<string, unknown> }).yAxis
  assert.equal(y.min, undefined)
  assert.equal(y.max, undefined)
  assert.equal(y.scale, true)
})

test('12 lines get 12 different colours; a 13th reuses the first colour dashed; a long legend scrolls on one row', () => {
  const names = Array.from({ length: 13 }, (_, i) => `model number ${i} on recording ${i}`)
  const many: FigureData = { ...mseFigure([]), logY: false, lines: names.map((name, i) => ({ name, points: [[0, i], [1, i + 1]], style: 'line' as const, group: i })) }
  const option = figureOption(many, { width: 600 }) as { legend: { type: string }; series: Array<{ lineStyle: { color: string; type: unknown } }> }
  const colours = option.series.map((s) => s.lineStyle.color)
  assert.equal(new Set(colours.slice(0, 12)).size, 12)
  assert.equal(colours[12], colours[0])
  assert.deepEqual([option.series[0].lineStyle.type, option.series[12].lineStyle.type], ['solid', 'dashed'])
  assert.equal(option.legend.type, 'scroll')
  assert.equal(legendRows(names, 560), 1, 'a scrolling legend takes one row')
  assert.equal(legendRows(names.slice(0, 2), 560), 1)
  assert.equal(legendRows(names.slice(0, 5), 560), 3)
})
