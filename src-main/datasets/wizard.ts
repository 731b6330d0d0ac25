/**
 * The import wizard's main-process half: preview a CSV (detected roles, first rows, every bad cell up to a cap)
 * without touching the store, import it with the roles the user confirmed, and look after stored datasets (detail,
 * rename, delete unless a run uses it). The CSV comes as text, as a browser-mode upload, or as a handle for a file the
 * desktop app's own dialog chose (never as a path); all go through the streaming parser and role detection of
 * this module.
 */
import { forApp } from './appWording'
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { ColumnRole } from '../../src-shared/data/columnRoles'
import type { DatasetDetail, DatasetInfo, DatasetPreview, LabParsedRequest } from '../../src-shared/api/lab'
import type { Store } from '../store/store'
import { type StoredDataset, datasetPath, deleteDataset, listDatasets, renameDataset, runsUsingDataset } from './records'
import { importCsv, type ImportOptions } from './importCsv'
import { findDataset } from './refs'
import { CsvError, listColumns } from './csvError'
import { parseCsvToBinary } from './csvParse'
import { decideRoles } from './roles'
import type { FileHandles } from '../lab/fileHandles'

const SAMPLE_ROWS = 5

type CsvSourceRequest = Pick<LabParsedRequest<'previewDataset'>, 'fileName' | 'content' | 'uploadId' | 'fileHandle'>

/** Where the service finds uploads (browser mode) and the files main's dialog chose (desktop app). */
export interface CsvSources {
  uploadDir?: string
  fileHandles?: FileHandles
}

