/**
 * A search replayed against a stored outcome table instead of training: every (outer, inner, seed) cell's pass or
 * fail, as a full grid measured it. The search's rule is a pure function of outcomes, so what it would probe and the
 * k* it would find are known without a run — and comparable with the grid's k* over the same table.
 */
import { nextRound, summarize, type ProbeRecord, type SearchShape } from '../../src-shared/search'

/** table[outer][seed] is a string over the inner axis: '1' passes, '0' fails (ascending inner values). */
export type OutcomeTable = string[][]

export function shapeOf(table: OutcomeTable, over: Partial<SearchShape> = {}): SearchShape {
  return { outerCount: table.length, innerCount: table[0][0].length, seedCount: table[0].length, direction: 'up', perRound: 2, verify: 1, ...over }
}

const passes = (table: OutcomeTable, p: { outer: number; inner: number; seed: number }): boolean => {
  const cell = table[p.outer][p.seed][p.inner]
  if (cell !== '0' && cell !== '1') throw new Error(`outcome table: no outcome at outer ${p.outer}, seed ${p.seed}, inner ${p.inner}`)
  return cell === '1'
}

/** The search run to its end against the table: every probe with its outcome, and the number of rounds. */
export function replaySearch(shape: SearchShape, table: OutcomeTable): { history: ProbeRecord[]; rounds: number } {
  const history: ProbeRecord[] = []
  const seen = new Set<string>()
  let rounds = 0
  for (;;) {
    const round = nextRound(shape, history)
    if (round.length === 0) return { history, rounds }
    if (++rounds > 200) throw new Error('the search did not end within 200 rounds')
    for (const p of round) {
      const key = `${p.outer}:${p.inner}:${p.seed}`
      if (seen.has(key)) throw new Error(`cell ${key} probed twice`)
      seen.add(key)
      history.push({ ...p, pass: passes(table, p) })
    }
  }
}

/** Every cell of the table as a probe: what the full grid ran. */
export function gridHistory(shape: SearchShape, table: OutcomeTable): ProbeRecord[] {
  const out: ProbeRecord[] = []
  for (let outer = 0; outer < shape.outerCount; outer++)
    for (let inner = 0; inner < shape.innerCount; inner++)
      for (let seed = 0; seed < shape.seedCount; seed++) out.push({ outer, inner, seed, purpose: 'bisect', pass: passes(table, { outer, inner, seed }) })
  return out
}

/** The search and the grid over one table: k* per outer value from each, and the runs each took. */
export function compareWithGrid(table: OutcomeTable, over: Partial<SearchShape> = {}) {
  const shape = shapeOf(table, over)
  const { history, rounds } = replaySearch(shape, table)
  const search = summarize(shape, history)
  const grid = summarize(shape, gridHistory(shape, table))
  return { shape, history, rounds, search, grid, runs: history.length, gridRuns: shape.outerCount * shape.innerCount * shape.seedCount }
}
