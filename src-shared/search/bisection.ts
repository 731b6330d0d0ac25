/**
 * The boundary search itself, as pure functions of what has been probed: for each outer value and seed (a chain) it
 * brackets the transition on the ordered inner axis and bisects the bracket, a round at a time, then spends a few
 * verification probes where a non-monotone outcome would hide. Not the driver: src-main/search runs the probes.
 *
 * Indices, not values: `inner` indexes the inner axis in ascending order; the direction only orients it. "Up" looks
 * for the smallest inner value from which the predicate holds for every larger one; "down" for the largest value up
 * to which it holds (the same search on the reversed axis).
 */

export type Direction = 'up' | 'down'

export interface SearchShape {
  outerCount: number
  innerCount: number
  seedCount: number
  direction: Direction
  /** Probes a round aims for across all chains (several per chain when few are open); not the worker count, so a search on 1 or 2 workers probes the same points. */
  perRound: number
  /** Verification probes per chain once its bracket has closed; a non-monotone chain gets NON_MONOTONE_EXTRA more. */
  verify: number
}

/** Extra verification probes for a chain whose outcomes already contradict monotonicity. */
export const NON_MONOTONE_EXTRA = 2

export type Purpose = 'bisect' | 'verify'

export interface Probe {
  outer: number
  inner: number
  /** Index into the seeds list. */
  seed: number
  purpose: Purpose
}

/** A probe with its outcome: true when the predicate holds, null while it has not finished. */
export interface ProbeRecord extends Probe {
  pass: boolean | null
}

interface ChainState {
  /** Oriented positions (0 = the end where the search starts) of the last failure and the first pass after it. */
  lastFail: number
  firstPass: number
  /** Oriented positions of passes below the last failure. */
  passesBelow: number[]
  known: Map<number, boolean>
  verified: number
}

const orient = (shape: SearchShape, inner: number) => (shape.direction === 'up' ? inner : shape.innerCount - 1 - inner)

function chainState(shape: SearchShape, probes: readonly ProbeRecord[]): ChainState {
  const known = new Map<number, boolean>()
  let verified = 0
  for (const p of probes) {
    if (p.pass !== null) known.set(orient(shape, p.inner), p.pass)
    if (p.purpose === 'verify') verified++
  }
  let lastFail = -1
  for (const [j, pass] of known) if (!pass && j > lastFail) lastFail = j
  let firstPass = shape.innerCount
  for (const [j, pass] of known) if (pass && j > lastFail && j < firstPass) firstPass = j
  const passesBelow = [...known].filter(([j, pass]) => pass && j < lastFail).map(([j]) => j).sort((a, b) => a - b)
  return { lastFail, firstPass, passesBelow, known, verified }
}

/** The middle of the longest run of unprobed positions in [from, to] (the lowest such run on a tie), or null. */
function middleOfLongestGap(known: ReadonlyMap<number, boolean>, from: number, to: number): number | null {
  let best: [number, number] | null = null
  let start = -1
  for (let j = from; j <= to + 1; j++) {
    const open = j <= to && !known.has(j)
    if (open && start < 0) start = j
    if (!open && start >= 0) {
      if (!best || j - start > best[1] - best[0] + 1) best = [start, j - 1]
      start = -1
    }
  }
  return best ? Math.floor((best[0] + best[1]) / 2) : null
}

/** What a chain wants next: bisection points inside an open bracket, else one verification probe, else nothing. */
function wanted(shape: SearchShape, state: ChainState, probesPerChain: number): { positions: number[]; purpose: Purpose } {
  const gap = state.firstPass - state.lastFail
  if (gap > 1) {
    const positions = new Set<number>()
    const m = Math.min(probesPerChain, gap - 1)
    for (let t = 1; t <= m; t++) positions.add(state.lastFail + Math.round((t * gap) / (m + 1)))
    return { positions: [...positions].filter((j) => j > state.lastFail && j < state.firstPass), purpose: 'bisect' }
  }
  const budget = shape.verify + (state.passesBelow.length > 0 ? NON_MONOTONE_EXTRA : 0)
  if (state.verified >= budget) return { positions: [], purpose: 'verify' }
  // Above the boundary first (a failure there moves k*), then below it (a pass there is a non-monotone point).
  const above = middleOfLongestGap(state.known, state.firstPass + 1, shape.innerCount - 1)
  const j = above ?? middleOfLongestGap(state.known, 0, state.lastFail - 1)
  return { positions: j === null ? [] : [j], purpose: 'verify' }
}

