/**
 * Real-data import: a CSV of binned spike counts or rates becomes a binary file beside the database plus a row in
 * the datasets table, once per content hash. An import lands whole or not at all: the store is unchanged on error.
 */
import { createHash } from 'node:crypto'
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { z } from 'zod'
import type { StoredDataset } from '../store/index'
import { type Store, datasetPath, findDatasetByHash, findDatasetsByName, getDataset, insertDataset } from '../store/index'
import { formatSeconds, parseCsvToBinary } from './csvParse'
import { CsvError, listColumns } from './csvError'
import { encodeTrailer } from './datasetFile'
import { importTempName } from '../store/dataDir'
import { decideRoles } from './roles'
import { statRegularFile } from '../files/regularFile'
import type { CsvSourceHooks } from './csvSource'
import { BIN_WIDTH_RANGE } from '../../src-shared/util/decimal'

export { loadDatasetFile, readDatasetTrailer } from './datasetFile'
export { CsvError, type CsvProblem } from './csvError'

/** What a user may choose at import (CLI flags, the app's wizard); validated before anything is read. */
export const ImportOptions = z
  .object({
    name: z.string().min(1).optional(),
    /** Time column by name, or null for none (then binWidth is required). */
    time: z.string().min(1).nullable().optional(),
    neurons: z.array(z.string().min(1)).min(1).optional(),
    behavior: z.array(z.string().min(1)).min(1).optional(),
    ignore: z.array(z.string().min(1)).optional(),
    /** Seconds per bin; overrides the time column's. */
    binWidth: z.number().min(BIN_WIDTH_RANGE.min).max(BIN_WIDTH_RANGE.max).optional(),
  })
  .strict()
export type ImportOptions = z.infer<typeof ImportOptions>

interface ImportReport {
  dataset: StoredDataset
  /** The file was imported before (same content and options): nothing was written. */
  reused: boolean
  /** What was detected: time column, bin width, roles. */
  notes: string[]
}

/** sha256 of the CSV's bytes and the role options (the same bytes read with other roles are another dataset). */
function contentHash(update: (h: ReturnType<typeof createHash>) => void, options: ImportOptions): string {
  const h = createHash('sha256')
  update(h)
  const { name: _name, ...roles } = options
  h.update('\0' + JSON.stringify(roles, Object.keys(roles).sort()))
  return h.digest('hex')
}

function hashFileSync(path: string, options: ImportOptions): string {
  const h = createHash('sha256')
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.alloc(1 << 20)
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) h.update(buf.subarray(0, n))
  } finally {
    closeSync(fd)
  }
  return contentHash((x) => x.update(h.digest()), options)
}

/** Imports in flight in this process by store file, file and its state: concurrent runs naming one CSV share one import. */
const inFlight = new Map<string, Promise<ImportReport>>()

