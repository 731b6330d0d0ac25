/**
 * A sweep's `data.dataset` references turned into dataset ids when the sweep is submitted, so every stored spec names
 * its dataset by id: a rename, a second dataset of the same name or a moved CSV never changes what a stored run reads.
 * An id or a dataset name resolves in the store; a CSV path (only where paths are allowed: the command line) is
 * imported there and then. Anything else is refused with the field named, before any run is stored.
 */
import { statSync } from 'node:fs'
import { SpecError, type SweepSpecInput } from '../../src-shared/spec/experiment'
import { formatIssues, type SpecIssue } from '../../src-shared/spec/issues'
import { cloneJson } from '../../src-shared/spec/sweep'
import type { Store } from '../store/store'
import type { StoredDataset } from './records'
import { datasetPath, findDatasetsByName, getDataset } from './records'
import { importCsv } from './importCsv'

/** Whether a reference may be a CSV path to import ('import': the command line) or only a stored dataset ('refuse': the API). */
export type DatasetPaths = 'import' | 'refuse'

/** A dataset of this store by id or by name (a name used twice must be given as an id), or undefined. */
export function findDataset(store: Store, ref: string): StoredDataset | undefined {
  const byId = getDataset(store, ref)
  if (byId) return byId
  const named = findDatasetsByName(store, ref)
  if (named.length > 1) throw new Error(`"${ref}" names ${named.length} datasets (${named.map((d) => d.id).join(', ')}): give the id`)
  return named[0]
}

/** The binary file of the dataset a stored run names (by id: submit resolved it). */
export function datasetFileOf(store: Store, id: string): string {
  const dataset = getDataset(store, id)
  if (!dataset) throw new Error(`"${id}" is not a dataset id in this store (runs name their dataset by id; launch the run again naming an imported dataset)`)
  return datasetPath(store, dataset)
}

const isRegularFile = (path: string) => {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** One place a sweep names a dataset: its path in the sweep (for messages) and how to rewrite it. */
interface RefSite {
  path: string
  ref: unknown
  set(id: string): void
}

/** Where a sweep input names datasets: the base, a `data.dataset` axis's values, variants that set it. */
function refSites(sweep: Record<string, unknown>): RefSite[] {
  const sites: RefSite[] = []
  const data = (sweep.base as { data?: Record<string, unknown> } | undefined)?.data
  if (data && typeof data === 'object' && data.dataset !== undefined) sites.push({ path: 'base.data.dataset', ref: data.dataset, set: (id) => (data.dataset = id) })
  const axes = Array.isArray(sweep.axes) ? (sweep.axes as Array<Record<string, unknown>>) : []
  axes.forEach((axis, a) => {
    if (axis?.path === 'data.dataset' && Array.isArray(axis.values)) {
      const values = axis.values as unknown[]
      values.forEach((ref, v) => sites.push({ path: `axes.${a}.values.${v}`, ref, set: (id) => (values[v] = id) }))
    }
    if (Array.isArray(axis?.variants)) {
      ;(axis.variants as Array<{ set?: Record<string, unknown> }>).forEach((variant, v) => {
        const set = variant?.set
        if (set && set['data.dataset'] !== undefined) sites.push({ path: `axes.${a}.variants.${v}.set.data.dataset`, ref: set['data.dataset'], set: (id) => (set['data.dataset'] = id) })
      })
    }
  })
  return sites
}

/** Whether a sweep names any dataset (then submit resolves the references to ids). */
export const namesDatasets = (sweep: SweepSpecInput): boolean => refSites(cloneJson(sweep) as Record<string, unknown>).length > 0

/** A reference → the id of its dataset, importing a CSV path when `paths` allows; throws saying why not. */
async function resolveRef(store: Store, ref: string, paths: DatasetPaths): Promise<string> {
  const known = findDataset(store, ref)
  if (known) return known.id
  if (paths === 'refuse') throw new Error(`"${ref}" is not a dataset id or name in this store (import the file first; over the API a dataset is never a path)`)
  if (!isRegularFile(ref)) throw new Error(`"${ref}" is neither a dataset id or name in this store nor a CSV file (nothing was stored)`)
  return (await importCsv(store, ref)).dataset.id
}

/** Each site set to its reference's id; a SpecError naming every site whose reference did not resolve. */
function applyIds<T>(copy: T, sites: RefSite[], ids: Map<string, string | Error>, where: string): T {
  const issues: SpecIssue[] = []
  for (const site of sites) {
    const id = ids.get(site.ref as string)
    if (id instanceof Error) issues.push({ path: site.path, message: id.message })
    else if (id !== undefined) site.set(id)
  }
  if (issues.length > 0) throw new SpecError(formatIssues(issues, where))
  return copy
}

/** The distinct string references of the sites (anything else is the spec checks' to refuse). */
const refsOf = (sites: RefSite[]) => [...new Set(sites.map((s) => s.ref).filter((ref): ref is string => typeof ref === 'string'))]

/**
 * The sweep input with every dataset reference replaced by its dataset's id (a copy; the input is not changed).
 * Throws a SpecError naming each reference that does not resolve (`sweep: base.data.dataset: ...`).
 */
export async function resolveSweepDatasets<T extends SweepSpecInput>(store: Store, sweep: T, paths: DatasetPaths, where = 'sweep'): Promise<T> {
  const copy = cloneJson(sweep)
  const sites = refSites(copy as Record<string, unknown>)
  const ids = new Map<string, string | Error>()
  for (const ref of refsOf(sites)) ids.set(ref, await resolveRef(store, ref, paths).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))))
  return applyIds(copy, sites, ids, where)
}

