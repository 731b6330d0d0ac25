/**
 * The datasets table: what was imported, by id (the import itself, CSV parsing and the binary file beside the
 * database, is index.ts). Runs name a dataset by id, so a rename changes only the name shown.
 */
import { join } from 'node:path'
import type { DatasetColumn } from '../../src-shared/data/columnRoles'
import type { Store } from '../store/store'

export interface DatasetMeta {
  columns: DatasetColumn[]
  binWidth: number
  rows: number
  [key: string]: unknown
}

export interface StoredDataset {
  id: string
  name: string
  /** Content hash of the imported data (unique: importing the same file twice finds the first import). */
  hash: string
  /** The binary file, relative to Store.dataDir. */
  file: string
  /** Where the data came from (the CSV path at import time). */
  source: string | null
  meta: DatasetMeta
  createdAt: number
}

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

/** Datasets with this name, newest first (names need not be unique). */
export function findDatasetsByName(store: Store, name: string): StoredDataset[] {
  const rows = store.db.prepare(`SELECT * FROM datasets WHERE name = ? ORDER BY created_at DESC, rowid DESC`).all(name) as DatasetRecord[]
  return rows.map(fromRow)
}

/** Rename a dataset (runs name it by id, so nothing else changes). */
export function renameDataset(store: Store, id: string, name: string): boolean {
  return store.transaction(() => store.db.prepare(`UPDATE datasets SET name = ? WHERE id = ?`).run(name, id).changes > 0)
}

/**
 * Runs whose spec names the dataset, up to `limit`: a dataset in use is not deleted. Queued, running and finished
 * runs all count (a finished run can be re-run or resumed).
 */
export function runsUsingDataset(store: Store, id: string, limit = 5): { runs: string[]; total: number } {
  const where = `json_extract(spec, '$.data.dataset') = ?`
  const rows = store.db.prepare(`SELECT id FROM runs WHERE ${where} ORDER BY rowid LIMIT ?`).all(id, limit) as Array<{ id: string }>
  const { n } = store.db.prepare(`SELECT count(*) AS n FROM runs WHERE ${where}`).get(id) as { n: number }
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
