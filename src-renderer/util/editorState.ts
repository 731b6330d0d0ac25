/**
 * The Sweep builder's, the Teacher designer's and the Datasets view's state as URL parameters and back (pure: no DOM).
 * A sweep is written as what differs from where it started (a preset at a scale, or a blank sweep), so a preset with
 * a changed learning rate is `preset=iclr23-fig1a&set={"optimizer.lr":0.01}`; a state whose query is still long
 * goes into a saved view like any other (the app store does that).
 */
import { SCALES, type Scale, type SweepAxis, type SweepSpec } from '../../src-shared/spec/experiment'
import { TeacherSpec } from '../../src-shared/spec/teacher'
import { parseBoundedJson } from '../../src-shared/spec/jsonDepth'
import { teacherFields } from './teacherFields'
import { polesToTeacher, type Pole } from './poles'
import type { Params } from './viewState'

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
/** Specs are JSON; a JSON copy also works on Vue's reactive proxies, which structuredClone refuses. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

/**
 * Leaves of a spec by dotted path. Arrays, empty objects and objects with a dot in a key are leaves (their path
 * could not be read back otherwise).
 */
function leaves(value: Json, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (isObject(v) && Object.keys(v).length > 0 && !Object.keys(v).some((k) => k.includes('.'))) leaves(v, path, out)
    else out.set(path, v)
  }
  return out
}

/** What turns `reference` into `base`: paths set (to a leaf value) and paths removed. */
export function specChanges(reference: Json, base: Json): { set: Json; unset: string[] } {
  const before = leaves(reference)
  const after = leaves(base)
  const set: Json = {}
  for (const [path, v] of after) if (!before.has(path) || !same(before.get(path), v)) set[path] = v
  // A path gone from `base` whose parent is not itself replaced by a leaf.
  const unset = [...before.keys()].filter((path) => !after.has(path) && !Object.keys(set).some((s) => path.startsWith(`${s}.`)))
  return { set, unset }
}

/** `reference` with the changes applied (a copy). */
export function applySpecChanges(reference: Json, changes: { set: Json; unset: string[] }): Json {
  const out = copy(reference)
  for (const path of changes.unset) {
    const keys = path.split('.')
    // Delete the leaf, then each parent it leaves empty (a parent that should stay as {} is among the paths set).
    for (let n = keys.length; n > 0; n--) {
      const parent = keys.slice(0, n - 1).reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), out)
      if (!isObject(parent)) break
      const key = keys[n - 1]
      if (n < keys.length && !(isObject(parent[key]) && Object.keys(parent[key]).length === 0)) break
      delete parent[key]
    }
  }
  for (const [path, value] of Object.entries(changes.set)) {
    const keys = path.split('.')
    let node = out
    for (const key of keys.slice(0, -1)) {
      if (!isObject(node[key])) node[key] = {}
      node = node[key] as Json
    }
    node[keys[keys.length - 1]] = copy(value)
  }
  return out
}

export interface SweepUrlState {
  /** '' for a blank sweep. */
  preset: string
  scale: Scale
  sweep: Pick<SweepSpec, 'title' | 'base' | 'axes' | 'seeds'>
}

/** The sweep a blank builder starts from. */
export const BLANK_SWEEP: SweepUrlState['sweep'] = { title: 'New sweep', base: {}, axes: [], seeds: [0] }

/** `reference` is the sweep the preset (or blank) loaded; only what differs from it is written. */
export function sweepToParams(state: SweepUrlState, reference: SweepUrlState['sweep']): Params {
  const out: Params = {}
  if (state.preset) out.preset = state.preset
  if (state.preset && state.scale !== 'quick') out.scale = state.scale
  const { sweep } = state
  if (sweep.title !== reference.title) out.title = sweep.title
  const changes = specChanges(reference.base as Json, sweep.base as Json)
  if (Object.keys(changes.set).length) out.set = JSON.stringify(changes.set)
  if (changes.unset.length) out.unset = changes.unset.join(',')
  if (!same(sweep.axes, reference.axes)) out.axes = JSON.stringify(sweep.axes)
  if (sweep.seeds.length !== reference.seeds.length) out.seeds = String(sweep.seeds.length)
  return out
}

/** What a sweep link asks for, applied on top of the preset (or blank sweep) once it is loaded. */
export interface SweepUrlRequest {
  preset: string
  scale: Scale
  title?: string
  changes: { set: Json; unset: string[] }
  axes?: SweepAxis[]
  seeds?: number
}

const isAxis = (a: unknown) =>
  isObject(a) && ((typeof a.path === 'string' && Array.isArray(a.values)) || (typeof a.name === 'string' && Array.isArray(a.variants)))