/** Import a CSV into the store (or find the earlier import of the same content). Throws a CsvError on bad input. */
/** `source` is what the dataset records as its origin (default: the file's absolute path; an upload gives its file name). */
export async function importCsv(store: Store, path: string, input: ImportOptions = {}, onProgress?: (rows: number) => void, source?: string, hooks?: CsvSourceHooks): Promise<ImportReport> {
  const parsedOptions = ImportOptions.safeParse(input)
  if (!parsedOptions.success) throw new CsvError(`import options: ${parsedOptions.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  const options = parsedOptions.data
  const file = basename(path)
  const stat = statRegularFile(path, 'CSV', (message) => new CsvError(message.replace(`CSV ${path}:`, `${file}:`).replace(`CSV ${path}`, file)))
  const key = `${store.file}\0${resolve(path)}\0${stat.size}\0${stat.mtimeMs}\0${JSON.stringify(options)}`
  const pending = inFlight.get(key)
  if (pending) return pending.then((r) => ({ ...r, reused: true }))
  const job = importNew(store, path, file, options, onProgress, source ?? resolve(path), hooks)
  inFlight.set(key, job)
  try {
    return await job
  } finally {
    inFlight.delete(key)
  }
}

async function importNew(store: Store, path: string, file: string, options: ImportOptions, onProgress: ((rows: number) => void) | undefined, source: string, hooks: CsvSourceHooks | undefined): Promise<ImportReport> {
  mkdirSync(store.dataDir, { recursive: true })
  const temp = join(store.dataDir, importTempName(process.pid, Date.now().toString(36)))
  let final = ''
  let landed = false
  try {
    // One read: the hash is of the bytes parsed, so a file changing meanwhile cannot be stored under another's hash.
    const parsed = await parseCsvToBinary(path, temp, { time: options.time, ignore: options.ignore, onProgress, source: hooks })
    const hash = contentHash((x) => x.update(parsed.digest), options)
    final = join(store.dataDir, `${hash.slice(0, 16)}.ilds`)
    const known = findDatasetByHash(store, hash)
    if (known) {
      rmSync(temp, { force: true })
      if (!existsSync(datasetPath(store, known))) throw new CsvError(`${file} was imported as ${known.id}, but its file ${datasetPath(store, known)} is missing`)
      return { dataset: known, reused: true, notes: [`already imported as ${known.id}`, ...((known.meta.notes as string[] | undefined) ?? [])] }
    }
    const time = parsed.time >= 0 ? parsed.header[parsed.time] : null
    const decision = decideRoles(parsed.profiles, { ...options, time, timeBy: options.time ? 'flag' : 'name' }, file)
    const binWidth = options.binWidth ?? parsed.binWidth
    if (binWidth === null) {
      throw new CsvError(`${file}: no time column to read the bin width from (columns: ${listColumns(parsed.header)}); give --bin-width SECONDS or --time COLUMN`)
    }
    if (!(binWidth >= BIN_WIDTH_RANGE.min && binWidth <= BIN_WIDTH_RANGE.max)) {
      throw new CsvError(`${file}: a bin width of ${binWidth} s is outside ${BIN_WIDTH_RANGE.min} to ${BIN_WIDTH_RANGE.max} s (a unit error?); give --bin-width SECONDS`)
    }
    const notes = [...decision.notes, ...parsed.notes]
    if (options.binWidth !== undefined) notes.push(`bin width ${formatSeconds(binWidth)} (given)`)
    const columns = parsed.header.map((name, i) => ({ name, role: decision.roles[i] }))
    const count = (role: string) => columns.filter((c) => c.role === role).length
    notes.unshift(`${parsed.rows} rows × ${columns.length} columns: ${count('neuron')} neurons, ${count('behavior')} behaviour, ${count('time')} time, ${count('ignore')} ignored`)
    const dataset = store.transaction(() => {
      // Another process may have imported the same content meanwhile: keep its row, drop our file.
      const raced = findDatasetByHash(store, hash)
      if (raced) return raced
      const row = insertDataset(store, {
        name: options.name ?? file.replace(/\.[^.]*$/, ''),
        hash,
        file: basename(final),
        source,
        meta: { columns, binWidth, rows: parsed.rows, notes, binJitter: parsed.binJitter, options },
      })
      // Inside the transaction: if the file cannot be completed, the row is rolled back with it.
      appendFileSync(temp, encodeTrailer({ id: row.id, name: row.name, columns, binWidth, rows: parsed.rows, hash }))
      renameSync(temp, final)
      landed = true
      return row
    })
    if (!landed) rmSync(temp, { force: true })
    return { dataset, reused: !landed, notes }
  } catch (error) {
    rmSync(temp, { force: true })
    if (landed && final) rmSync(final, { force: true })
    throw error
  }
}

/**
 * A dataset of this store by id or by the name it was imported under (a name used twice must be given as an id),
 * or undefined when `ref` names none.
 */
export function findDataset(store: Store, ref: string): StoredDataset | undefined {
  const byId = getDataset(store, ref)
  if (byId) return byId
  const named = findDatasetsByName(store, ref)
  if (named.length > 1) throw new Error(`"${ref}" names ${named.length} datasets (${named.map((d) => d.id).join(', ')}): give the id`)
  return named[0]
}

function notFound(ref: string): Error {
  return new Error(`"${ref}" is neither a dataset id or name in this store nor a CSV file`)
}

/** A dataset id or name of this store, or a CSV path (imported on first use) → the dataset's binary file. */
export async function resolveDatasetFile(store: Store, ref: string): Promise<string> {
  const known = findDataset(store, ref)
  if (known) return datasetPath(store, known)
  if (existsSync(ref) && statSync(ref).isFile()) return datasetPath(store, (await importCsv(store, ref)).dataset)
  throw notFound(ref)
}

/**
 * A stored dataset's binary file by id or name, never a path: what runs launched over the API (browser mode, the
 * desktop app) may read. A path given there is refused without being opened.
 */
export function storedDatasetFile(store: Store, ref: string): string {
  const known = findDataset(store, ref)
  if (!known) throw new Error(`"${ref}" is not a dataset id or name in this store (import the file first; a path is not accepted here)`)
  return datasetPath(store, known)
}

/** As resolveDatasetFile, without importing: ids, names, and CSV paths already imported with the default roles. */
export function resolveDatasetFileSync(store: Store, ref: string): string {
  const known = findDataset(store, ref)
  if (known) return datasetPath(store, known)
  if (existsSync(ref) && statSync(ref).isFile()) {
    const imported = findDatasetByHash(store, hashFileSync(ref, {}))
    if (imported) return datasetPath(store, imported)
    throw new Error(`${ref} is not imported yet: run impulse-lab import ${ref}`)
  }
  throw notFound(ref)
}
