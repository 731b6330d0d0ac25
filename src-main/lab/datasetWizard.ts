/**
 * The import wizard's main-process half: preview a CSV the renderer uploaded (detected roles, first rows, bin
 * width) without touching the store, then import it with the roles the user confirmed. Both go through D's
 * streaming parser and role detection (src-main/datasets), on a temporary copy of the uploaded text.
 */
import { mkdtempSync, openSync, readSync, closeSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { ColumnRole } from '../../src-shared/api/dataset'
import type { DatasetInfo, DatasetPreview } from '../../src-shared/api/lab'
import { type Store, type StoredDataset, listDatasets } from '../store'
import { importCsv, type ImportOptions } from '../datasets'
import { parseCsvToBinary } from '../datasets/csvParse'
import { decideRoles } from '../datasets/roles'

const SAMPLE_ROWS = 5

/** Roles chosen in the wizard → D's import overrides. */
export function roleOverrides(roles: Record<string, ColumnRole> | undefined): Omit<ImportOptions, 'name' | 'binWidth'> {
  if (!roles) return {}
  const named = (role: ColumnRole) => Object.keys(roles).filter((c) => roles[c] === role)
  const time = named('time')
  const neurons = named('neuron')
  const behavior = named('behavior')
  const ignore = named('ignore')
  return {
    time: time[0] ?? null,
    ...(neurons.length ? { neurons } : {}),
    ...(behavior.length ? { behavior } : {}),
    ...(ignore.length ? { ignore } : {}),
  }
}

async function withTempCsv<T>(fileName: string, content: string, fn: (path: string, dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-upload-'))
  const path = join(dir, basename(fileName).replace(/[^\w.-]+/g, '_') || 'upload.csv')
  try {
    writeFileSync(path, content)
    return await fn(path, dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export function previewCsv(fileName: string, content: string, roles?: Record<string, ColumnRole>, binWidth?: number): Promise<DatasetPreview> {
  return withTempCsv(fileName, content, async (path, dir) => {
    const bin = join(dir, 'preview.bin')
    const parsed = await parseCsvToBinary(path, bin)
    const decision = decideRoles(parsed.profiles, roleOverrides(roles), basename(fileName))
    const width = parsed.header.length
    const rows = Math.min(SAMPLE_ROWS, parsed.rows)
    const buffer = Buffer.alloc(rows * width * 8)
    const fd = openSync(bin, 'r')
    try {
      readSync(fd, buffer, 0, buffer.length, 0)
    } finally {
      closeSync(fd)
    }
    const values = new Float64Array(buffer.buffer, buffer.byteOffset, rows * width)
    const chosenWidth = binWidth ?? parsed.binWidth
    const warnings = [...decision.notes, ...parsed.notes]
    if (chosenWidth === null) warnings.push('No time column: give the bin width in seconds')
    return {
      fileName,
      rows: parsed.rows,
      columns: parsed.header.map((name, c) => ({ name, role: decision.roles[c], sample: Array.from({ length: rows }, (_, r) => values[r * width + c]) })),
      binWidth: chosenWidth ?? 0,
      durationSeconds: chosenWidth ? chosenWidth * parsed.rows : 0,
      warnings,
    }
  })
}

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

export function importUploadedCsv(store: Store, request: { fileName: string; name: string; content: string; roles?: Record<string, ColumnRole>; binWidth?: number }): Promise<DatasetInfo> {
  return withTempCsv(request.fileName, request.content, async (path) => {
    const report = await importCsv(store, path, { name: request.name, ...roleOverrides(request.roles), ...(request.binWidth ? { binWidth: request.binWidth } : {}) })
    return datasetInfo(report.dataset)
  })
}

export function listDatasetInfos(store: Store): DatasetInfo[] {
  return listDatasets(store).map(datasetInfo)
}