function chains(shape: SearchShape, history: readonly ProbeRecord[]): Map<string, ProbeRecord[]> {
  const out = new Map<string, ProbeRecord[]>()
  for (let o = 0; o < shape.outerCount; o++) for (let s = 0; s < shape.seedCount; s++) out.set(`${o}:${s}`, [])
  for (const p of history) out.get(`${p.outer}:${p.seed}`)?.push(p)
  return out
}

/**
 * The next round's probes, in a fixed order (outer, seed, inner), given every probe so far with its outcome; empty
 * when the search is over. Throws when a probe is still pending: a round starts only after the last one finished.
 */
export function nextRound(shape: SearchShape, history: readonly ProbeRecord[]): Probe[] {
  if (history.some((p) => p.pass === null)) throw new Error('a round is still running: its probes have no outcome yet')
  const states = [...chains(shape, history)].map(([key, probes]) => ({ key, state: chainState(shape, probes) }))
  const open = states.filter(({ state }) => wanted(shape, state, 1).positions.length > 0).length
  const perChain = Math.max(1, Math.floor(shape.perRound / Math.max(1, open)))
  const round: Probe[] = []
  for (const { key, state } of states) {
    const [outer, seed] = key.split(':').map(Number)
    const { positions, purpose } = wanted(shape, state, perChain)
    for (const j of positions.sort((a, b) => a - b)) round.push({ outer, seed, inner: orient(shape, j), purpose })
  }
  return round
}

export interface PointResult {
  outer: number
  /** Inner index of k*, the first position from which every seed passes; null when some seed never does in range. */
  kStar: number | null
  /** Inner index of the last failure before k* over all seeds (null when every seed passes at the range's start). */
  lastFailing: number | null
  /** Per seed index: the inner index of that seed's k*, or null. */
  perSeed: Array<number | null>
  /** Probes of this outer value that finished. */
  runs: number
  /** A pass below a failure in some seed: reported, never hidden. */
  nonMonotone: Array<{ seed: number; inner: number }>
  /** Every chain's bracket closed and verified. */
  settled: boolean
}

/** Per outer value: k*, its bracket, per-seed k* and non-monotone points, from whatever has been probed (a full grid or a search). */
export function summarize(shape: SearchShape, history: readonly ProbeRecord[]): PointResult[] {
  const byChain = chains(shape, history)
  const back = (j: number) => orient(shape, j) // orienting is its own inverse
  const results: PointResult[] = []
  for (let o = 0; o < shape.outerCount; o++) {
    const states = Array.from({ length: shape.seedCount }, (_, s) => chainState(shape, byChain.get(`${o}:${s}`)!))
    const perSeed = states.map((st) => (st.firstPass < shape.innerCount ? back(st.firstPass) : null))
    const worst = Math.max(...states.map((st) => st.firstPass))
    const lastFail = Math.max(...states.map((st) => st.lastFail))
    const settled = states.every((st) => wanted(shape, st, 1).positions.length === 0)
    results.push({
      outer: o,
      kStar: worst < shape.innerCount ? back(worst) : null,
      lastFailing: lastFail >= 0 ? back(lastFail) : null,
      perSeed,
      runs: history.filter((p) => p.outer === o && p.pass !== null).length,
      nonMonotone: states.flatMap((st, seed) => st.passesBelow.map((j) => ({ seed, inner: back(j) }))),
      settled,
    })
  }
  return results
}