/** A link's sweep, or an Error naming the parameter that cannot be read. */
export function sweepFromParams(params: Params): SweepUrlRequest | Error {
  const scale = params.scale ?? 'quick'
  if (!(SCALES as readonly string[]).includes(scale)) return new Error(`scale: unknown scale "${scale}"`)
  const json = (name: string): unknown => (params[name] === undefined ? undefined : parseBoundedJson(params[name], name))
  try {
    const set = json('set') ?? {}
    if (!isObject(set)) throw new Error('set: expected an object of spec paths and values')
    const axes = json('axes')
    if (axes !== undefined && !(Array.isArray(axes) && axes.every(isAxis))) throw new Error('axes: expected a list of axes (path and values, or name and variants)')
    const seeds = params.seeds === undefined ? undefined : Number(params.seeds)
    if (seeds !== undefined && !(Number.isInteger(seeds) && seeds >= 1 && seeds <= 1000)) throw new Error(`seeds: expected a count from 1 to 1000, got "${params.seeds}"`)
    return {
      preset: params.preset ?? '',
      scale: scale as Scale,
      ...(params.title !== undefined ? { title: params.title } : {}),
      changes: { set, unset: (params.unset ?? '').split(',').filter(Boolean) },
      ...(axes !== undefined ? { axes: axes as SweepAxis[] } : {}),
      ...(seeds !== undefined ? { seeds } : {}),
    }
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error))
  }
}

/** The sweep a link describes, given the sweep its preset (or blank) loaded. */
export function applySweepRequest(reference: SweepUrlState['sweep'], request: SweepUrlRequest): SweepUrlState['sweep'] {
  return {
    title: request.title ?? reference.title,
    base: applySpecChanges(reference.base as Json, request.changes) as SweepSpec['base'],
    axes: request.axes ?? reference.axes,
    seeds: request.seeds === undefined ? reference.seeds : Array.from({ length: request.seeds }, (_, i) => i),
  }
}

export interface TeacherUrlState {
  spec: TeacherSpec
  horizon: number
  /** The pole designer's poles when it drives an explicit teacher (the matrices follow from them). */
  poles: Pole[] | null
}

export const DEFAULT_HORIZON = 60

const round = (v: number) => Number(v.toPrecision(6))

/** The kind, then each field that differs from the kind's defaults; an explicit teacher by its poles where it has them. */
export function teacherToParams(state: TeacherUrlState): Params {
  const { spec } = state
  const out: Params = { kind: spec.kind }
  if (state.horizon !== DEFAULT_HORIZON) out.h = String(state.horizon)
  if (spec.kind === 'explicit' && state.poles) {
    out.poles = state.poles.map((p) => [p.re, p.im, p.weight].map(round).join(':')).join(',')
    return out
  }
  const defaults = TeacherSpec.safeParse({ kind: spec.kind })
  const start = (defaults.success ? defaults.data : {}) as Json
  for (const [key, value] of Object.entries(spec as Json)) {
    if (key === 'kind' || value === undefined || same(value, start[key])) continue
    out[key] = typeof value === 'string' ? value : JSON.stringify(value)
  }
  return out
}

/** A link's teacher (validated by the spec's schema), or an Error naming the field. */
export function teacherFromParams(params: Params): TeacherUrlState | Error {
  const kind = params.kind as TeacherSpec['kind']
  const horizon = params.h === undefined ? DEFAULT_HORIZON : Number(params.h)
  if (!Number.isInteger(horizon) || horizon < 2 || horizon > 2000) return new Error(`h: expected a horizon from 2 to 2000, got "${params.h}"`)
  if (kind === 'explicit' && params.poles !== undefined) {
    const poles = params.poles.split(',').map((text) => text.split(':').map(Number))
    if (poles.length === 0 || poles.some((p) => p.length !== 3 || p.some((v) => !Number.isFinite(v)))) return new Error(`poles: expected re:im:weight, … , got "${params.poles}"`)
    const designed = poles.map(([re, im, weight]) => ({ re, im, weight }))
    return { spec: polesToTeacher(designed), horizon, poles: designed }
  }
  const textFields = new Set(teacherFields(kind).filter((f) => f.type === 'string' || f.type === 'enum').map((f) => f.name))
  const raw: Json = { kind }
  try {
    for (const [key, text] of Object.entries(params)) {
      if (key === 'kind' || key === 'h') continue
      raw[key] = textFields.has(key) ? text : parseBoundedJson(text, key)
    }
  } catch (error) {
    return error as Error
  }
  const parsed = TeacherSpec.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return new Error(`${issue?.path.join('.') || 'kind'}: ${issue?.message ?? 'invalid'}`)
  }
  return { spec: parsed.data, horizon, poles: null }
}

/** The Datasets view: the dataset opened for preview. */
export function datasetsToParams(openedId: string | null): Params {
  return openedId ? { ds: openedId } : {}
}

export function datasetsFromParams(params: Params): string | null {
  return params.ds || null
}
