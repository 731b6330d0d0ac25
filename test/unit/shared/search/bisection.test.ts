/** The boundary search against a synthetic oracle: same k* as the full grid, far fewer probes, non-monotone points found. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { nextRound, summarize, type ProbeRecord, type SearchShape } from '../../../../src-shared/search'
import { mulberry32 } from '../../../helpers/searchOracle'

type Oracle = (outer: number, inner: number, seed: number) => boolean

/** Run a search to its end against an oracle; returns every probe and the rounds it took. */
function runSearch(shape: SearchShape, oracle: Oracle): { history: ProbeRecord[]; rounds: number } {
  const history: ProbeRecord[] = []
  let rounds = 0
  for (;;) {
    const round = nextRound(shape, history)
    if (round.length === 0) return { history, rounds }
    rounds++
    assert.ok(rounds < 100, 'the search ends')
    for (const p of round) {
      assert.ok(!history.some((h) => h.outer === p.outer && h.inner === p.inner && h.seed === p.seed), 'no point is probed twice')
      history.push({ ...p, pass: oracle(p.outer, p.inner, p.seed) })
    }
  }
}

function fullGrid(shape: SearchShape, oracle: Oracle): ProbeRecord[] {
  const out: ProbeRecord[] = []
  for (let o = 0; o < shape.outerCount; o++)
    for (let i = 0; i < shape.innerCount; i++)
      for (let s = 0; s < shape.seedCount; s++) out.push({ outer: o, inner: i, seed: s, purpose: 'bisect', pass: oracle(o, i, s) })
  return out
}

const shape = (over: Partial<SearchShape> = {}): SearchShape => ({ outerCount: 8, innerCount: 29, seedCount: 3, direction: 'up', perRound: 2, verify: 1, ...over })

test('monotone outcomes: the search finds the grid\'s k*, per seed and over seeds, with under 35% of its runs', () => {
  const random = mulberry32(7)
  // Each (outer, seed) passes from a random threshold on, some never (threshold beyond the range), some from the start.
  const thresholds = Array.from({ length: 8 }, (_, o) => Array.from({ length: 3 }, () => (o === 7 ? 40 : o === 0 ? 0 : Math.floor(random() * 29))))
  const oracle: Oracle = (o, i, s) => i >= thresholds[o][s]
  const s = shape()
  const { history } = runSearch(s, oracle)
  const grid = summarize(s, fullGrid(s, oracle))
  const found = summarize(s, history)
  for (let o = 0; o < 8; o++) {
    assert.deepEqual(found[o].perSeed, grid[o].perSeed, `per-seed k* at outer ${o}`)
    assert.equal(found[o].kStar, grid[o].kStar, `k* at outer ${o}`)
    assert.equal(found[o].settled, true)
    assert.deepEqual(found[o].nonMonotone, [])
  }
  assert.equal(found[0].kStar, 0)
  assert.equal(found[0].lastFailing, null, 'passing from the start: nothing fails below')
  assert.equal(found[7].kStar, null, 'never passes in range')
  const expected = Math.max(...thresholds[3])
  assert.deepEqual([found[3].lastFailing, found[3].kStar], [expected - 1, expected], 'the bracket is [last failing, k*]')
  assert.ok(history.length <= 0.35 * 8 * 29 * 3, `${history.length} probes of ${8 * 29 * 3}`)
})

test('direction down: the largest inner value up to which the predicate holds', () => {
  const s = shape({ outerCount: 2, seedCount: 2, direction: 'down' })
  const limits = [[10, 14], [3, 3]]
  const oracle: Oracle = (o, i, seed) => i <= limits[o][seed]
  const found = summarize(s, runSearch(s, oracle).history)
  assert.deepEqual(found.map((p) => [p.kStar, p.lastFailing, p.perSeed]), [[10, 11, [10, 14]], [3, 4, [3, 3]]])
  assert.deepEqual(summarize(s, fullGrid(s, oracle)).map((p) => p.kStar), [10, 3])
})

test('a band of failures above the first bisected pass is found by verification and moves k* up; the point is flagged', () => {
  // Passes from 10 on except 18..23: bisection alone (one probe a round: 14, 7, 11, 9, 10) settles on 10; the grid's k* is 24.
  const s = shape({ outerCount: 1, seedCount: 1, perRound: 1 })
  const oracle: Oracle = (_o, i) => i >= 10 && (i < 18 || i > 23)
  const { history } = runSearch(s, oracle)
  const [found] = summarize(s, history)
  assert.equal(summarize(s, fullGrid(s, oracle))[0].kStar, 24)
  assert.equal(found.kStar, 24)
  assert.ok(found.nonMonotone.length > 0, 'passes below the failure are reported')
  assert.ok(found.nonMonotone.every((p) => p.inner < 18))
  // One probe found the band; from the new k* the flagged chain gets its own probe and the two extra ones.
  const verifications = history.filter((p) => p.purpose === 'verify')
  assert.equal(verifications.length, 1 + 1 + 2)
  assert.equal(verifications.filter((p) => p.inner > 24).length, 1 + 2, 'checked again above the new k*')
})

test('rounds keep several probes in flight when few chains are open, and the probes do not depend on anything else', () => {
  const s = shape({ outerCount: 1, seedCount: 1, perRound: 4 })
  const first = nextRound(s, [])
  assert.equal(first.length, 4, 'one open chain gets the whole round')
  assert.deepEqual(first.map((p) => p.inner), [5, 11, 17, 23], 'the bracket (-1, 29) split in five')
  const oracle: Oracle = (_o, i) => i >= 13
  const a = runSearch(s, oracle)
  const b = runSearch(s, oracle)
  assert.deepEqual(a.history, b.history)
  assert.ok(a.rounds < runSearch(shape({ outerCount: 1, seedCount: 1, perRound: 1 }), oracle).rounds, 'more per round: fewer rounds')
})

test('a round cannot start while probes are pending', () => {
  assert.throws(() => nextRound(shape(), [{ outer: 0, inner: 3, seed: 0, purpose: 'bisect', pass: null }]), /still running/)
})
