/**
 * The boundary search itself, as pure functions of what has been probed: for each outer value and seed (a chain) it
 * brackets the transition on the ordered inner axis and bisects the bracket, a round at a time, then checks every
 * seed from the outer value's all-seed k* up, where a window of failures bisection cannot see would move it. Not the
 * driver: src-main/search runs the probes.
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
  /** Verification probes per chain from the all-seed k* up, once every chain of its outer value has closed; a non-monotone chain gets NON_MONOTONE_EXTRA more. */
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
  /** Oriented positions of verification probes. */
  verified: number[]
}

const orient = (shape: SearchShape, inner: number) => (shape.direction === 'up' ? inner : shape.innerCount - 1 - inner)

function chainState(shape: SearchShape, probes: readonly ProbeRecord[]): ChainState {
  const known = new Map<number, boolean>()
  const verified: number[] = []
  for (const p of probes) {
    if (p.pass !== null) known.set(orient(shape, p.inner), p.pass)
    if (p.purpose === 'verify') verified.push(orient(shape, p.inner))
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

/** The middle of the lowest run of unprobed positions in [from, to], or null. */
function middleOfLowestGap(known: ReadonlyMap<number, boolean>, from: number, to: number): number | null {
  let j = from
  while (j <= to && known.has(j)) j++
  if (j > to) return null
  let end = j
  while (end + 1 <= to && !known.has(end + 1)) end++
  return Math.floor((j + end) / 2)
}

const closed = (state: ChainState) => state.firstPass - state.lastFail <= 1

/**
 * The all-seed k* of one outer value as an oriented position, once every chain's bracket has closed: the largest
 * first pass (null when some chain has none in range); undefined while a chain is still bisecting.
 */
function allSeedKStar(shape: SearchShape, states: readonly ChainState[]): number | null | undefined {
  if (!states.every(closed)) return undefined
  const worst = Math.max(...states.map((st) => st.firstPass))
  return worst < shape.innerCount ? worst : null
}

/**
 * What a chain wants next: bisection points inside an open bracket, else one verification probe, else nothing.
 * Verification waits for the outer value's all-seed k* (every chain closed): a failure of any seed at or above it
 * moves it, so each seed is probed in its lowest unprobed stretch from k* up — the window just above k* that
 * bisection of a seed settled far below never looks at, and for a seed probed there already, the stretch above. With
 * no all-seed k* in range (some seed never passes) it cannot move, and a chain checks its own k* in the longest
 * unprobed stretch above it. Below the last failure when nothing is left above (a pass there is non-monotone).
 */
function wanted(shape: SearchShape, state: ChainState, probesPerChain: number, kStar: number | null | undefined): { positions: number[]; purpose: Purpose } {
  const gap = state.firstPass - state.lastFail
  if (gap > 1) {
    const positions = new Set<number>()
    const m = Math.min(probesPerChain, gap - 1)
    for (let t = 1; t <= m; t++) positions.add(state.lastFail + Math.round((t * gap) / (m + 1)))
    return { positions: [...positions].filter((j) => j > state.lastFail && j < state.firstPass), purpose: 'bisect' }
  }
  const budget = shape.verify + (state.passesBelow.length > 0 ? NON_MONOTONE_EXTRA : 0)
  if (kStar === undefined) return { positions: [], purpose: 'verify' }
  // Probes from k* up count against the budget (k* moving up past them leaves that seed unchecked from the new k*).
  const [above, spent] =
    kStar === null
      ? [middleOfLongestGap(state.known, state.firstPass + 1, shape.innerCount - 1), state.verified.length]
      : [
          state.firstPass === kStar ? middleOfLongestGap(state.known, kStar + 1, shape.innerCount - 1) : middleOfLowestGap(state.known, kStar, shape.innerCount - 1),
          state.verified.filter((j) => j >= kStar).length,
        ]
  if (above !== null) return { positions: spent < budget ? [above] : [], purpose: 'verify' }
  const j = state.verified.length < budget ? middleOfLongestGap(state.known, 0, state.lastFail - 1) : null
  return { positions: j === null ? [] : [j], purpose: 'verify' }
}

/** Every chain's state, by outer value then seed index. */
function outerStates(shape: SearchShape, history: readonly ProbeRecord[]): ChainState[][] {
  const byChain: ProbeRecord[][][] = Array.from({ length: shape.outerCount }, () => Array.from({ length: shape.seedCount }, () => []))
  for (const p of history) byChain[p.outer]?.[p.seed]?.push(p)
  return byChain.map((chains) => chains.map((probes) => chainState(shape, probes)))
}

/**
 * The next round's probes, in a fixed order (outer, seed, inner), given every probe so far with its outcome; empty
 * when the search is over. Throws when a probe is still pending: a round starts only after the last one finished.
 */
export function nextRound(shape: SearchShape, history: readonly ProbeRecord[]): Probe[] {
  if (history.some((p) => p.pass === null)) throw new Error('a round is still running: its probes have no outcome yet')
  const byOuter = outerStates(shape, history)
  const want = (states: ChainState[], probesPerChain: number) => {
    const kStar = allSeedKStar(shape, states)
    return states.map((st) => wanted(shape, st, probesPerChain, kStar))
  }
  const open = byOuter.flatMap((states) => want(states, 1)).filter((w) => w.positions.length > 0).length
  const perChain = Math.max(1, Math.floor(shape.perRound / Math.max(1, open)))
  const round: Probe[] = []
  for (const [outer, states] of byOuter.entries()) {
    for (const [seed, { positions, purpose }] of want(states, perChain).entries()) {
      for (const j of positions.sort((a, b) => a - b)) round.push({ outer, seed, inner: orient(shape, j), purpose })
    }
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
  const back = (j: number) => orient(shape, j) // orienting is its own inverse
  return outerStates(shape, history).map((states, o) => {
    const perSeed = states.map((st) => (st.firstPass < shape.innerCount ? back(st.firstPass) : null))
    const worst = Math.max(...states.map((st) => st.firstPass))
    const lastFail = Math.max(...states.map((st) => st.lastFail))
    const kStar = allSeedKStar(shape, states)
    return {
      outer: o,
      kStar: worst < shape.innerCount ? back(worst) : null,
      lastFailing: lastFail >= 0 ? back(lastFail) : null,
      perSeed,
      runs: history.filter((p) => p.outer === o && p.pass !== null).length,
      nonMonotone: states.flatMap((st, seed) => st.passesBelow.map((j) => ({ seed, inner: back(j) }))),
      settled: states.every((st) => wanted(shape, st, 1, kStar).positions.length === 0),
    }
  })
}
