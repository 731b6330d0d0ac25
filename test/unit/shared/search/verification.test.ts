/**
 * Verification of the all-seed k* against outcome tables with failures bisection cannot see: windows of failures
 * above a seed's own k*, tails failing up to the range's top, and the measured outcome tables of
 * iclr23-critical-length (every grid cell's pass or fail), replayed without training.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { compareWithGrid, type OutcomeTable } from '../../../helpers/searchReplay'

/** A seed's row over n inner positions: passes from `from` on, except at the listed positions. */
const row = (n: number, from: number, failing: number[] = []): string =>
  Array.from({ length: n }, (_, i) => (i >= from && !failing.includes(i) ? '1' : '0')).join('')

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

test('a window of failures just above the all-seed k*, in a seed whose own bisection settled far below, moves k* past it', () => {
  // Seed 1 decides k* = 8 by bisection; seed 2 passes from 0 but fails at 8..10 (the measured d̂ = 2 case at paper
  // scale: that seed passes at k = 2..9, fails at 10..12, passes again). Bisection of seed 2 probes 11, 5, 2, 1, 0.
  const n = 23
  const table: OutcomeTable = [[row(n, 3), row(n, 8), row(n, 0, [8, 9, 10]), row(n, 1)]]
  const { search, grid, history } = compareWithGrid(table)
  assert.equal(grid[0].kStar, 11)
  assert.equal(search[0].kStar, grid[0].kStar)
  assert.deepEqual(search[0].perSeed, grid[0].perSeed)
  assert.ok(search[0].nonMonotone.some((p) => p.seed === 2), 'the seed passing below its failures is flagged')
  // Once k* moved to 11, every seed is checked again from there: each has a verification probe at or above 11.
  for (let seed = 0; seed < 4; seed++) {
    assert.ok(history.some((p) => p.seed === seed && p.purpose === 'verify' && p.inner >= 11), `seed ${seed} re-checked from the new k*`)
  }
})

test('a window of failures from k* up, in a seed settled far below, is found whenever it covers the middle of that seed\'s lowest unprobed stretch from k*', () => {
  // One verification probe per seed has a finite reach: it lands in the middle of the lowest stretch of cells from k*
  // up that bisection of that seed left unprobed. Every window covering that point is found, wherever k* falls.
  const n = 23
  let found = 0
  for (let kStar = 3; kStar < n - 1; kStar++) {
    const clean: OutcomeTable = [[row(n, kStar), row(n, 0), row(n, 2)]]
    const probed = new Set(compareWithGrid(clean).history.filter((p) => p.seed === 1 && p.purpose === 'bisect').map((p) => p.inner))
    let start = kStar
    while (probed.has(start)) start++
    let end = start
    while (end + 1 < n && !probed.has(end + 1)) end++
    const middle = Math.floor((start + end) / 2)
    for (let from = start; from <= middle; from++) {
      for (let to = middle; to < n - 1; to++) {
        const table: OutcomeTable = [[row(n, kStar), row(n, 0, range(from, to)), row(n, 2)]]
        const { search, grid } = compareWithGrid(table)
        assert.equal(grid[0].kStar, to + 1)
        assert.equal(search[0].kStar, grid[0].kStar, `k* ${kStar}, seed 1 failing at ${from}..${to}`)
        found++
      }
    }
  }
  assert.ok(found > 100, `${found} windows`)
})

test('a tail failing up to the range\'s top, in a seed that passes at the all-seed k*, leaves no k* in range', () => {
  // Seed 1 decides k* = 12; seed 0 passes from 7 (bisection probes 11, 5, 8, 6, 7) and fails again from 15 on.
  const n = 23
  const table: OutcomeTable = [[row(n, 7, range(15, 22)), row(n, 12), row(n, 2)]]
  const { search, grid } = compareWithGrid(table)
  assert.equal(grid[0].kStar, null)
  assert.equal(search[0].kStar, null)
  assert.equal(search[0].perSeed[0], null, 'the seed failing at the top has no k* of its own')
})

test('with every seed monotone, verification costs one probe per chain and changes nothing', () => {
  const n = 15
  const table: OutcomeTable = [range(0, 3).map((s) => row(n, 2 * s + 1)), range(0, 3).map((s) => row(n, 12 - s))]
  const { search, grid, history, shape } = compareWithGrid(table)
  assert.deepEqual(search.map((p) => [p.kStar, p.perSeed]), grid.map((p) => [p.kStar, p.perSeed]))
  assert.equal(history.filter((p) => p.purpose === 'verify').length, shape.outerCount * shape.seedCount)
  assert.ok(search.every((p) => p.nonMonotone.length === 0 && p.settled))
})

interface StoredTables {
  paper: { teacherDim: number[]; table: OutcomeTable }
  quick: { teacherDim: number[]; table: OutcomeTable }
}
const stored = JSON.parse(readFileSync(new URL('../../../fixtures/search/iclr23-critical-length-outcomes.json', import.meta.url), 'utf8')) as StoredTables

for (const scale of ['quick', 'paper'] as const) {
  test(`iclr23-critical-length's measured ${scale} outcome table: the search finds the grid's k* at every d̂ with at most 35% of its runs`, () => {
    const { search, grid, runs, gridRuns } = compareWithGrid(stored[scale].table)
    assert.equal(grid.length, stored[scale].teacherDim.length)
    for (const [o, p] of search.entries()) assert.equal(p.kStar, grid[o].kStar, `k* at d̂ = ${stored[scale].teacherDim[o]}`)
    assert.ok(runs <= 0.35 * gridRuns, `${runs} runs of ${gridRuns}`)
  })
}
