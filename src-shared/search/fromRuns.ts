/**
 * k* from finished runs as claims and figures see them (params by spec path, metrics): the same summary as the
 * search's own, over whichever cells were run — a full grid or a search's probes.
 */
import type { MetricValue } from '../api/results'
import type { Direction, ProbeRecord } from './bisection'
import { parsePredicate } from './predicate'
import type { SearchPoint } from './report'
import { searchPoints } from './report'

export interface RunOutcome {
  params: Record<string, unknown>
  metrics: Record<string, MetricValue>
}

export interface SearchAxesByPath {
  outer: string | null
  inner: string
  until?: string
  direction?: Direction
}

const distinct = (values: unknown[]): unknown[] => {
  const out = [...new Set(values)]
  return out.every((v) => typeof v === 'number') ? (out as number[]).sort((a, b) => a - b) : out
}

/** Points (k* per outer value) from runs; the inner axis is the values that were run. */
export function pointsFromRuns(runs: readonly RunOutcome[], axes: SearchAxesByPath): SearchPoint[] {
  const usable = runs.filter((r) => typeof r.params[axes.inner] === 'number')
  const outerValues = axes.outer ? distinct(usable.map((r) => r.params[axes.outer!])) : [null]
  const innerValues = distinct(usable.map((r) => r.params[axes.inner])) as number[]
  const seeds = distinct(usable.map((r) => r.params.seed)) as number[]
  if (innerValues.length === 0) return []
  const predicate = parsePredicate(axes.until ?? 'extrapolates')
  const history: ProbeRecord[] = usable.map((r) => ({
    outer: axes.outer ? outerValues.indexOf(r.params[axes.outer]) : 0,
    inner: innerValues.indexOf(r.params[axes.inner] as number),
    seed: seeds.indexOf(r.params.seed as number),
    purpose: 'bisect',
    pass: predicate.holds(r.metrics),
  }))
  const shape = { outerCount: outerValues.length, innerCount: innerValues.length, seedCount: seeds.length, direction: axes.direction ?? 'up', perRound: 1, verify: 0 }
  return searchPoints({ outer: axes.outer ? { path: axes.outer, values: outerValues } : null, inner: { path: axes.inner, values: innerValues }, seeds, shape }, history)
}
