/**
 * Typed accessors for the datasets table. The import itself (CSV parsing, the binary file beside the database)
 * lives in src-main/datasets/; this file only records what was imported.
 */
import { join } from 'node:path'
import type { DatasetMeta, StoredDataset } from './types'
import type { Store } from './store'

export interface NewDataset {
  name: string
  hash: string
  /** The binary file relative to store.dataDir. */
  file: string
  source: string | null
  meta: DatasetMeta
}

interface DatasetRecord {
  id: string
  name: string
  hash: string
  file: string
  source: string | null
  meta: string
  created_at: number
}

function fromRow(row: DatasetRecord): StoredDataset {
  return {
    id: row.id,
    name: row.name,
    hash: row.hash,
    file: row.file,
    source: row.source,
    meta: JSON.parse(row.meta) as DatasetMeta,
    createdAt: row.created_at,
  }
}

/** Record an imported dataset; its id is `d` + a counter. Throws on a duplicate hash (check findDatasetByHash first). */
export function insertDataset(store: Store, input: NewDataset): StoredDataset {
  return store.transaction(() => {
    const id = store.nextId('d')
    const createdAt = Date.now()
    store.db
      .prepare(`INSERT INTO datasets (id, name, hash, file, source, meta, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(id, input.name, input.hash, input.file, input.source, JSON.stringify(input.meta), createdAt)
    return { id, createdAt, ...input }
  })
}

export function getDataset(store: Store, id: string): StoredDataset | undefined {
  const row = store.db.prepare(`SELECT * FROM datasets WHERE id = ?`).get(id) as DatasetRecord | undefined
  return row && fromRow(row)
}

export function findDatasetByHash(store: Store, hash: string): StoredDataset | undefined {
  const row = store.db.prepare(`SELECT * FROM datasets WHERE hash = ?`).get(hash) as DatasetRecord | undefined
  return row && fromRow(row)
}

/** Every dataset, newest first. */
export function listDatasets(store: Store): StoredDataset[] {
  const rows = store.db.prepare(`SELECT * FROM datasets ORDER BY created_at DESC, rowid DESC`).all() as DatasetRecord[]
  return rows.map(fromRow)
}

/** Datasets with this name, newest first (names need not be unique); then, if none, those it was renamed from. */
export function findDatasetsByName(store: Store, name: string): StoredDataset[] {
  const current = store.db.prepare(`SELECT * FROM datasets WHERE name = ? ORDER BY created_at DESC, rowid DESC`).all(name) as DatasetRecord[]
  if (current.length > 0) return current.map(fromRow)
  const former = store.db
    .prepare(`SELECT d.* FROM datasets d, json_each(d.meta, '$.formerNames') f WHERE f.value = ? ORDER BY d.created_at DESC, d.rowid DESC`)
    .all(name) as DatasetRecord[]
  return former.map(fromRow)
}

/** The names a dataset was known by before (specs written then still refer to it by them). */
export function formerNames(dataset: StoredDataset): string[] {
  return (dataset.meta.formerNames as string[] | undefined) ?? []
}

/** Rename a dataset; its old name keeps resolving to it (runs may name it), unless another dataset takes it. */
export function renameDataset(store: Store, id: string, name: string): boolean {
  return store.transaction(() => {
    const row = getDataset(store, id)
    if (!row) return false
    const former = [...new Set([...formerNames(row), row.name])].filter((n) => n !== name)
    store.db.prepare(`UPDATE datasets SET name = ?, meta = ? WHERE id = ?`).run(name, JSON.stringify({ ...row.meta, formerNames: former }), id)
    return true
  })
}

/**
 * Runs whose spec names the dataset (by id, or by one of the names given), up to `limit`: a dataset in use is not
 * deleted. Queued, running and finished runs all count (a finished run can be re-run or resumed).
 */
export function runsUsingDataset(store: Store, refs: string[], limit = 5): { runs: string[]; total: number } {
  const placeholders = refs.map(() => '?').join(', ')
  const where = `json_extract(spec, '$.data.dataset') IN (${placeholders})`
  const rows = store.db.prepare(`SELECT id FROM runs WHERE ${where} ORDER BY rowid LIMIT ?`).all(...refs, limit) as Array<{ id: string }>
  const { n } = store.db.prepare(`SELECT count(*) AS n FROM runs WHERE ${where}`).get(...refs) as { n: number }
  return { runs: rows.map((r) => r.id), total: n }
}

/** Remove the row (the caller removes the file). Returns false when there was no such dataset. */
export function deleteDataset(store: Store, id: string): boolean {
  return store.transaction(() => store.db.prepare(`DELETE FROM datasets WHERE id = ?`).run(id).changes > 0)
}

/** The absolute path of a dataset's binary file. */
export function datasetPath(store: Store, dataset: Pick<StoredDataset, 'file'>): string {
  return join(store.dataDir, dataset.file)
}
