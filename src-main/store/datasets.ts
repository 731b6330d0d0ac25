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

/** Remove the row (the caller removes the file). Returns false when there was no such dataset. */
export function deleteDataset(store: Store, id: string): boolean {
  return store.db.prepare(`DELETE FROM datasets WHERE id = ?`).run(id).changes > 0
}

/** The absolute path of a dataset's binary file. */
export function datasetPath(store: Store, dataset: Pick<StoredDataset, 'file'>): string {
  return join(store.dataDir, dataset.file)
}
