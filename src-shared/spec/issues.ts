/**
 * What is wrong with a spec, said per field: the fields a schema knows at a dotted path (walking zod's own schema
 * objects, so there is no second list to keep in step), the nearest valid field for a misspelt one, and zod's
 * issues turned into one short line each.
 */
import type { z } from 'zod'

/** One problem, at a dotted path of the spec (`data.length`, `options.grid`). */
export interface SpecIssue {
  path: string
  message: string
  /** The run of a sweep it is about (`run (data.length=2, seed=0)`), when only that run has it. */
  run?: string
}

/** Keys that would reach an object's prototype: never a field, refused wherever a path is read or written. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

interface Def {
  type: string
  innerType?: Schema
  in?: Schema
  getter?: () => Schema
  options?: Schema[]
  shape?: Record<string, Schema>
  valueType?: Schema
  element?: Schema
  items?: Schema[]
  values?: unknown[]
}
export type Schema = z.ZodType | { _zod: { def: Def } }

const defOf = (schema: Schema): Def => (schema as { _zod: { def: Def } })._zod.def

/** The concrete schemas a value at this node is checked against: wrappers removed, unions spread. */
function variants(schema: Schema): Schema[] {
  const def = defOf(schema)
  switch (def.type) {
    case 'default':
    case 'prefault':
    case 'optional':
    case 'nullable':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return variants(def.innerType!)
    case 'pipe':
      return variants(def.in!)
    case 'lazy':
      return variants(def.getter!())
    case 'union':
      return def.options!.flatMap(variants)
    default:
      return [schema]
  }
}

/** The schemas of `key` under a node ([] when no variant has it). */
function childrenOf(nodes: readonly Schema[], key: string): Schema[] {
  if (FORBIDDEN_KEYS.has(key)) return []
  const out: Schema[] = []
  for (const node of nodes) {
    for (const v of variants(node)) {
      const def = defOf(v)
      if (def.type === 'object' && Object.prototype.hasOwnProperty.call(def.shape, key)) out.push(def.shape![key])
      else if (def.type === 'record') out.push(def.valueType!)
      else if (def.type === 'array' && /^\d+$/.test(key)) out.push(def.element!)
      else if (def.type === 'tuple' && /^\d+$/.test(key) && def.items![Number(key)]) out.push(def.items![Number(key)])
    }
  }
  return out
}

/**
 * Object variants of a node, narrowed to the one whose discriminator (`kind`, `experiment`) the value names;
 * `narrowedBy` says which (`kind "memoryless"`) when that left out some.
 */
function objectVariants(nodes: readonly Schema[], value: unknown): { shapes: Array<Record<string, Schema>>; narrowedBy?: string } {
  const shapes = nodes.flatMap(variants).flatMap((v) => (defOf(v).type === 'object' ? [defOf(v).shape!] : []))
  if (value === null || typeof value !== 'object') return { shapes }
  for (const discriminator of ['kind', 'experiment']) {
    const named = (value as Record<string, unknown>)[discriminator]
    if (typeof named !== 'string') continue
    const matching = shapes.filter((shape) => shape[discriminator] && literalValues(shape[discriminator]).includes(named))
    if (matching.length > 0 && matching.length < shapes.length) return { shapes: matching, narrowedBy: `${discriminator} "${named}"` }
  }
  return { shapes }
}

function literalValues(schema: Schema): unknown[] {
  return variants(schema).flatMap((v) => (defOf(v).type === 'literal' ? (defOf(v).values ?? []) : []))
}

export function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length]
}

/** The candidate nearest to `word`, when it is near enough to be a likely misspelling. */
export function nearestName(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const d = levenshtein(word, candidate)
    if (d < bestDistance) [best, bestDistance] = [candidate, d]
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : null
}

/** Every dotted path of object fields under a schema (records and arrays not entered), for whole-path suggestions. */
function fieldPaths(nodes: readonly Schema[], prefix: string, depth: number, out: string[]): string[] {
  if (depth === 0) return out
  const keys = new Set(objectVariants(nodes, undefined).shapes.flatMap((shape) => Object.keys(shape)))
  for (const key of keys) {
    const path = prefix ? `${prefix}.${key}` : key
    out.push(path)
    fieldPaths(childrenOf(nodes, key), path, depth - 1, out)
  }
  return out
}

const listed = (keys: string[]) => (keys.length > 12 ? `${keys.slice(0, 12).join(', ')}, …` : keys.join(', '))

/**
 * The issue with one key under `prefix` that the schema does not know, with the nearest valid field suggested.
 * `value` (the object holding the key) narrows a discriminated union to the variant it names.
 */
