/** The search presets' claims and figures on synthetic runs: k* read from whichever cells ran, verdicts where the numbers say so. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { evaluateClaims, type ClaimRun } from '../../../../src-shared/claims'
import { kStarOption, phaseDiagramOption } from '../../../../src-shared/charts/searchFigures'
import { pointsFromRuns } from '../../../../src-shared/search'
import { findPreset } from '../../../../src-shared/presets'

/** Runs over d̂ × k × 2 seeds passing (ratio 0.01) from threshold(d̂, seed) on, failing (ratio 1) below. */
function lengthRuns(threshold: (d: number, seed: number) => number, dims = [1, 2, 3]): ClaimRun[] {
  return dims.flatMap((d) =>
    Array.from({ length: 15 }, (_, i) => i + 2).flatMap((k) =>
      [0, 1].map((seed) => ({ params: { 'teacher.dim': d, 'data.length': k, seed }, metrics: { extrapolation_error: k >= threshold(d, seed) ? 0.01 : 1, zero_error: 1 }, series: {} })),
    ),
  )
}

test('iclr23-critical-length: holds when k* ≤ 2d̂ + 1 at every d̂, partly when not at some, with the slowest seed deciding', () => {
  const holds = evaluateClaims('iclr23-critical-length', lengthRuns((d) => 2 * d), 'quick')[0].outcome
  assert.equal(holds.verdict, 'holds')
  assert.deepEqual(holds.numbers.filter((n) => n.label.startsWith('k*')).map((n) => [n.value, n.paper]), [[2, 3], [4, 5], [6, 7]])
  const partly = evaluateClaims('iclr23-critical-length', lengthRuns((d, seed) => (d === 3 && seed === 1 ? 9 : 2 * d)), 'quick')[0].outcome
  assert.equal(partly.verdict, 'partly')
  assert.match(partly.departures[0], /d̂ = 3 \(k\* 9, seeds 0: 6, 1: 9\)/)
  // The effect removed: no seed ever passes (a flat, high error), or every seed passes only far above 2d̂ + 1.
  assert.equal(evaluateClaims('iclr23-critical-length', lengthRuns(() => 99), 'quick')[0].outcome.verdict, 'fails')
  assert.equal(evaluateClaims('iclr23-critical-length', lengthRuns((d) => 2 * d + 5), 'quick')[0].outcome.verdict, 'fails')
})

test('aistats22-critical-dim: fails when no student extrapolates up to d* = k − 1, holds when each does', () => {
  const runs = (dStar: number) => ['linear', 'gru'].flatMap((kind) => Array.from({ length: 8 }, (_, i) => i + 1).map((d) => ({
    params: { 'student.kind': kind, 'teacher.dim': d, seed: 0 }, metrics: { extrapolation_error: d <= dStar ? 0.001 : 1, zero_error: 1 }, series: {},
  })))
  assert.equal(evaluateClaims('aistats22-critical-dim', runs(4), 'quick')[0].outcome.verdict, 'holds')
  assert.equal(evaluateClaims('aistats22-critical-dim', runs(0), 'quick')[0].outcome.verdict, 'fails')
})

test('iclr23-critical-init: k* ordered by init scale; no transition in range counts as the largest', () => {
  const runs = (ks: Record<number, number>) =>
    Object.entries(ks).flatMap(([scale, k0]) => Array.from({ length: 19 }, (_, i) => i + 2).map((k) => ({ params: { 'student.init.scale': Number(scale), 'data.length': k, seed: 1 }, metrics: { extrapolation_error: k >= k0 ? 0.005 : 0.05 }, series: {} })))
  assert.equal(evaluateClaims('iclr23-critical-init', runs({ 1e-5: 8, 1e-3: 8, 1e-1: 13 }), 'quick')[0].outcome.verdict, 'holds')
  assert.equal(evaluateClaims('iclr23-critical-init', runs({ 1e-5: 8, 1e-3: 10, 1e-1: 99 }), 'quick')[0].outcome.verdict, 'holds')
  assert.equal(evaluateClaims('iclr23-critical-init', runs({ 1e-5: 12, 1e-3: 8, 1e-1: 8 }), 'quick')[0].outcome.verdict, 'fails')
})

