/** Expanding a sweep into runs: the cartesian product of its axes × seeds, each run's spec validated. */
import { FORBIDDEN_KEYS, forbiddenKeyIssues, formatIssues, issuesFrom, nonFiniteIssues, pathIssue, type SpecIssue, unknownFieldIssues } from './issues'
import { jsonNestingDepth, MAX_JSON_DEPTH } from './jsonDepth'
import { LIMITS } from './limits'
import { specRuleIssues } from './rules'
import { estimateRunMemory, formatBytes, type MemoryEstimate } from '../analysis/memory'
import {
  ExperimentSpec,
  formatSpecError,
  SpecError,
  SweepSpec,
  type SweepAxis,
  type SweepSpecInput,
} from './experiment'

export interface PlannedRun {
  /** Position in the sweep (stable: axes in order, seeds innermost). */
  index: number
  /** The swept values by spec path (variant axes by their name), plus `seed`. */
  params: Record<string, unknown>
  spec: ExperimentSpec
}

/** Specs are plain JSON, so a JSON round trip is a faithful deep copy. */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

const own = (obj: object, key: string) => Object.prototype.hasOwnProperty.call(obj, key)

/** The keys of a dotted path; throws a SpecError for a key that would reach a prototype (`__proto__` ...). */
function pathKeys(path: string): string[] {
  const keys = path.split('.')
  const bad = keys.find((k) => FORBIDDEN_KEYS.has(k))
  if (bad !== undefined) throw new SpecError(`${path}: "${bad}" is not allowed in a spec path`)
  return keys
}

/** Read a dotted path (`data.length`) from a plain object: own fields only, so nothing inherited is ever read. */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || FORBIDDEN_KEYS.has(key) || !own(cur, key)) return undefined
    cur = (cur as Record<string, unknown>)[key]
  }
  return cur
}

/**
 * Write a dotted path into a plain object, creating intermediate objects. Mutates `obj`. Only own fields are
 * followed and prototype keys are refused, so no path can reach Object.prototype.
 */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = pathKeys(path)
  let cur: Record<string, unknown> = obj
  for (let i = 0; i < keys.length - 1; i++) {
    const next = own(cur, keys[i]) ? cur[keys[i]] : undefined
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
  if (jsonNestingDepth(raw) > MAX_JSON_DEPTH) throw new SpecError(`--set ${path}: the value is nested more than ${MAX_JSON_DEPTH} levels deep`)
  let value: unknown = raw
  try {
    value = JSON.parse(raw)
  } catch {
    value = raw
  }
  // refused here, naming the path: zod would drop a "__proto__" key silently, and 1e999 would become null
  const refused = [...forbiddenKeyIssues(value, [path]), ...nonFiniteIssues(value, [path])]
  if (refused.length > 0) throw new SpecError(formatIssues(refused, `--set ${path}=${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}`))
  return { path, value }
}

export function parseSweepSpec(input: unknown, where = 'sweep'): SweepSpec {
  const result = SweepSpec.safeParse(input)
  if (!result.success) throw new SpecError(formatSpecError(result.error, where, SweepSpec, input))
  return result.data
}

/**
 * Apply overrides to a sweep: an override of a swept path replaces that axis by the single value; `seed` runs one
 * seed, `seeds` sets the list (an array of seeds); anything else goes into base. Every path must be a spec field
 * (a SpecError names it and the nearest valid one); values are checked when the sweep is.
 */
export function applyOverrides(sweepInput: SweepSpecInput, overrides: Record<string, unknown>, where = 'sweep'): SweepSpec {
  const sweep = cloneJson(parseSweepSpec(sweepInput, where))
  for (const [path, value] of Object.entries(overrides)) {
    if (path === 'seed' || path === 'seeds') {
      sweep.seeds = path === 'seed' ? [value as number] : (value as number[])
      continue
    }
    const issue = pathIssue(ExperimentSpec, path)
    if (issue) throw new SpecError(formatIssues([issue], '--set'))
    sweep.axes = sweep.axes.filter((axis: SweepAxis) => !('path' in axis) || axis.path !== path)
    setPath(sweep.base, path, value)
  }
  return parseSweepSpec(sweep, '--set')
}

export interface SweepCheckOptions {
  /** Refuse a run whose estimated memory exceeds this (the machine's share, which src-main reads). */
  memoryLimitBytes?: number
  /** What the machine's share is, for the message ("half of this machine's 7.7 GB"). */
  memoryLimitText?: string
}

interface SweepCheck {
  /** The sweep with its defaults, when its own fields are valid. */
  sweep: SweepSpec | null
  /** Every run, when the whole sweep is valid. */
  runs: PlannedRun[]
  /** Paths are relative to the sweep (`base.data.lenght`, `axes.0.path`), or to a run's spec with `run` set. */
  issues: SpecIssue[]
  /** The largest run's estimated memory. */
  memory: MemoryEstimate | null
}

/** The sweep's fields as paths can name them: the base walks into the experiment spec. */
const SweepPaths = SweepSpec.extend({ base: ExperimentSpec })

/** Issues with the axes' paths: unknown fields (nearest valid one suggested), and `seed`, which `seeds` sets. */
function axisIssues(sweep: SweepSpec): SpecIssue[] {
  const issues: SpecIssue[] = []
  const check = (path: string, at: string) => {
    if (path === 'seed') return issues.push({ path: at, message: 'seed is swept by the sweep\'s seeds list, not by an axis' })
    const issue = pathIssue(ExperimentSpec, path)
    if (issue) issues.push({ path: at, message: `${issue.path}: ${issue.message}` })
  }
  sweep.axes.forEach((axis, i) => {
    if ('path' in axis) check(axis.path, `axes.${i}.path`)
    else axis.variants.forEach((v, j) => Object.keys(v.set).forEach((path) => check(path, `axes.${i}.variants.${j}.set.${path}`)))
  })
  return issues
}

