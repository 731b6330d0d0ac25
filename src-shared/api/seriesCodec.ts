/**
 * A series as a compact binary blob instead of JSON text: a run's curves are ~150 KB of digits as text, an eighth of
 * that and no number formatting as raw doubles. Layout (little-endian):
 *   bytes 0..3   magic "ISB1"
 *   bytes 4..7   flags: bit 0 = x present, bit 1 = x stored as int32 (every x an integer in range: steps, indices)
 *   bytes 8..11  n, the number of points
 *   bytes 12..15 the label's length in UTF-16 code units (0: no label; 2^32 - 1: an empty label)
 *   the label as UTF-16 code units (any JS string round-trips), zero-padded to a multiple of 8 bytes
 *   y: n float64, then x: n float64 (or n int32) when present
 * A non-finite value (NaN, ±Infinity) or null is stored as NaN and read back as null: what JSON text stored and
 * returned for them, so old (JSON) and new (binary) rows read the same. Finite doubles come back bit for bit.
 * A series this layout cannot hold (other fields, x of another length, non-numbers) stays JSON text.
 */
import type { EncodedRunResult, RunResult, Series } from './results'

const MAGIC = 0x31425349 // "ISB1" read as a little-endian u32
const HEADER = 16
const HAS_X = 1
const X_INT32 = 2
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

const isNumeric = (values: unknown): values is Array<number | null> =>
  Array.isArray(values) && values.every((v) => v === null || typeof v === 'number')

/** The blob for a series, or null when the layout cannot hold it (the caller stores JSON text instead). */
export function encodeSeries(series: Series): Uint8Array | null {
  const keys = Object.keys(series)
  if (keys.some((k) => k !== 'x' && k !== 'y' && k !== 'label')) return null
  const { x, y, label } = series
  if (!isNumeric(y)) return null
  if (x !== undefined && (!isNumeric(x) || x.length !== y.length)) return null
  if (label !== undefined && typeof label !== 'string') return null
  const labelUnits = label?.length ?? 0
  // a label that is there but empty must come back as '' (not absent): flag it by a length of 2^32 - 1
  const labelLength = label === '' ? 0xffffffff : labelUnits
  const labelPadded = Math.ceil((2 * labelUnits) / 8) * 8
  const n = y.length
  const xInt = x !== undefined && x.every((v) => v !== null && (v | 0) === v && !Object.is(v, -0))
  const bytes = new Uint8Array(HEADER + labelPadded + 8 * n + (x ? (xInt ? 4 : 8) * n : 0))
  const view = new DataView(bytes.buffer)
  view.setUint32(0, MAGIC, true)
  view.setUint32(4, x ? (xInt ? HAS_X | X_INT32 : HAS_X) : 0, true)
  view.setUint32(8, n, true)
  view.setUint32(12, labelLength, true)
  for (let i = 0; i < labelUnits; i++) view.setUint16(HEADER + 2 * i, label!.charCodeAt(i), true)
  const write = (values: Array<number | null>, at: number) => {
    if (littleEndian) {
      const doubles = new Float64Array(bytes.buffer, at, n)
      for (let i = 0; i < n; i++) doubles[i] = values[i] ?? NaN
    } else {
      for (let i = 0; i < n; i++) view.setFloat64(at + 8 * i, values[i] ?? NaN, true)
    }
  }
  write(y, HEADER + labelPadded)
  if (x && xInt) for (let i = 0; i < n; i++) view.setInt32(HEADER + labelPadded + 8 * n + 4 * i, x[i]!, true)
  else if (x) write(x, HEADER + labelPadded + 8 * n)
  return bytes
}

/** Whether stored bytes are a series blob (rather than JSON text stored as a blob by some other tool). */
export function isSeriesBlob(bytes: Uint8Array): boolean {
  return bytes.byteLength >= HEADER && new DataView(bytes.buffer, bytes.byteOffset, HEADER).getUint32(0, true) === MAGIC
}

/** The series a blob holds; throws naming `where` (run and series) when the blob is cut short or not one. */
export function decodeSeries(bytes: Uint8Array, where: string): Series {
  if (!isSeriesBlob(bytes)) throw new Error(`${where}: stored series is not a series blob (bad header)`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const flags = view.getUint32(4, true)
  const n = view.getUint32(8, true)
  const labelField = view.getUint32(12, true)
  const labelLength = labelField === 0xffffffff ? 0 : labelField
  const labelPadded = Math.ceil((2 * labelLength) / 8) * 8
  const hasX = (flags & HAS_X) !== 0
  const xInt = (flags & X_INT32) !== 0
  const expected = HEADER + labelPadded + 8 * n + (hasX ? (xInt ? 4 : 8) * n : 0)
  if (bytes.byteLength !== expected) {
    throw new Error(`${where}: stored series blob has ${bytes.byteLength} bytes where its header says ${expected}`)
  }
  const read = (at: number): Array<number | null> => {
    const out = new Array<number | null>(n)
    if (littleEndian) {
      // copy into an aligned buffer: SQLite's bytes need not start on an 8-byte boundary (and a Node Buffer's slice
      // is a view of a shared pool, so copy explicitly)
      const aligned = new Uint8Array(8 * n)
      aligned.set(bytes.subarray(at, at + 8 * n))
      const doubles = new Float64Array(aligned.buffer)
      for (let i = 0; i < n; i++) out[i] = Number.isFinite(doubles[i]) ? doubles[i] : null
    } else {
      for (let i = 0; i < n; i++) {
        const v = view.getFloat64(at + 8 * i, true)
        out[i] = Number.isFinite(v) ? v : null
      }
    }
    return out
  }
  // keys in the order the lab writes them ({ x, y, label }), so a JSON export prints the same text as from JSON rows
  const y = read(HEADER + labelPadded) as number[]
  const xAt = HEADER + labelPadded + 8 * n
  const readX = () => (xInt ? Array.from({ length: n }, (_, i) => view.getInt32(xAt + 4 * i, true)) : (read(xAt) as number[]))
  const series: Series = hasX ? { x: readX(), y } : { y }
  if (labelField !== 0) {
    let label = ''
    for (let i = 0; i < labelLength; i++) label += String.fromCharCode(view.getUint16(HEADER + 2 * i, true))
    series.label = label
  }
  return series
}

/** A stored series row's data: JSON text (rows written before the binary layout) or a blob. */
export function readStoredSeries(data: string | Uint8Array, where: string): Series {
  return typeof data === 'string' ? (JSON.parse(data) as Series) : decodeSeries(data, where)
}

/** A run's result as the worker sends it: each series encoded (JSON text where the blob layout cannot hold it), each model as JSON text. */
export function encodeRunResult(result: RunResult): EncodedRunResult {
  const series = Object.fromEntries(Object.entries(result.series).map(([name, value]) => [name, encodeSeries(value) ?? JSON.stringify(value)]))
  const models = Object.fromEntries(Object.entries(result.models).map(([name, value]) => [name, JSON.stringify(value)]))
  return { ...result, series, models }
}