test('k* from a search\'s sparse probes equals k* from the full grid when outcomes are monotone', () => {
  const grid = lengthRuns((d, seed) => d + 3 + seed)
  const probed = grid.filter((r) => [2, 5, 6, 7, 9, 16].includes(r.params['data.length'] as number))
  const fromGrid = pointsFromRuns(grid, { outer: 'teacher.dim', inner: 'data.length' })
  assert.deepEqual(fromGrid.map((p) => p.kStar), [5, 6, 7])
  assert.deepEqual(pointsFromRuns(probed, { outer: 'teacher.dim', inner: 'data.length' }).map((p) => p.kStar), [5, 6, 7])
})

test('the phase diagram draws only probed cells, k* and its bracket per row; the k* plot has the 2d̂ line', () => {
  const option = phaseDiagramOption({
    outerPath: 'teacher.dim', innerPath: 'data.length', outerValues: [1, 2], innerValues: [2, 3, 4, 5],
    cells: [{ outer: 1, inner: 3, logRatio: -2, passes: 2, probes: 2 }, { outer: 2, inner: 2, logRatio: null, passes: 0, probes: 1 }],
    points: [
      { value: 1, kStar: 3, bracket: [2, 3], perSeed: { 0: 3 }, runs: 2, nonMonotone: [], settled: true, note: null },
      { value: 2, kStar: null, bracket: [5, null], perSeed: { 0: null }, runs: 2, nonMonotone: [{ seed: 0, value: 4 }], settled: true, note: 'no transition up to k = 5' },
    ],
  }) as { series: Array<{ name: string; data: unknown[] }> }
  const series = Object.fromEntries(option.series.map((s) => [s.name, s.data]))
  assert.deepEqual(series['log10 error / zero-solution error'], [[1, 0, -2, '2/2 pass']], 'one coloured cell; the unprobed and ratio-less ones blank')
  assert.deepEqual(series['k*'], [[1, 0]])
  assert.deepEqual(series['last failing'], [[0, 0], [3, 1]])
  assert.deepEqual(series['non-monotone pass'], [[2, 1, 'seed 0']])
  const k = kStarOption({ xName: 'teacher.dim', innerName: 'data.length', twiceX: true, points: [{ x: 2, kStar: 4, bracket: [3, 4], perSeed: [{ x: 2, k: 4 }] }] }) as { series: Array<{ name: string; data: number[][] }> }
  assert.deepEqual(k.series.find((s) => s.name === 'k = 2d̂')!.data, [[0, 0], [3, 6]])
})

test("the k* plot draws the paper's own points as brackets beside the search's, widening x to include them", () => {
  const preset = findPreset('iclr23-critical-length')!
  assert.deepEqual(preset.paperKStar!.map((p) => [p.x, p.lastFailing, p.firstPassing]), [[5, 10, 11], [10, 18, 20]])
  for (const p of preset.paperKStar!) assert.match(p.source, /^ICLR23 §5\.\d \(Fig\. 1[ab],/)
  const k = kStarOption({
    xName: 'teacher.dim', innerName: 'data.length', twiceX: true, paper: preset.paperKStar,
    points: [{ x: 2, kStar: 4, bracket: [3, 4], perSeed: [{ x: 2, k: 4 }] }],
  }) as { xAxis: { max: number }; series: Array<{ name: string; data: unknown[] }> }
  const series = Object.fromEntries(k.series.map((s) => [s.name, s.data]))
  assert.deepEqual(series['paper: k bracket'], [[5, 10], [5, 11], '-', [10, 18], [10, 20]])
  assert.deepEqual((series['paper: k*'] as Array<{ value: number[] }>).map((d) => d.value), [[5, 11], [10, 20]])
  assert.equal(k.xAxis.max, 11, 'x reaches past the paper\'s d̂ = 10')
  const without = kStarOption({ xName: 'teacher.dim', innerName: 'data.length', twiceX: true, points: [{ x: 2, kStar: 4, bracket: [3, 4], perSeed: [] }] }) as { series: Array<{ name: string }> }
  assert.ok(!without.series.some((s) => s.name.startsWith('paper')))
})
