/**
 * Streaming CSV → float64 rows on disk (csv-parse's stream API): one pass, memory bounded by one write chunk, so a
 * 1 GB file never sits in memory. Every bad cell (up to a cap) is reported with the file, line and column; cells of
 * columns marked `ignore` are not read as numbers, so a bad column can be ignored and the import retried.
 */
import { createWriteStream, type WriteStream } from 'node:fs'
import { once } from 'node:events'
import { basename } from 'node:path'
import { parse } from 'csv-parse'
import type { ColumnProfile } from './roles'
import { looksLikeTime, timeUnitSeconds } from './roles'
import { CsvError, type CsvProblem, listColumns, MAX_LISTED_PROBLEMS, problemsError, quoteCell } from './csvError'
import { type CsvSourceHooks, openCsvSource } from './csvSource'
import { normaliseColumnName } from './columnNames'
import { CLI_WORDS, type ImportWords } from './importWords'

export { CsvError } from './csvError'

interface ParseOptions {
  /** Time column by name; null = none; undefined = detect by name. */
  time?: string | null
  /** Columns whose cells are not read (stored as NaN): a column of notes, or one with bad cells the user gave up on. */
  ignore?: string[]
  /** Called every few thousand rows (the import report, the memory test). */
  onProgress?: (rows: number) => void
  /** Return bad cells in `problems` instead of rejecting (the import wizard's preview); bad cells read as NaN. */
  collectProblems?: boolean
  /** Test hooks into the read (a file changed between reads). */
  source?: CsvSourceHooks
  /** Whose words the advice is in (default: the command line's). */
  words?: ImportWords
}

