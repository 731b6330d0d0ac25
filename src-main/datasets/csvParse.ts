/**
 * Streaming CSV → float64 rows on disk (csv-parse's stream API): one pass, memory bounded by one write chunk, so a
 * 1 GB file never sits in memory. Every bad cell stops the import with the file, line and column named.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs'
import { once } from 'node:events'
import { basename } from 'node:path'
import { parse } from 'csv-parse'
import type { ColumnProfile } from './roles'
import { looksLikeTime, timeUnitSeconds } from './roles'

export interface ParseOptions {
  /** Time column by name; null = none; undefined = detect by name. */
  time?: string | null
  /** Called every few thousand rows (the import report, the memory test). */
  onProgress?: (rows: number) => void
}

export interface ParsedCsv {
  header: string[]
  profiles: ColumnProfile[]
  rows: number
  /** Index of the time column used for the bin width and the monotonicity check, or -1. */
  time: number
  /** Seconds per bin from the time column (null without one). */
  binWidth: number | null
  /** Largest deviation of a time step from the mean step, relative to it. */
  binJitter: number
  notes: string[]
}

export class CsvError extends Error {}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/
/** Rows per write: about 1 MB of values whatever the width. */
const CHUNK_VALUES = 1 << 17

/** Parse `path`, writing each row's values (float64, row-major) to `out`. Rejects with a CsvError naming the place. */
export async function parseCsvToBinary(path: string, out: string, options: ParseOptions = {}): Promise<ParsedCsv> {
  const file = basename(path)
  const input = createReadStream(path)
  const parser = parse({ info: true, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true })
  const sink = createWriteStream(out)
  input.on('error', (e) => parser.destroy(e))
  input.pipe(parser)
  try {
    return await consume(parser, sink, file, options)
  } catch (error) {
    input.destroy()
    parser.destroy()
    if (error instanceof CsvError) throw error
    const e = error as Error & { code?: string; lines?: number }
    if (e.code === 'ENOENT') throw new CsvError(`${file}: no such file`)
    if (e.code?.startsWith('CSV_')) throw new CsvError(`${file}${e.lines ? ` line ${e.lines}` : ''}: ${e.message}`)
    throw error
  } finally {
    sink.end()
    await once(sink, 'close').catch(() => undefined)
  }
}

async function consume(parser: AsyncIterable<{ record: string[]; info: { lines: number } }>, sink: WriteStream, file: string, options: ParseOptions): Promise<ParsedCsv> {
  let header: string[] | null = null
  let cols = 0
  let chunk = new Float64Array(0)
  let prevRow = new Float64Array(0)
  let rowsPerChunk = 0
  let inChunk = 0
  let rows = 0
  let time = -1
  let profiles: ColumnProfile[] = []
  let firstTime = 0
  let prevTime = 0
  let minStep = Infinity
  let maxStep = -Infinity
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
      header = readHeader(record, file)
      cols = header.length
      rowsPerChunk = Math.max(16, Math.floor(CHUNK_VALUES / cols))
      chunk = new Float64Array(rowsPerChunk * cols)
      prevRow = new Float64Array(cols)
      profiles = header.map((name) => ({ name, min: Infinity, max: -Infinity, allIntegers: true, increasing: true }))
      if (options.time) {
        time = header.indexOf(options.time)
        if (time < 0) throw new CsvError(`${file}: --time "${options.time}": no such column (columns: ${header.join(', ')})`)
      } else if (options.time !== null) {
        time = header.findIndex(looksLikeTime)
      }
      continue
    }
    if (record.length !== cols) {
      throw new CsvError(`${file} line ${line}: ${record.length} cells, but the header has ${cols} columns (ragged row)`)
    }
    const base = inChunk * cols
    for (let c = 0; c < cols; c++) {
      const cell = record[c]
      if (cell === '') throw new CsvError(`${file} line ${line}, column "${header[c]}": empty cell`)
      if (!NUMBER.test(cell)) {
        const what = /^[-+]?(nan|inf(inity)?)$/i.test(cell) ? `${cell} (NaN and infinities are not data)` : `"${cell}" is not a number`
        throw new CsvError(`${file} line ${line}, column "${header[c]}": ${what}`)
      }
      const v = Number(cell)
      chunk[base + c] = v
      const p = profiles[c]
      if (v < p.min) p.min = v
      if (v > p.max) p.max = v
      if (p.allIntegers && !Number.isInteger(v)) p.allIntegers = false
      if (rows > 0 && p.increasing && !(v > prevRow[c])) p.increasing = false
    }
    if (time >= 0) {
      const t = chunk[base + time]
      if (rows === 0) firstTime = t
      else {
        const step = t - prevTime
        if (!(step > 0)) {
          throw new CsvError(`${file} line ${line}, column "${header[time]}": time ${record[time]} does not come after the previous row's ${prevTime} (time must increase)`)
        }
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
  if (rows === 0) throw new CsvError(`${file}: a header but no data rows`)
  await flush()
  options.onProgress?.(rows)
  const notes: string[] = []
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
  return { header, profiles, rows, time, binWidth, binJitter, notes }
}

function readHeader(record: string[], file: string): string[] {
  if (record.every((cell) => NUMBER.test(cell))) {
    throw new CsvError(`${file} line 1: looks like data, not a header (the first row must name the columns)`)
  }
  const seen = new Map<string, number>()
  record.forEach((name, c) => {
    if (name === '') throw new CsvError(`${file} line 1, column ${c + 1}: empty column name`)
    const first = seen.get(name)
    if (first !== undefined) throw new CsvError(`${file} line 1: duplicate column name "${name}" (columns ${first + 1} and ${c + 1})`)
    seen.set(name, c)
  })
  return record
}

export function formatSeconds(s: number): string {
  return s < 1 ? `${+(s * 1000).toPrecision(6)} ms` : `${+s.toPrecision(6)} s`
}
