/**
 * Real-data import: a CSV of binned spike counts or rates becomes a binary file beside the database plus a row in
 * the datasets table, once per content hash. An import lands whole or not at all: the store is unchanged on error.
 */
import { createHash, randomBytes } from 'node:crypto'
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { z } from 'zod'
import type { Store } from '../store/store'
import { type StoredDataset, datasetPath, findDatasetByHash, insertDataset } from './records'
import { formatSeconds, parseCsvToBinary } from './csvParse'
import { CsvError, listColumns } from './csvError'
import { encodeTrailer } from './datasetFile'
import { importTempName } from '../store/dataDir'
import { decideRoles } from './roles'
import { statRegularFile } from '../files/regularFile'
import type { CsvSourceHooks } from './csvSource'
import { CLI_WORDS, type ImportWords } from './importWords'
import { BIN_WIDTH_RANGE } from '../../src-shared/util/decimal'

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

/** How an import is carried out and reported; none of it changes what is stored. */
interface ImportHow {
  /** Called every few thousand rows. */
  onProgress?: (rows: number) => void
  /** What the dataset records as its origin (default: the file's absolute path; an upload gives its file name). */
  source?: string
  /** Test hooks into the read. */
  hooks?: CsvSourceHooks
  /** Whose words errors advise in (default: the command line's flags; the wizard passes its own). */
  words?: ImportWords
}

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

/**
 * Import a CSV into the store (or find the earlier import of the same content). Throws a CsvError on bad input.
 * Two imports of one file at once (two processes) both end with the one row: the second finds the first's in its
 * transaction and drops its own file.
 */
export async function importCsv(store: Store, path: string, input: ImportOptions = {}, how: ImportHow = {}): Promise<ImportReport> {
  const parsedOptions = ImportOptions.safeParse(input)
  if (!parsedOptions.success) throw new CsvError(`import options: ${parsedOptions.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  const options = parsedOptions.data
  const file = basename(path)
  statRegularFile(path, 'CSV', (message) => new CsvError(message.replace(`CSV ${path}:`, `${file}:`).replace(`CSV ${path}`, file)))
  return importNew(store, path, file, options, { ...how, source: how.source ?? resolve(path) })
}

async function importNew(store: Store, path: string, file: string, options: ImportOptions, how: ImportHow & { source: string }): Promise<ImportReport> {
  const words = how.words ?? CLI_WORDS
  mkdirSync(store.dataDir, { recursive: true })
  const temp = join(store.dataDir, importTempName(process.pid, Date.now().toString(36) + randomBytes(4).toString('hex')))
  let final = ''
  let landed = false
  try {
    // One read: the hash is of the bytes parsed, so a file changing meanwhile cannot be stored under another's hash.
    const parsed = await parseCsvToBinary(path, temp, { time: options.time, ignore: options.ignore, onProgress: how.onProgress, source: how.hooks, words })
    const hash = contentHash((x) => x.update(parsed.digest), options)
    final = join(store.dataDir, `${hash.slice(0, 16)}.ilds`)
    const known = findDatasetByHash(store, hash)
    if (known) {
      rmSync(temp, { force: true })
      if (!existsSync(datasetPath(store, known))) throw new CsvError(`${file} was imported as ${known.id}, but its file ${datasetPath(store, known)} is missing`)
      return { dataset: known, reused: true, notes: [`already imported as ${known.id}`, ...((known.meta.notes as string[] | undefined) ?? [])] }
    }
    const time = parsed.time >= 0 ? parsed.header[parsed.time] : null
    const decision = decideRoles(parsed.profiles, { ...options, time, timeBy: options.time ? 'flag' : 'name' }, file, words)
    const binWidth = options.binWidth ?? parsed.binWidth
    if (binWidth === null) {
      throw new CsvError(`${file}: no time column to read the bin width from (columns: ${listColumns(parsed.header)}); ${words.giveBinWidth(true)}`)
    }
    if (!(binWidth >= BIN_WIDTH_RANGE.min && binWidth <= BIN_WIDTH_RANGE.max)) {
      throw new CsvError(`${file}: a bin width of ${binWidth} s is outside ${BIN_WIDTH_RANGE.min} to ${BIN_WIDTH_RANGE.max} s (a unit error?); ${words.giveBinWidth(false)}`)
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
        source: how.source,
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