const runLabel = (params: Record<string, unknown>) =>
  `run (${Object.entries(params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')})`

/**
 * The one check of a sweep, for the CLI, the lab service and the sweep builder alike: strict fields (unknown ones
 * named with the nearest valid one), size limits, every run's spec, and each run's memory against the limit.
 * Never throws; `validSweep` is the throwing form.
 */
export function checkSweep(input: unknown, options: SweepCheckOptions = {}): SweepCheck {
  const forbidden = forbiddenKeyIssues(input)
  if (forbidden.length > 0) return { sweep: null, runs: [], issues: forbidden, memory: null }
  const parsed = SweepSpec.safeParse(input)
  if (!parsed.success) return { sweep: null, runs: [], issues: issuesFrom(parsed.error, SweepPaths, input), memory: null }
  const sweep = parsed.data
  const issues = [...unknownFieldIssues(ExperimentSpec, sweep.base).map((i) => ({ ...i, path: `base.${i.path}` })), ...axisIssues(sweep)]
  const count = sweep.axes.reduce((n, axis) => n * ('path' in axis ? axis.values.length : axis.variants.length), sweep.seeds.length)
  if (count > LIMITS.sweepRuns) {
    issues.push({ path: 'axes', message: `${count.toLocaleString('en-US')} runs; a sweep has at most ${LIMITS.sweepRuns.toLocaleString('en-US')}` })
  }
  if (issues.length > 0) return { sweep, runs: [], issues, memory: null }

  const runs: PlannedRun[] = []
  let memory: MemoryEstimate | null = null
  let largest = ''
  for (const combo of axisCombinations(sweep)) {
    for (const seed of sweep.seeds) {
      const raw = cloneJson(sweep.base)
      for (const [path, value] of combo.sets) setPath(raw, path, value)
      raw.seed = seed
      const params = { ...combo.params, seed }
      const result = ExperimentSpec.safeParse(raw)
      if (!result.success) {
        const run = runLabel(params)
        return { sweep, runs: [], issues: issuesFrom(result.error, ExperimentSpec, raw).map((i) => ({ ...i, run })), memory }
      }
      const broken = specRuleIssues(result.data)
      if (broken.length > 0) return { sweep, runs: [], issues: broken.map((i) => ({ ...i, run: runLabel(params) })), memory }
      const estimate = estimateRunMemory(result.data)
      if (!memory || estimate.bytes > memory.bytes) [memory, largest] = [estimate, runLabel(params)]
      runs.push({ index: runs.length, params, spec: result.data })
    }
  }
  if (memory && options.memoryLimitBytes !== undefined && memory.bytes > options.memoryLimitBytes) {
    const limit = options.memoryLimitText ?? formatBytes(options.memoryLimitBytes)
    const message = `needs about ${formatBytes(memory.bytes)} (${memory.what}), more than ${limit}`
    return { sweep, runs: [], issues: [{ path: memory.field, message, run: largest }], memory }
  }
  return { sweep, runs, issues: [], memory }
}

/** A sweep checked whole (validSweep, checkedSweep): its spec with defaults and every run, stored without another parse. */
export interface CheckedSweep {
  readonly sweep: SweepSpec
  readonly runs: PlannedRun[]
  readonly memory: MemoryEstimate | null
}

/** Sweeps this module checked (a plain object from another process or a request can never be one). */
const checkedSweeps = new WeakSet<object>()

export function isCheckedSweep(value: unknown): value is CheckedSweep {
  return typeof value === 'object' && value !== null && checkedSweeps.has(value)
}

/**
 * checkSweep's answer as a CheckedSweep, or its issues. A sweep already checked is checked again only against a
 * memory limit its largest run exceeds (to name that run in the refusal).
 */
export function checkedSweep(input: unknown, options: SweepCheckOptions = {}): { checked: CheckedSweep; issues: [] } | { checked: null; issues: SpecIssue[] } {
  if (isCheckedSweep(input)) {
    const limit = options.memoryLimitBytes
    if (limit === undefined || !input.memory || input.memory.bytes <= limit) return { checked: input, issues: [] }
    input = input.sweep
  }
  const check = checkSweep(input, options)
  if (check.issues.length > 0 || !check.sweep) return { checked: null, issues: check.issues }
  const checked: CheckedSweep = { sweep: check.sweep, runs: check.runs, memory: check.memory }
  checkedSweeps.add(checked)
  return { checked, issues: [] }
}

/** checkSweep that throws: a SpecError naming the fields (one line), else the sweep and its runs. */
export function validSweep(input: unknown, options: SweepCheckOptions & { where?: string } = {}): CheckedSweep {
  const { checked, issues } = checkedSweep(input, options)
  if (!checked) throw new SpecError(formatIssues(issues, options.where ?? 'sweep'))
  return checked
}

/** Every run of a sweep, validated. Throws a SpecError naming the run's params and the bad field. */
export function expandSweep(sweepInput: SweepSpecInput): PlannedRun[] {
  return validSweep(sweepInput).runs
}

/** The cartesian product of the axes: each combination's params (by path or axis name) and the paths it sets. */
function axisCombinations(sweep: SweepSpec): Array<{ params: Record<string, unknown>; sets: Array<[string, unknown]> }> {
  type Combo = { params: Record<string, unknown>; sets: Array<[string, unknown]> }
  let combos: Combo[] = [{ params: {}, sets: [] }]
  for (const axis of sweep.axes) {
    const next: Combo[] = []
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
  return combos
}
