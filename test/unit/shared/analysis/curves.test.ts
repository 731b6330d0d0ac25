// Curves of many runs: EMA smoothing, x-axis changes, alignment and per-group bands (mean ± std, median, min–max).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { againstSeries, alignCurves, curveBand, emaSmooth, inEpochs, interpolate } from '../../../../src-shared/analysis/curves'
import { buildComparison, type CompareRun } from '../../../../src-shared/analysis/compare'

const close = (a: number | null, b: number, tol = 1e-12) => assert.ok(a !== null && Math.abs(a - b) <= tol, `${a} vs ${b}`)

test('EMA smoothing is debiased (a constant stays constant), skips non-finite points, and 0 is the raw curve', () => {
  assert.deepEqual(emaSmooth([3, 3, 3], 0.9).map((v) => Number(v.toFixed(12))), [3, 3, 3])
  // s1 = 0.5·1 → 1 after debiasing; s2 = 0.5·0.5 + 0.5·3 = 1.75, / (1 − 0.25) = 7/3.
  const [a, b, c, d] = emaSmooth([1, 3, Number.NaN, 3], 0.5)
  close(a, 1)
  close(b, 7 / 3)
  assert.ok(Number.isNaN(c))
  close(d, (0.5 * 1.75 + 1.5) / (1 - 0.125))
  assert.deepEqual(emaSmooth([1, 2], 0), [1, 2])
  assert.throws(() => emaSmooth([1], 1), /smoothing: expected a weight in \[0, 1\)/)
})

test('interpolation is linear inside the range and null outside it', () => {
  close(interpolate([0, 10, 20], [0, 1, 5], 15), 3)
  close(interpolate([0, 10], [2, 4], 10), 4)
  assert.equal(interpolate([0, 10], [2, 4], 11), null)
})

test('curves sharing x are kept as they are; others are interpolated onto their common range', () => {
  const shared = alignCurves([{ x: [0, 1, 2], y: [1, 2, 3] }, { x: [0, 1, 2], y: [3, 2, 1] }])
  assert.deepEqual(shared, { x: [0, 1, 2], ys: [[1, 2, 3], [3, 2, 1]] })
  const mixed = alignCurves([{ x: [0, 10], y: [0, 10] }, { x: [5, 20], y: [5, 20] }], 3)
  assert.deepEqual(mixed.x, [5, 7.5, 10])
  assert.deepEqual(mixed.ys, [[5, 7.5, 10], [5, 7.5, 10]])
})

test('a band holds mean, population std, median and min–max at every x, over finite values only', () => {
  const band = curveBand(8, [
    { x: [0, 1], y: [1, 10] },
    { x: [0, 1], y: [2, Number.NaN] },
    { x: [0, 1], y: [6, 20] },
  ])
  assert.equal(band.runs, 3)
  assert.deepEqual([band.mean[0], band.median[0], band.min[0], band.max[0]], [3, 2, 1, 6])
  close(band.std[0], Math.sqrt(((1 - 3) ** 2 + (2 - 3) ** 2 + (6 - 3) ** 2) / 3))
  assert.deepEqual([band.mean[1], band.std[1], band.median[1], band.min[1], band.max[1]], [15, 5, 15, 10, 20])
})

test('x axes: epochs from batch and training-set size; another series\' values at the same step', () => {
  assert.deepEqual(inEpochs({ x: [0, 50, 100], y: [1, 2, 3] }, 10, 500).x, [0, 1, 2])
  const loss = { x: [0, 10, 20], y: [3, 2, 1] }
  const balance = { x: [0, 20], y: [0, 1] }
  assert.deepEqual(againstSeries(loss, balance), { x: [0, 0.5, 1], y: [3, 2, 1] })
})

test('Compare with a group-by aggregates every run\'s curve into one band per group, beyond the overlaid few', () => {
  const run = (id: string, k: number): CompareRun => ({ id, sweepId: 's1', status: 'done', params: { 'data.length': k }, spec: {}, metrics: {} })
  const runs = [run('r1', 2), run('r2', 2), run('r3', 4)]
  const curves = [
    { runId: 'r1', series: { x: [0, 1], y: [1, 3] } },
    { runId: 'r2', series: { x: [0, 1], y: [3, 5] } },
    { runId: 'r3', series: { x: [0, 1], y: [7, 7] } },
  ]
  const result = buildComparison({ runs, groupBy: 'data.length', metrics: [], curves, maxCurves: 1, curveNames: [] })
  assert.equal(result.curves.length, 1)
  assert.equal(result.curveCount, 3)
  assert.deepEqual(result.bands!.groups.map((g) => [g.value, g.runs, g.mean]), [[2, 2, [2, 4]], [4, 1, [7, 7]]])
})
