/**
 * Stored datasets as the Datasets view and `impulse-lab datasets` see them: the list, one dataset's detail (columns,
 * first rows, the runs using it), rename, and delete unless a run uses it (runs name datasets by id).
 */
import { rmSync } from 'node:fs'
import type { DatasetDetail, DatasetInfo } from '../../src-shared/api/lab'
import type { Store } from '../store/store'
import { type StoredDataset, datasetPath, deleteDataset, listDatasets, renameDataset, runsUsingDataset } from './records'
import { readFirstRows } from './datasetFile'
import { findDataset } from './refs'

export function datasetInfo(row: StoredDataset): DatasetInfo {
  const columns = row.meta.columns
  return {
    id: row.id,
    name: row.name,
    rows: row.meta.rows,
    binWidth: row.meta.binWidth,
    neurons: columns.filter((c) => c.role === 'neuron').length,
    behavior: columns.filter((c) => c.role === 'behavior').map((c) => c.name),
    createdAt: new Date(row.createdAt).toISOString(),
  }
}

export function listDatasetInfos(store: Store): DatasetInfo[] {
  return listDatasets(store).map(datasetInfo)
}

function notFound(ref: string): Error {
  return Object.assign(new Error(`no dataset "${ref}"`), { status: 404 })
}

export function datasetDetail(store: Store, ref: string, rows: number): DatasetDetail {
  const row = findDataset(store, ref)
  if (!row) throw notFound(ref)
  const columns = row.meta.columns
  const shown = Math.min(rows, row.meta.rows)
  const values = readFirstRows(datasetPath(store, row), columns.length, shown)
  return {
    ...datasetInfo(row),
    source: row.source,
    notes: (row.meta.notes as string[] | undefined) ?? [],
    columns: columns.map((c, i) => ({ name: c.name, role: c.role, sample: Array.from({ length: shown }, (_, r) => values[r * columns.length + i]) })),
    usedBy: runsUsingDataset(store, row.id),
  }
}

export function renameStoredDataset(store: Store, id: string, name: string): DatasetInfo {
  const row = findDataset(store, id)
  if (!row) throw notFound(id)
  renameDataset(store, row.id, name)
  return datasetInfo({ ...row, name })
}

/** Delete a dataset's row and file, unless a run refers to it (the error names the first runs). */
export function deleteStoredDataset(store: Store, id: string): { deleted: string } {
  const row = findDataset(store, id)
  if (!row) throw notFound(id)
  const used = runsUsingDataset(store, row.id)
  if (used.total > 0) {
    const more = used.total > used.runs.length ? ` and ${used.total - used.runs.length} more` : ''
    throw Object.assign(new Error(`dataset ${row.id} "${row.name}" is used by ${used.total} run${used.total === 1 ? '' : 's'} (${used.runs.join(', ')}${more}): delete those first`), { status: 409 })
  }
  deleteDataset(store, row.id)
  rmSync(datasetPath(store, row), { force: true })
  return { deleted: row.id }
}
