/**
 * Migration 6: stored specs say what their runs ran in today's words. The twins' experiment kind gets its current
 * name (`emami21-twin` → `rnn-conv-twins`), and `data.dataset` references (typed as an id, a name, a former name or
 * the CSV's path) become the dataset's id wherever exactly one dataset matches, since runs are now looked up and
 * protected from deletion by id alone. A reference matching none or several datasets is left as it was (its runs
 * fail saying so if run again). Former names are then dropped: nothing resolves by them any more.
 *
 * Frozen with its schema version: it reads the tables as they are at version 5, not through today's accessors.
 */
import type Database from 'better-sqlite3'
import { resolve } from 'node:path'

const FORMER_KINDS: Record<string, string> = { 'emami21-twin': 'rnn-conv-twins' }

interface DatasetRow {
  id: string
  name: string
  source: string | null
  formerNames: string[]
}

/** The one dataset a reference can mean, by id, then name, then former name, then source path; null if not one. */
function datasetIdOf(ref: string, datasets: readonly DatasetRow[]): string | null {
  const only = (matches: DatasetRow[]) => (matches.length === 1 ? matches[0].id : null)
  if (datasets.some((d) => d.id === ref)) return ref
  const byName = datasets.filter((d) => d.name === ref)
  if (byName.length > 0) return only(byName)
  const byFormer = datasets.filter((d) => d.formerNames.includes(ref))
  if (byFormer.length > 0) return only(byFormer)
  return only(datasets.filter((d) => d.source !== null && (d.source === ref || d.source === resolve(ref))))
}

type Rewrite = (value: unknown) => unknown

/** An experiment spec (or a sweep's base) with its kind and dataset rewritten; the same object when nothing changed. */
function rewriteSpec(spec: Record<string, unknown>, kind: Rewrite, dataset: Rewrite): Record<string, unknown> {
  let out = spec
  const experiment = kind(spec.experiment)
  if (experiment !== spec.experiment) out = { ...out, experiment }
  const data = spec.data as Record<string, unknown> | undefined
  if (data && typeof data === 'object' && data.dataset !== undefined) {
    const id = dataset(data.dataset)
    if (id !== data.dataset) out = { ...out, data: { ...data, dataset: id } }
  }
  return out
}

/** A sweep spec: its base, and the axes that sweep the kind or the dataset. */
function rewriteSweep(sweep: Record<string, unknown>, kind: Rewrite, dataset: Rewrite): Record<string, unknown> {
  const base = rewriteSpec((sweep.base ?? {}) as Record<string, unknown>, kind, dataset)
  const byPath: Record<string, Rewrite> = { experiment: kind, 'data.dataset': dataset }
  const axes = ((sweep.axes ?? []) as Array<Record<string, unknown>>).map((axis) => {
    const path = axis.path as string | undefined
    if (path !== undefined && byPath[path]) return { ...axis, values: (axis.values as unknown[]).map(byPath[path]) }
    if (!Array.isArray(axis.variants)) return axis
    const variants = (axis.variants as Array<{ set: Record<string, unknown> }>).map((v) => ({
      ...v,
      set: Object.fromEntries(Object.entries(v.set).map(([p, value]) => [p, byPath[p] ? byPath[p](value) : value])),
    }))
    return { ...axis, variants }
  })
  return { ...sweep, ...(sweep.base !== undefined ? { base } : {}), ...(sweep.axes !== undefined ? { axes } : {}) }
}

export function migrateSpecRefs(db: Database.Database): void {
  const datasets = (db.prepare(`SELECT id, name, source, meta FROM datasets`).all() as Array<{ id: string; name: string; source: string | null; meta: string }>).map((d) => {
    const former = (JSON.parse(d.meta) as { formerNames?: unknown }).formerNames
    return { id: d.id, name: d.name, source: d.source, formerNames: Array.isArray(former) ? (former as string[]) : [] }
  })
  const kind: Rewrite = (value) => (typeof value === 'string' && Object.hasOwn(FORMER_KINDS, value) ? FORMER_KINDS[value] : value)
  const ids = new Map<string, string | null>()
  const dataset: Rewrite = (value) => {
    if (typeof value !== 'string') return value
    if (!ids.has(value)) ids.set(value, datasetIdOf(value, datasets))
    return ids.get(value) ?? value
  }

  const runs = db.prepare(`SELECT id, spec, params FROM runs WHERE json_extract(spec, '$.experiment') IN (${Object.keys(FORMER_KINDS).map(() => '?').join(', ')}) OR json_extract(spec, '$.data.dataset') IS NOT NULL`)
  const updateRun = db.prepare(`UPDATE runs SET spec = ?, params = ? WHERE id = ?`)
  const setParam = db.prepare(`UPDATE run_params SET value = ? WHERE run_id = ? AND path = ?`)
  for (const row of runs.all(...Object.keys(FORMER_KINDS)) as Array<{ id: string; spec: string; params: string }>) {
    const spec = JSON.parse(row.spec) as Record<string, unknown>
    const next = rewriteSpec(spec, kind, dataset)
    if (next === spec) continue
    // the swept values by spec path, and the query index of every scalar spec leaf, say the same
    const params = JSON.parse(row.params) as Record<string, unknown>
    if ('experiment' in params) params.experiment = kind(params.experiment)
    if ('data.dataset' in params) params['data.dataset'] = dataset(params['data.dataset'])
    updateRun.run(JSON.stringify(next), JSON.stringify(params), row.id)
    setParam.run(next.experiment, row.id, 'experiment')
    const data = next.data as { dataset?: unknown } | undefined
    if (data?.dataset !== undefined) setParam.run(data.dataset, row.id, 'data.dataset')
  }

  const updateSweep = db.prepare(`UPDATE sweeps SET spec = ? WHERE id = ?`)
  for (const row of db.prepare(`SELECT id, spec FROM sweeps`).all() as Array<{ id: string; spec: string }>) {
    const text = JSON.stringify(rewriteSweep(JSON.parse(row.spec) as Record<string, unknown>, kind, dataset))
    if (text !== row.spec) updateSweep.run(text, row.id)
  }
  // a search makes each round's runs from its input: base and axes as a sweep's
  const updateSearch = db.prepare(`UPDATE searches SET input = ? WHERE sweep_id = ?`)
  for (const row of db.prepare(`SELECT sweep_id, input FROM searches`).all() as Array<{ sweep_id: string; input: string }>) {
    const input = JSON.parse(row.input) as Record<string, unknown>
    const axes = [input.outer, input.inner].map((a) => a ?? { path: '', values: [] })
    const rewritten = rewriteSweep({ base: input.base, axes }, kind, dataset)
    const [outer, inner] = rewritten.axes as unknown[]
    const text = JSON.stringify({ ...input, base: rewritten.base, outer: input.outer ? outer : input.outer, inner: input.inner ? inner : input.inner })
    if (text !== row.input) updateSearch.run(text, row.sweep_id)
  }
  db.prepare(`UPDATE datasets SET meta = json_remove(meta, '$.formerNames') WHERE json_extract(meta, '$.formerNames') IS NOT NULL`).run()
}
