/** A search's result in values rather than indices: the points `impulse-lab find --json` prints and the figures draw. */
import { summarize, type ProbeRecord, type SearchShape } from './bisection'

export interface SearchPoint {
  /** The outer value (null for a search without an outer axis). */
  value: unknown
  /** The smallest inner value from which every seed passes ("up"; the largest up to which, "down"); null: none in range. */
  kStar: number | null
  /** [last failing inner value, kStar]. */
  bracket: [number | null, number | null]
  /** Each seed's own k*, by seed. */
  perSeed: Record<string, number | null>
  runs: number
  /** Passes below a failure (seed, inner value): the outcome is not monotone there. */
  nonMonotone: Array<{ seed: number; value: number }>
  settled: boolean
  /** "no transition up to k = 24" when kStar is null. */
  note: string | null
}

export interface SearchAxes {
  outer: { path: string; values: readonly unknown[] } | null
  inner: { path: string; values: readonly number[] }
  seeds: readonly number[]
  shape: SearchShape
}

export function searchPoints(axes: SearchAxes, history: readonly ProbeRecord[]): SearchPoint[] {
  const at = (i: number | null) => (i === null ? null : axes.inner.values[i])
  const { values } = axes.inner
  const edge = axes.shape.direction === 'up' ? values[values.length - 1] : values[0]
  return summarize(axes.shape, history).map((p) => {
    const kStar = at(p.kStar)
    return {
      value: axes.outer ? axes.outer.values[p.outer] : null,
      kStar,
      bracket: [at(p.lastFailing), kStar],
      perSeed: Object.fromEntries(p.perSeed.map((k, s) => [String(axes.seeds[s]), at(k)])),
      runs: p.runs,
      nonMonotone: p.nonMonotone.map((n) => ({ seed: axes.seeds[n.seed], value: values[n.inner] })),
      settled: p.settled,
      note: kStar === null && p.settled ? `no transition ${axes.shape.direction === 'up' ? 'up to' : 'down to'} ${axes.inner.path === 'data.length' ? 'k' : axes.inner.path} = ${edge}` : null,
    }
  })
}
