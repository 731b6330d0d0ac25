/** Expanding a sweep into runs: the cartesian product of its axes × seeds, each run's spec validated. */
import {
  type ExperimentSpec,
  formatSpecError,
  parseExperimentSpec,
  SpecError,
  SweepSpec,
  type SweepAxis,
  type SweepSpecInput,
} from './experiment'

export type ParamValue = unknown

export interface PlannedRun {
  /** Position in the sweep (stable: axes in order, seeds innermost). */
  index: number
  /** The swept values by spec path (variant axes by their name), plus `seed`. */
  params: Record<string, ParamValue>
  spec: ExperimentSpec
}

/** Specs are plain JSON, so a JSON round trip is a faithful deep copy. */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

/** Read a dotted path (`data.length`) from a plain object. */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[key]
  }
  return cur
}

/** Write a dotted path into a plain object, creating intermediate objects. Mutates `obj`. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.')
  let cur: Record<string, unknown> = obj
  for (let i = 0; i < keys.length - 1; i++) {
    const next = cur[keys[i]]
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[keys[i]] = {}
    cur = cur[keys[i]] as Record<string, unknown>
  }
  cur[keys[keys.length - 1]] = value
}

/** Parse a `--set path=value` string; values are JSON when they parse as JSON, else strings. */
export function parseAssignment(text: string): { path: string; value: unknown } {
  const eq = text.indexOf('=')
  if (eq <= 0) throw new SpecError(`--set ${text}: expected path=value`)
  const path = text.slice(0, eq).trim()
  const raw = text.slice(eq + 1).trim()
  let value: unknown = raw
  try {
    value = JSON.parse(raw)
  } catch {
    value = raw
  }
  return { path, value }
}

export function parseSweepSpec(input: unknown, where = 'sweep'): SweepSpec {
  const result = SweepSpec.safeParse(input)
  if (!result.success) throw new SpecError(formatSpecError(result.error, where))
  return result.data
}

/**
 * Apply overrides to a sweep: an override of a swept path replaces that axis by the single value;
 * `seed` sets the seed list (a number n means seeds 0..n-1, an array is taken as is); anything else goes into base.
 */
export function applyOverrides(sweepInput: SweepSpecInput, overrides: Record<string, unknown>): SweepSpec {
  const sweep = cloneJson(parseSweepSpec(sweepInput))
  for (const [path, value] of Object.entries(overrides)) {
    if (path === 'seed' || path === 'seeds') {
      sweep.seeds = Array.isArray(value) ? (value as number[]) : Array.from({ length: Number(value) }, (_, i) => i)
      continue
    }
    sweep.axes = sweep.axes.filter((axis: SweepAxis) => !('path' in axis) || axis.path !== path)
    setPath(sweep.base, path, value)
  }
  return sweep
}

/** Every run of a sweep, validated. Throws a SpecError naming the run's params and the bad field. */
export function expandSweep(sweepInput: SweepSpecInput): PlannedRun[] {
  const sweep = parseSweepSpec(sweepInput)
  type Partial = { params: Record<string, unknown>; sets: Array<[string, unknown]> }
  let combos: Partial[] = [{ params: {}, sets: [] }]
  for (const axis of sweep.axes) {
    const next: Partial[] = []
    for (const combo of combos) {
      if ('path' in axis) {
        for (const value of axis.values) {
          next.push({ params: { ...combo.params, [axis.path]: value }, sets: [...combo.sets, [axis.path, value]] })
        }
      } else {
        for (const variant of axis.variants) {
          next.push({
            params: { ...combo.params, [axis.name]: variant.label },
            sets: [...combo.sets, ...Object.entries(variant.set)],
          })
        }
      }
    }
    combos = next
  }
  const runs: PlannedRun[] = []
  for (const combo of combos) {
    for (const seed of sweep.seeds) {
      const raw = cloneJson(sweep.base)
      for (const [path, value] of combo.sets) setPath(raw, path, value)
      raw.seed = seed
      const params = { ...combo.params, seed }
      const label = Object.entries(params)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(', ')
      runs.push({ index: runs.length, params, spec: parseExperimentSpec(raw, `run (${label})`) })
    }
  }
  return runs
}