interface ParsedCsv {
  header: string[]
  profiles: ColumnProfile[]
  rows: number
  /** Index of the time column used for the bin width and the monotonicity check, or -1. */
  time: number
  /** Seconds per bin from the time column (null without one). */
  binWidth: number | null
  /** Largest deviation of a time step from the mean step, relative to it. */
  binJitter: number
  /** The column separator, detected from the header line. */
  delimiter: string
  notes: string[]
  /** Bad cells up to a cap, and how many there were (only with collectProblems; otherwise the parse rejects). */
  problems: CsvProblem[]
  problemCount: number
  /** sha256 of the bytes parsed. */
  digest: Buffer
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/
/** Rows per write: about 1 MB of values whatever the width. */
const CHUNK_VALUES = 1 << 17
const DELIMITERS: Array<[string, string]> = [[',', 'comma'], ['\t', 'tab'], [';', 'semicolon'], ['|', 'vertical bar']]

/** The separator of the header line: the candidate that occurs most often outside quotes (a comma when none does). */
function detectDelimiter(head: Buffer): string {
  const text = head.toString('utf8')
  const line = text.split(/\r?\n/, 1)[0].replace(/"[^"]*"/g, '')
  let best = ','
  let bestCount = 0
  for (const [d] of DELIMITERS) {
    const count = line.split(d).length - 1
    if (count > bestCount) [best, bestCount] = [d, count]
  }
  return best
}

/** Parse `path`, writing each row's values (float64, row-major) to `out`. Rejects with a CsvError naming the place. */
export async function parseCsvToBinary(path: string, out: string, options: ParseOptions = {}): Promise<ParsedCsv> {
  const file = basename(path)
  let source
  try {
    source = openCsvSource(path, file, options.source)
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') throw new CsvError(`${file}: no such file`)
    throw error
  }
  const delimiter = detectDelimiter(source.head(64 * 1024))
  const input = source.stream
  const parser = parse({ delimiter, info: true, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true })
  const sink = createWriteStream(out)
  input.on('error', (e) => parser.destroy(e))
  input.pipe(parser)
  try {
    const parsed = await consume(parser, sink, file, delimiter, options)
    return { ...parsed, digest: source.finish() }
  } catch (error) {
    parser.destroy()
    source.checkUnchanged()
    if (error instanceof CsvError) throw error
    const e = error as Error & { code?: string; lines?: number }
    if (e.code === 'ENOENT') throw new CsvError(`${file}: no such file`)
    // csv-parse's own errors (an unclosed quote, a quote inside a cell): one line, with our file name.
    if (e.code?.startsWith('CSV_') || e.code === 'INVALID_OPENING_QUOTE') throw new CsvError(`${file}${e.lines ? ` line ${e.lines}` : ''}: ${e.message.split('\n')[0].replace(/^Invalid /, 'invalid ').slice(0, 160)}`)
    throw error
  } finally {
    source.close()
    sink.end()
    await once(sink, 'close').catch(() => undefined)
  }
}

/** What is wrong with one cell, or null when it is a number. */
function cellProblem(cell: string): string | null {
  if (cell === '') return 'empty cell'
  if (!NUMBER.test(cell)) {
    if (/^[-+]?\d+,\d+$/.test(cell)) return `${quoteCell(cell)} is not a number (a decimal comma? write 1.5, not 1,5)`
    return /^[-+]?(nan|inf(inity)?)$/i.test(cell) ? `${cell} (NaN and infinities are not data)` : `${quoteCell(cell)} is not a number`
  }
  if (!Number.isFinite(Number(cell))) return `${quoteCell(cell)} is too large for a 64-bit number (overflows to infinity)`
  return null
}

async function consume(parser: AsyncIterable<{ record: string[]; info: { lines: number } }>, sink: WriteStream, file: string, delimiter: string, options: ParseOptions): Promise<Omit<ParsedCsv, 'digest'>> {
  let header: string[] | null = null
  let cols = 0
  let chunk = new Float64Array(0)
  let prevRow = new Float64Array(0)
  let read: boolean[] = []
  let rowsPerChunk = 0
  let inChunk = 0
  let rows = 0
  let time = -1
  let profiles: ColumnProfile[] = []
  let firstTime = 0
  let prevTime = 0
  let minStep = Infinity
  let maxStep = -Infinity
  const problems: CsvProblem[] = []
  let problemCount = 0
  const report = (line: number, column: string | null, message: string) => {
    problemCount++
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push({ line, column, message })
  }
  const flush = async () => {
    if (inChunk === 0) return
    const bytes = Buffer.from(chunk.buffer, 0, inChunk * cols * 8)
    // The buffer is reused: copy so the stream never sees it change under a pending write.
    if (!sink.write(Buffer.from(bytes))) await once(sink, 'drain')
    inChunk = 0
  }
  for await (const { record, info } of parser) {
    const line = info.lines
    if (header === null) {
      header = readHeader(record, file, delimiter)
      cols = header.length
      rowsPerChunk = Math.max(16, Math.floor(CHUNK_VALUES / cols))
      chunk = new Float64Array(rowsPerChunk * cols)
      prevRow = new Float64Array(cols)
      const ignored = new Set(options.ignore ?? [])
      read = header.map((name) => !ignored.has(name))
      profiles = header.map((name) => ({ name, min: Infinity, max: -Infinity, allIntegers: true, increasing: true }))
      if (options.time) {
        time = header.indexOf(options.time)
        if (time < 0) throw new CsvError(`${file}: ${(options.words ?? CLI_WORDS).choiceOf('time', quoteCell(options.time))}: no such column (columns: ${listColumns(header)})`)
      } else if (options.time !== null) {
        time = header.findIndex((name, c) => read[c] && looksLikeTime(name))
      }
      continue
    }
    if (record.length !== cols) {
      report(line, null, `${record.length} cells, but the header has ${cols} columns (ragged row)`)
      continue
    }
    const base = inChunk * cols
    let timeOk = true
    for (let c = 0; c < cols; c++) {
      if (!read[c]) {
        chunk[base + c] = NaN
        continue
      }
      const cell = record[c]
      const problem = cellProblem(cell)
      if (problem !== null) {
        report(line, header[c], problem)
        chunk[base + c] = NaN
        if (c === time) timeOk = false
        continue
      }
      const v = Number(cell)
      chunk[base + c] = v
      const p = profiles[c]
      if (v < p.min) p.min = v
      if (v > p.max) p.max = v
      if (p.allIntegers && !Number.isInteger(v)) p.allIntegers = false
      if (rows > 0 && p.increasing && !(v > prevRow[c])) p.increasing = false
    }
    if (time >= 0 && timeOk) {
      const t = chunk[base + time]
      if (rows === 0) firstTime = t
      else {
        const step = t - prevTime
        if (!(step > 0)) report(line, header[time], `time ${record[time].slice(0, 40)} does not come after the previous row's ${prevTime} (time must increase)`)
        if (step < minStep) minStep = step
        if (step > maxStep) maxStep = step
      }
      prevTime = t
    }
    prevRow.set(chunk.subarray(base, base + cols))
    rows++
    inChunk++
    if (inChunk === rowsPerChunk) {
      await flush()
      options.onProgress?.(rows)
    }
  }
  if (header === null) throw new CsvError(`${file}: empty file (no header row, no data)`)
  if (problemCount > 0 && !options.collectProblems) throw problemsError(file, problems, problemCount)
  if (rows === 0) throw new CsvError(`${file}: a header but no data rows`)
  await flush()
  options.onProgress?.(rows)
  const notes: string[] = []
  const named = DELIMITERS.find(([d]) => d === delimiter)?.[1] ?? delimiter
  if (delimiter !== ',') notes.push(`columns separated by ${named} (detected from the header line)`)
  let binWidth: number | null = null
  let binJitter = 0
  if (time >= 0 && rows > 1) {
    const unit = timeUnitSeconds(header[time])
    const mean = (prevTime - firstTime) / (rows - 1)
    binWidth = mean * unit
    binJitter = Math.max(maxStep - mean, mean - minStep) / mean
    notes.push(`bin width ${formatSeconds(binWidth)} from column "${header[time]}"${unit !== 1 ? ` (read as ${unit === 1e-3 ? 'milliseconds' : 'minutes'})` : ''}`)
    if (binJitter > 0.01) notes.push(`warning: time steps vary by up to ${(binJitter * 100).toFixed(1)}% of the mean bin`)
  }
  return { header, profiles, rows, time, binWidth, binJitter, delimiter, notes, problems, problemCount }
}

function readHeader(record: string[], file: string, delimiter: string): string[] {
  if (record.every((cell) => NUMBER.test(cell))) {
    throw new CsvError(`${file} line 1: looks like data, not a header (the first row must name the columns)`)
  }
  if (record.length === 1 && /[\s,;|]/.test(record[0]) && delimiter === ',') {
    throw new CsvError(`${file} line 1: one column ${quoteCell(record[0])}: columns must be separated by commas, tabs, semicolons or |`)
  }
  const seen = new Map<string, number>()
  // BOMs, zero-width characters and odd spaces inside a name would make invisible near-duplicates
  record = record.map(normaliseColumnName)
  record.forEach((name, c) => {
    if (name === '') throw new CsvError(`${file} line 1, column ${c + 1}: empty column name`)
    const first = seen.get(name)
    if (first !== undefined) throw new CsvError(`${file} line 1: duplicate column name ${quoteCell(name)} (columns ${first + 1} and ${c + 1})`)
    seen.set(name, c)
  })
  return record
}

export function formatSeconds(s: number): string {
  return s < 1 ? `${+(s * 1000).toPrecision(6)} ms` : `${+s.toPrecision(6)} s`
}