/** A boundary search's input as a sweep's fields (its outer and inner axes as axes 0 and 1) and back. */
interface SearchRefs {
  base: Record<string, unknown>
  outer: { path: string; values: unknown[] } | null
  inner: { path: string; values: unknown[] } | null
}
const searchAsSweep = (input: SearchRefs) => ({ base: input.base, axes: [input.outer ?? {}, input.inner ?? {}] })

/** As resolveSweepDatasets, for a boundary search's input (datasets in its base or along its axes). */
export async function resolveSearchDatasets<T extends SearchRefs>(store: Store, input: T, paths: DatasetPaths, where = 'search'): Promise<T> {
  const resolved = await resolveSweepDatasets(store, searchAsSweep(input) as SweepSpecInput, paths, where)
  const axes = resolved.axes as Array<{ values: unknown[] }>
  return { ...input, base: resolved.base, outer: input.outer && { ...input.outer, values: axes[0].values }, inner: input.inner && { ...input.inner, values: axes[1].values } }
}

/** Without importing or opening a path: a search input's ids and names → ids (refused otherwise), for a search being stored. */
export function storedSearchDatasets<T extends SearchRefs>(store: Store, input: T, where = 'search'): T {
  const copy = cloneJson(input)
  const sites = refSites(searchAsSweep(copy))
  const ids = new Map<string, string | Error>()
  for (const ref of refsOf(sites)) {
    try {
      const found = findDataset(store, ref)
      ids.set(ref, found ? found.id : new Error(`"${ref}" is not a dataset id or name in this store (import the file first)`))
    } catch (error) {
      ids.set(ref, error as Error)
    }
  }
  return applyIds(copy, sites, ids, where)
}

/** A dataset reference → its binary file, importing a CSV path when `paths` allows (a Slurm job copies the file). */
export async function datasetFileFor(store: Store, ref: string, paths: DatasetPaths): Promise<string> {
  return datasetFileOf(store, await resolveRef(store, ref, paths))
}

/** The API's check before a sweep is planned: every reference names a stored dataset (never opens a path). */
export function requireStoredDatasets(store: Store, runs: ReadonlyArray<{ spec: { data: { dataset?: string } } }>): void {
  const refs = new Set(runs.map((r) => r.spec.data.dataset).filter((ref): ref is string => ref !== undefined))
  for (const ref of refs) {
    if (!findDataset(store, ref)) throw new SpecError(`data.dataset: "${ref}" is not a dataset id or name in this store (import the file first; over the API a dataset is never a path)`)
  }
}
