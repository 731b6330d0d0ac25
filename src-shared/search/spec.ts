/**
 * A boundary search's spec and its one check: a sweep (base, seeds) with an optional outer axis and an ordered inner
 * axis, the outcome predicate and the search settings. The full grid over the same axes is planned (and checked for
 * size and memory) up front: every probe is one of its runs, identified by the grid's run index.
 */
import { z } from 'zod'
import { ExperimentSpec, SpecError, type SweepSpecInput } from '../spec/experiment'
import { formatIssues, pathIssue, type SpecIssue } from '../spec/issues'
import { validSweep, type PlannedRun, type SweepCheckOptions } from '../spec/sweep'
import { DEFAULT_PREDICATE, parsePredicate, PredicateError } from './predicate'
import type { SearchShape } from './bisection'

const specPath = z.string().min(1).max(200)

/** What a search preset or a search spec file adds to a sweep: which axes, what counts as a pass, how to probe. */
export const SearchSettings = z.strictObject({
  /** The sweep axis searched along (ordered numbers). */
  inner: specPath.default('data.length'),
  /** The sweep axis with one k* per value; null: the search has one point. */
  outer: specPath.nullable().default(null),
  until: z.string().min(1).max(500).default(DEFAULT_PREDICATE),
  direction: z.enum(['up', 'down']).default('up'),
  perRound: z.number().int().min(1).max(64).default(2),
  verify: z.number().int().min(0).max(8).default(1),
})
export type SearchSettings = z.infer<typeof SearchSettings>
export type SearchSettingsInput = z.input<typeof SearchSettings>

export interface Axis {
  path: string
  values: unknown[]
}

/** A planned search: the settings, its two axes, the seeds, and the full grid it probes a part of. */
export interface SearchPlan {
  settings: SearchSettings
  outer: Axis | null
  inner: { path: string; values: number[] }
  seeds: number[]
  /** The grid's sweep spec (outer × inner × seeds), stored as the search sweep's spec. */
  sweep: SweepSpecInput
  /** Every run of the full grid, by index (outer-major, seeds innermost); a probe is one of them. */
  grid: PlannedRun[]
  shape: SearchShape
}

/** `1..8` (integers), `2..30:2` (a step), or a comma list of JSON values (`1e-5,1e-3`, `"gru","lstm"`). */
export function parseValues(text: string, field: string): unknown[] {
  const range = /^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*(?::\s*(\d+)\s*)?$/.exec(text)
  if (range) {
    const [from, to, step] = [Number(range[1]), Number(range[2]), Number(range[3] ?? 1)]
    if (step < 1) throw new SpecError(`${field}: "${text}": the step must be at least 1`)
    if (to < from) throw new SpecError(`${field}: "${text}": the range ends below its start`)
    return Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step)
  }
  if (text.includes('..')) throw new SpecError(`${field}: "${text}": expected LO..HI with integers (or LO..HI:STEP)`)
  return text.split(',').map((part) => {
    const raw = part.trim()
    if (raw === '') throw new SpecError(`${field}: "${text}": an empty value`)
    try {
      return JSON.parse(raw) as unknown
    } catch {
      return raw
    }
  })
}

/** `PATH=VALUES` from --outer / --inner. */
export function parseAxisText(text: string, field: string): Axis {
  const eq = text.indexOf('=')
  if (eq <= 0) throw new SpecError(`${field}: "${text}": expected PATH=VALUES (e.g. teacher.dim=1..8)`)
  return { path: text.slice(0, eq).trim(), values: parseValues(text.slice(eq + 1), field) }
}

function axisPathIssue(path: string, field: string): SpecIssue | null {
  if (path === 'seed') return { path: field, message: 'seed is set by the seeds list, not by an axis' }
  const issue = pathIssue(ExperimentSpec, path)
  return issue ? { path: field, message: `${issue.path}: ${issue.message}` } : null
}

export interface SearchInput {
  title?: string
  description?: string
  base: Record<string, unknown>
  outer: Axis | null
  inner: Axis | null
  seeds: number[]
  settings?: SearchSettingsInput
}

/**
 * Check a search before any run starts: axes that exist (nearest valid path named), an inner axis of at least two
 * ascending numbers, a predicate on catalogue metrics, and the full grid's size and memory (the machine's share).
 * Throws a SpecError naming the field.
 */
export function planSearch(input: SearchInput, options: SweepCheckOptions & { where?: string } = {}): SearchPlan {
  const where = options.where ?? 'search'
  const parsed = SearchSettings.safeParse(input.settings ?? {})
  if (!parsed.success) throw new SpecError(`${where}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  const settings = parsed.data
  if (!input.inner) throw new SpecError(`${where}: inner: no inner axis (give --inner PATH=LO..HI, e.g. data.length=2..20)`)
  const issues = [axisPathIssue(input.inner.path, 'inner'), input.outer ? axisPathIssue(input.outer.path, 'outer') : null].filter((i): i is SpecIssue => i !== null)
  if (issues.length > 0) throw new SpecError(formatIssues(issues, where))
  const inner = input.inner.values
  if (!inner.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) {
    throw new SpecError(`${where}: inner: ${input.inner.path} must be numbers to search along (got ${JSON.stringify(inner.find((v) => typeof v !== 'number'))})`)
  }
  if (inner.length < 2) throw new SpecError(`${where}: inner: ${input.inner.path} has one value (${inner[0]}); a search needs a range of at least two`)
  const unordered = inner.findIndex((v, i) => i > 0 && v <= inner[i - 1])
  if (unordered > 0) throw new SpecError(`${where}: inner: ${input.inner.path} values must be ascending (${inner[unordered - 1]} then ${inner[unordered]})`)
  if (input.outer && input.outer.path === input.inner.path) throw new SpecError(`${where}: outer: ${input.outer.path} is also the inner axis`)
  try {
    parsePredicate(settings.until, 'until')
  } catch (error) {
    if (error instanceof PredicateError) throw new SpecError(`${where}: ${error.message}`)
    throw error
  }
  const sweep: SweepSpecInput = {
    title: input.title ?? 'Boundary search',
    description: input.description ?? '',
    base: input.base,
    axes: [...(input.outer ? [{ path: input.outer.path, values: input.outer.values }] : []), { path: input.inner.path, values: inner }],
    seeds: input.seeds,
  }
  const grid = validSweep(sweep, { ...options, where }).runs
  const shape: SearchShape = {
    outerCount: input.outer?.values.length ?? 1,
    innerCount: inner.length,
    seedCount: input.seeds.length,
    direction: settings.direction,
    perRound: settings.perRound,
    verify: settings.verify,
  }
  return { settings, outer: input.outer, inner: { path: input.inner.path, values: inner }, seeds: input.seeds, sweep, grid, shape }
}

/** The grid index of a probe (outer-major, seeds innermost: the order validSweep expands). */
export function gridIndex(shape: SearchShape, probe: { outer: number; inner: number; seed: number }): number {
  return (probe.outer * shape.innerCount + probe.inner) * shape.seedCount + probe.seed
}

/** The probe a grid index stands for. */
export function probeAt(shape: SearchShape, index: number): { outer: number; inner: number; seed: number } {
  const seed = index % shape.seedCount
  const rest = Math.floor(index / shape.seedCount)
  return { outer: Math.floor(rest / shape.innerCount), inner: rest % shape.innerCount, seed }
}