function unknownKeyIssue(root: Schema, prefix: string[], key: string, value?: unknown): SpecIssue {
  const path = [...prefix, key].join('.')
  if (FORBIDDEN_KEYS.has(key)) return { path, message: `"${key}" is not allowed in a spec path` }
  let nodes: Schema[] = [root]
  for (const segment of prefix) nodes = childrenOf(nodes, segment)
  const { shapes, narrowedBy } = objectVariants(nodes, value)
  const keys = [...new Set(shapes.flatMap((shape) => Object.keys(shape)))]
  const at = prefix.join('.')
  if (keys.length === 0) return { path, message: `${at || 'the spec'} is a value, it has no fields` }
  const near = nearestName(key, keys)
  if (near) return { path, message: `unknown field; did you mean ${[...prefix, near].join('.')}?` }
  if (narrowedBy) return { path, message: `not a field of ${at || 'a spec'} with ${narrowedBy} (it has ${listed(keys)})` }
  const elsewhere = fieldPaths([root], '', 4, []).filter((p) => p !== path && levenshtein(p.split('.').pop()!, key) <= 1)
  const whole = nearestName(path, elsewhere)
  if (whole) return { path, message: `unknown field; did you mean ${whole}?` }
  return { path, message: `unknown field (${at || 'a spec'} has ${listed(keys)})` }
}

/** Null when the schema knows the dotted path, else the issue naming it (with the nearest valid path). */
export function pathIssue(root: Schema, path: string): SpecIssue | null {
  const segments = path.split('.')
  if (segments.some((s) => s === '')) return { path, message: 'expected a dotted field path such as data.length' }
  let nodes: Schema[] = [root]
  for (let i = 0; i < segments.length; i++) {
    const next = childrenOf(nodes, segments[i])
    if (next.length === 0) return unknownKeyIssue(root, segments.slice(0, i), segments[i])
    nodes = next
  }
  return null
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/** Every key anywhere in a parsed JSON value that would reach a prototype, by its path. */
export function forbiddenKeyIssues(value: unknown, path: string[] = []): SpecIssue[] {
  if (value === null || typeof value !== 'object') return []
  return Object.keys(value).flatMap((key) =>
    FORBIDDEN_KEYS.has(key)
      ? [{ path: [...path, key].join('.'), message: `"${key}" is not allowed in a spec` }]
      : forbiddenKeyIssues((value as Record<string, unknown>)[key], [...path, key]),
  )
}

/**
 * Every number in a parsed JSON value that is not finite, by its path: JSON.parse reads `1e999` as Infinity, which
 * a JSON round trip would turn into null ("expected number, received null").
 */
export function nonFiniteIssues(value: unknown, path: string[] = []): SpecIssue[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [{ path: path.join('.'), message: 'a number too large for a 64-bit float (it overflows to infinity)' }]
  if (value === null || typeof value !== 'object') return []
  return Object.keys(value).flatMap((key) => nonFiniteIssues((value as Record<string, unknown>)[key], [...path, key]))
}

/** Every key of `value` (walked along the schema) that no variant of the schema knows. */
export function unknownFieldIssues(root: Schema, value: unknown, prefix: string[] = []): SpecIssue[] {
  const issues: SpecIssue[] = []
  const walk = (nodes: Schema[], v: unknown, path: string[]) => {
    if (!isPlainObject(v) && !Array.isArray(v)) return
    for (const key of Object.keys(v)) {
      const next = childrenOf(nodes, key)
      if (next.length === 0) issues.push(unknownKeyIssue(root, [...prefix, ...path], key, v))
      else walk(next, (v as Record<string, unknown>)[key], [...path, key])
    }
  }
  let nodes: Schema[] = [root]
  for (const segment of prefix) nodes = childrenOf(nodes, segment)
  walk(nodes, value, [])
  return issues
}

type ZodIssue = z.core.$ZodIssue

function issueMessage(issue: ZodIssue): string {
  if (issue.code === 'too_big') {
    const what = issue.origin === 'array' ? ' entries' : issue.origin === 'string' ? ' characters' : ''
    return `at most ${issue.maximum.toLocaleString('en-US')}${what}${issue.inclusive === false ? ' (exclusive)' : ''}`
  }
  if (issue.code === 'too_small') {
    const what = issue.origin === 'array' ? ' entries' : issue.origin === 'string' ? ' characters' : ''
    return `at least ${issue.minimum.toLocaleString('en-US')}${what}${issue.inclusive === false ? ' (exclusive)' : ''}`
  }
  return issue.message
}

/** zod's issues as SpecIssues: unknown keys with the nearest valid field, a failed union by its closest branch. */
export function issuesFrom(error: z.ZodError, root?: Schema, input?: unknown): SpecIssue[] {
  const out: SpecIssue[] = []
  const visit = (issue: ZodIssue, base: PropertyKey[]) => {
    const path = [...base, ...issue.path].map(String)
    if (issue.code === 'unrecognized_keys' && root) {
      const holder = path.reduce<unknown>((v, k) => (isPlainObject(v) || Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined), input)
      for (const key of issue.keys) out.push(unknownKeyIssue(root, path, key, holder))
    } else if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const closest = issue.errors.reduce((a, b) => (b.length < a.length ? b : a))
      for (const inner of closest) visit(inner, path)
    } else {
      out.push({ path: path.join('.'), message: issueMessage(issue) })
    }
  }
  for (const issue of error.issues) visit(issue, [])
  return out
}

/** Issues as one line: `where: path: message; path: message (and 3 more)`. */
export function formatIssues(issues: readonly SpecIssue[], where: string): string {
  const shown = issues.slice(0, 3).map((i) => `${i.run ? `${i.run}: ` : ''}${i.path || '(root)'}: ${i.message}`)
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''
  return `${where}: ${shown.join('; ')}${more}`
}
