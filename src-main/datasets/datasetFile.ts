/**
 * The binary dataset file beside the database: row-major float64 values (little-endian), then a JSON trailer
 * describing them, its byte length (uint32 LE) and the magic `IMPLDS01`. Data first so an import can stream rows
 * to disk and append the description once the last row (and the dataset id) is known.
 */
import { closeSync, openSync, readFileSync, readSync, fstatSync } from 'node:fs'
import { z } from 'zod'
import type { DatasetTable } from '../../src-shared/api/dataset'
import { DatasetColumn } from '../../src-shared/data/columnRoles'

const MAGIC = 'IMPLDS01'

const DatasetTrailer = z.object({
  id: z.string().min(1),
  name: z.string(),
  columns: z.array(DatasetColumn).min(1),
  binWidth: z.number().positive(),
  rows: z.number().int().min(1),
  hash: z.string(),
})
type DatasetTrailer = z.infer<typeof DatasetTrailer>

/** The bytes to append after the values. */
export function encodeTrailer(trailer: DatasetTrailer): Buffer {
  const json = Buffer.from(JSON.stringify(trailer), 'utf8')
  const len = Buffer.alloc(4)
  len.writeUInt32LE(json.length)
  return Buffer.concat([json, len, Buffer.from(MAGIC, 'ascii')])
}

function readTrailer(fd: number, size: number, file: string): { trailer: DatasetTrailer; dataBytes: number } {
  const tail = Buffer.alloc(12)
  if (size < 12) throw new Error(`${file}: not an Impulse Lab dataset file (too short)`)
  readSync(fd, tail, 0, 12, size - 12)
  if (tail.toString('ascii', 4) !== MAGIC) throw new Error(`${file}: not an Impulse Lab dataset file (bad magic)`)
  const jsonLength = tail.readUInt32LE(0)
  const json = Buffer.alloc(jsonLength)
  readSync(fd, json, 0, jsonLength, size - 12 - jsonLength)
  const parsed = DatasetTrailer.safeParse(JSON.parse(json.toString('utf8')))
  if (!parsed.success) throw new Error(`${file}: damaged dataset description: ${parsed.error.issues.map((i) => i.path.join('.') + ' ' + i.message).join('; ')}`)
  const dataBytes = size - 12 - jsonLength
  const expected = parsed.data.rows * parsed.data.columns.length * 8
  if (dataBytes !== expected) throw new Error(`${file}: holds ${dataBytes} bytes of values, expected ${expected}`)
  return { trailer: parsed.data, dataBytes }
}

/** Only the description (cheap: reads the end of the file). */
export function readDatasetTrailer(file: string): DatasetTrailer {
  const fd = openSync(file, 'r')
  try {
    return readTrailer(fd, fstatSync(fd).size, file).trailer
  } finally {
    closeSync(fd)
  }
}

/** Load a dataset file as the table a procedure sees (the worker calls this). */
export function loadDatasetFile(file: string): DatasetTable {
  const fd = openSync(file, 'r')
  let trailer: DatasetTrailer
  let dataBytes: number
  try {
    ;({ trailer, dataBytes } = readTrailer(fd, fstatSync(fd).size, file))
  } finally {
    closeSync(fd)
  }
  const bytes = readFileSync(file)
  // A Float64Array view needs 8-byte alignment; copy when Node's buffer does not start on one.
  const values =
    bytes.byteOffset % 8 === 0
      ? new Float64Array(bytes.buffer, bytes.byteOffset, dataBytes / 8)
      : new Float64Array(new Uint8Array(bytes.buffer, bytes.byteOffset, dataBytes).slice().buffer)
  return { id: trailer.id, name: trailer.name, columns: trailer.columns, binWidth: trailer.binWidth, rows: trailer.rows, values }
}

/** The first `rows` rows of a row-major float64 file with `width` columns (a dataset's values, or a preview's). */
export function readFirstRows(file: string, width: number, rows: number): Float64Array {
  const buffer = Buffer.alloc(rows * width * 8)
  const fd = openSync(file, 'r')
  try {
    readSync(fd, buffer, 0, buffer.length, 0)
  } finally {
    closeSync(fd)
  }
  return new Float64Array(buffer.buffer, buffer.byteOffset, rows * width)
}
