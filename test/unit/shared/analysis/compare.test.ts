// The compare view's arithmetic: grouping, mean ± std and median, heat map, config diff, R².
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { buildComparison, meanStd, specDiff, type CompareRun } from '../../../../src-shared/analysis/compare'

const run = (id: string, k: number, seed: number, error: number, extra: Record<string, unknown> = {}): CompareRun => ({
  id,
  sweepId: 's1',
  status: 'done',
  params: { 'data.length': k, seed },
  spec: { data: { length: k }, seed, student: { width: 10 } },
  metrics: { extrapolation_error: error, zero_error: 1, mse_by_length: [1, 2], ...extra },
})

test('meanStd is the population standard deviation (numpy default) over finite values only', () => {
  assert.deepEqual(meanStd([1, 3]), { mean: 2, std: 1, median: 2, n: 2 })
  assert.deepEqual(meanStd([2, null, Number.NaN, 4]), { mean: 3, std: 1, median: 3, n: 2 })
  // The median ignores one outlying seed that decides the mean.
  assert.equal(meanStd([0.01, 1000, 0.02])!.median, 0.02)
  assert.equal(meanStd([null]), null)
})

test('grouping by a swept parameter gives mean ± std over seeds, in ascending order', () => {
  const runs = [run('r1', 8, 0, 0.1), run('r2', 8, 1, 0.3), run('r3', 2, 0, 5), run('r4', 2, 1, 7)]
  const result = buildComparison({ runs, groupBy: 'data.length', metrics: ['extrapolation_error', 'zero_error'], curves: [], curveNames: [] })
  assert.deepEqual(result.params, ['data.length', 'seed'])
  const [error, zero] = result.groups!.lines
  assert.deepEqual(error.points.map((p) => p.value), [2, 8])
  assert.deepEqual(error.points[0], { value: 2, mean: 6, std: 1, median: 6, n: 2, unfitted: 0 })
  assert.ok(Math.abs(error.points[1].mean - 0.2) < 1e-12 && Math.abs(error.points[1].std - 0.1) < 1e-12)
  assert.deepEqual(zero.points.map((p) => p.std), [0, 0])
  // Arrays are not scalar metrics: they are left out of the table and the grouping.
  assert.ok(!result.metrics.includes('mse_by_length'))
})

test('runs that never fitted their training lengths (train_fitted = 0) are left out of a group and counted apart', () => {
  const stuck = run('r3', 8, 2, 1e-10)
  stuck.metrics.train_fitted = 0
  const fitted = [run('r1', 8, 0, 0.1), run('r2', 8, 1, 0.3)]
  for (const r of fitted) r.metrics.train_fitted = 1
  const result = buildComparison({ runs: [...fitted, stuck], groupBy: 'data.length', metrics: ['extrapolation_error'], curves: [], curveNames: [] })
  const [point] = result.groups!.lines[0].points
  assert.equal(point.n, 2)
  assert.equal(point.unfitted, 1)
  assert.ok(Math.abs(point.mean - 0.2) < 1e-12, `a plateau run's 1e-10 would pull the mean to ${point.mean}`)
})

test('a 2-D heat map holds the mean per cell and null where no run landed', () => {
  const runs = [run('r1', 2, 0, 1), run('r2', 2, 1, 3), run('r3', 4, 0, 5)]
  const result = buildComparison({ runs, metrics: [], heatmap: { x: 'data.length', y: 'seed', metric: 'extrapolation_error' }, curves: [], curveNames: [] })
  assert.deepEqual(result.heatmap!.xValues, [2, 4])
  assert.deepEqual(result.heatmap!.yValues, [0, 1])
  assert.deepEqual(result.heatmap!.z, [[1, 5], [3, null]])
})

test('the config diff lists only the spec paths that differ', () => {
  const diff = specDiff([run('r1', 2, 0, 1), run('r2', 4, 0, 1)])
  assert.deepEqual(diff, [{ path: 'data.length', values: { r1: 2, r2: 4 } }])
})

test('R² rows come from runs whose r2 metric is an object keyed by output column', () => {
  const runs = [run('r1', 2, 0, 1, { r2: { vel_x: 0.6, vel_y: 0.5 } }), run('r2', 4, 0, 1)]
  const result = buildComparison({ runs, metrics: [], curves: [], curveNames: [] })
  assert.deepEqual(result.r2.columns, ['vel_x', 'vel_y'])
  assert.deepEqual(result.r2.rows.map((r) => r.runId), ['r1'])
})

test('two sweeps of one swept parameter stay apart when split by sweep; each line is its own sweep\'s mean', () => {
  const a = [run('a1', 8, 0, 0.1), run('a2', 8, 1, 0.3)].map((r) => ({ ...r, sweepId: 'sA', sweepTitle: 'Fig. 1a' }))
  const b = [run('b1', 8, 0, 5), run('b2', 8, 1, 7)].map((r) => ({ ...r, sweepId: 'sB', sweepTitle: 'Fig. 3a' }))
  const result = buildComparison({ runs: [...a, ...b], groupBy: 'data.length', splitBy: 'sweep', metrics: ['extrapolation_error'], curves: [], curveNames: [] })
  assert.equal(result.groups!.split, 'sweep')
  assert.deepEqual(result.groups!.lines.map((l) => [l.group, l.points[0].mean]), [['Fig. 1a (sA)', 0.2], ['Fig. 3a (sB)', 6]])
  const pooled = buildComparison({ runs: [...a, ...b], groupBy: 'data.length', metrics: ['extrapolation_error'], curves: [], curveNames: [] })
  assert.equal(pooled.groups!.lines.length, 1)
  assert.ok(Math.abs(pooled.groups!.lines[0].points[0].mean - 3.1) < 1e-12, 'without the split they pool')
})

test('group keys: sweep and tags always, swept params, then unswept spec paths that differ; grouping by tags and by an unswept path', () => {
  const runs = [
    { ...run('r1', 8, 0, 1), tags: ['long k'], spec: { data: { length: 8 }, seed: 0, student: { width: 10 } } },
    { ...run('r2', 8, 1, 3), tags: [], spec: { data: { length: 8 }, seed: 1, student: { width: 20 } } },
  ]
  const result = buildComparison({ runs, groupBy: 'tags', metrics: ['extrapolation_error'], curves: [], curveNames: [] })
  assert.deepEqual(result.groupKeys, ['sweep', 'tags', 'seed', 'student.width'])
  assert.deepEqual(result.groups!.lines[0].points.map((p) => [p.value, p.mean]), [['long k', 1], ['(untagged)', 3]])
  const byWidth = buildComparison({ runs, groupBy: 'student.width', metrics: ['extrapolation_error'], curves: [], curveNames: [] })
  assert.deepEqual(byWidth.groups!.lines[0].points.map((p) => [p.value, p.mean]), [[10, 1], [20, 3]])
})

test('bands follow the split key when there is one', () => {
  const curve = (y: number) => ({ x: [0, 1], y: [y, y] })
  const runs = [run('r1', 2, 0, 1), run('r2', 4, 0, 1)].map((r, i) => ({ ...r, sweepId: `s${i}` }))
  const result = buildComparison({ runs, groupBy: 'data.length', splitBy: 'sweep', metrics: [], curves: [{ runId: 'r1', series: curve(1) }, { runId: 'r2', series: curve(3) }], curveNames: ['loss_curve'] })
  assert.equal(result.bands!.param, 'sweep')
  assert.deepEqual(result.bands!.groups.map((g) => g.value), ['s0', 's1'])
})
