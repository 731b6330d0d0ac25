// A paper figure's ECharts option: a log y axis bounded to whole decades, labelled at most every few decades.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { figureOption } from '../../../src-shared/charts/figureOption'
import type { FigureData } from '../../../src-shared/claims/figureData'

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