/** Roles chosen in the wizard → the import's overrides. */
function roleOverrides(roles: Record<string, ColumnRole> | undefined): Omit<ImportOptions, 'name' | 'binWidth'> {
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

/** The file a handle or upload names, or a CsvError; text has no file yet (null). */
function sourceFile(source: CsvSourceRequest, sources: CsvSources): string | null {
  if (source.content !== undefined) return null
  if (source.uploadId !== undefined) {
    if (!sources.uploadDir) throw new CsvError('uploads are only accepted in browser mode')
    const path = join(sources.uploadDir, `${source.uploadId}.csv`)
    if (!existsSync(path)) throw new CsvError(`${source.fileName}: the upload is gone (upload the file again)`)
    return path
  }
  const path = source.fileHandle === undefined ? undefined : sources.fileHandles?.resolve(source.fileHandle)
  if (path === undefined) throw new CsvError(`${source.fileName}: unknown file handle (choose the file again)`)
  if (!existsSync(path) || !statSync(path).isFile()) throw new CsvError(`${source.fileName}: the file is gone or is not a file`)
  return path
}

/** Run `fn` on the CSV as a file: text is written to a temporary copy; uploads and chosen files are read where they are. */
async function withCsvFile<T>(source: CsvSourceRequest, sources: CsvSources, fn: (path: string, scratch: string) => Promise<T>): Promise<T> {
  const scratch = mkdtempSync(join(tmpdir(), 'impulse-lab-wizard-'))
  try {
    let path = sourceFile(source, sources)
    if (path === null) {
      path = join(scratch, basename(source.fileName).replace(/[^\w.-]+/g, '_') || 'upload.csv')
      writeFileSync(path, source.content!)
    }
    return await fn(path, scratch)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** The first `rows` rows of a row-major float64 file with `width` columns. */
function readRows(file: string, width: number, rows: number): Float64Array {
  const buffer = Buffer.alloc(rows * width * 8)
  const fd = openSync(file, 'r')
  try {
    readSync(fd, buffer, 0, buffer.length, 0)
  } finally {
    closeSync(fd)
  }
  return new Float64Array(buffer.buffer, buffer.byteOffset, rows * width)
}

export function previewCsv(request: LabParsedRequest<'previewDataset'>, sources: CsvSources): Promise<DatasetPreview> {
  return withCsvFile(request, sources, async (path, scratch) => {
    const bin = join(scratch, 'preview.bin')
    const overrides = roleOverrides(request.roles)
    const parsed = await parseCsvToBinary(path, bin, { ignore: overrides.ignore, collectProblems: true })
    const width = parsed.header.length
    const rows = Math.min(SAMPLE_ROWS, parsed.rows)
    const warnings: string[] = []
    let roles: ColumnRole[]
    try {
      const decision = decideRoles(parsed.profiles, overrides, basename(request.fileName))
      roles = decision.roles
      warnings.push(...decision.notes.map(forApp))
    } catch (error) {
      // Roles that cannot be decided yet (no behaviour column, say) are the user's to set: say why, keep the table.
      roles = parsed.header.map((name) => request.roles?.[name] ?? 'ignore')
      warnings.push(forApp(error instanceof Error ? error.message : String(error)))
    }
    if (overrides.ignore?.length) warnings.push(`ignored (not read): ${listColumns(overrides.ignore)}`)
    const values = readRows(bin, width, rows)
    const chosenWidth = request.binWidth ?? parsed.binWidth
    warnings.push(...parsed.notes)
    if (chosenWidth === null) warnings.push('No time column: give the bin width in seconds')
    return {
      fileName: request.fileName,
      rows: parsed.rows,
      columns: parsed.header.map((name, c) => ({ name, role: roles[c], sample: Array.from({ length: rows }, (_, r) => values[r * width + c]) })),
      binWidth: chosenWidth ?? 0,
      durationSeconds: chosenWidth ? chosenWidth * parsed.rows : 0,
      warnings,
      problems: parsed.problems,
      problemCount: parsed.problemCount,
    }
  })
}

function datasetInfo(row: StoredDataset): DatasetInfo {
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

/** Errors of the import said in the wizard's words (same error class, so its status is kept). */
async function inAppWords<T>(act: () => Promise<T>): Promise<T> {
  try {
    return await act()
  } catch (error) {
    if (error instanceof Error) error.message = forApp(error.message)
    throw error
  }
}

export function importCsvSource(store: Store, request: LabParsedRequest<'importDataset'>, sources: CsvSources): Promise<DatasetInfo> {
  return withCsvFile(request, sources, async (path) => {
    const options = { name: request.name, ...roleOverrides(request.roles), ...(request.binWidth ? { binWidth: request.binWidth } : {}) }
    // A chosen file is recorded where it lives; text and uploads only have the name the user picked.
    const source = request.fileHandle !== undefined ? path : `${request.fileName} (uploaded)`
    const report = await inAppWords(() => importCsv(store, path, options, undefined, source))
    if (request.uploadId !== undefined) rmSync(path, { force: true })
    return datasetInfo(report.dataset)
  })
}

export function listDatasetInfos(store: Store): DatasetInfo[] {
  return listDatasets(store).map(datasetInfo)
}

function notFound(ref: string): Error {
  return Object.assign(new Error(`no dataset "${ref}"`), { status: 404 })
}

/** The runs that use a dataset (specs name it by id: submit resolved every reference). */
function usage(store: Store, row: StoredDataset): { runs: string[]; total: number } {
  return runsUsingDataset(store, row.id)
}

export function datasetDetail(store: Store, ref: string, rows: number): DatasetDetail {
  const row = findDataset(store, ref)
  if (!row) throw notFound(ref)
  const columns = row.meta.columns
  const shown = Math.min(rows, row.meta.rows)
  const values = readRows(datasetPath(store, row), columns.length, shown)
  return {
    ...datasetInfo(row),
    source: row.source,
    notes: (row.meta.notes as string[] | undefined) ?? [],
    columns: columns.map((c, i) => ({ name: c.name, role: c.role, sample: Array.from({ length: shown }, (_, r) => values[r * columns.length + i]) })),
    usedBy: usage(store, row),
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
  const used = usage(store, row)
  if (used.total > 0) {
    const more = used.total > used.runs.length ? ` and ${used.total - used.runs.length} more` : ''
    throw Object.assign(new Error(`dataset ${row.id} "${row.name}" is used by ${used.total} run${used.total === 1 ? '' : 's'} (${used.runs.join(', ')}${more}): delete those first`), { status: 409 })
  }
  deleteDataset(store, row.id)
  rmSync(datasetPath(store, row), { force: true })
  return { deleted: row.id }
}
