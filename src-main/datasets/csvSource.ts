/**
 * The bytes of a CSV as the importer parses them, read once: hashed as they stream (so the hash is of what was
 * parsed, never of an earlier or later state of the file), checked to be UTF-8 (Latin-1/Windows-1252 text is refused
 * with its line, not turned into U+FFFD), and checked not to have changed while it was read (size, modification
 * time, the file itself): a file being written or truncated meanwhile is refused, not stored with half its rows.
 */
import { createHash } from 'node:crypto'
import { createReadStream, fstatSync, openSync, readSync, statSync, type ReadStream, type Stats } from 'node:fs'
import { CsvError } from './csvError'
import { statRegularFile } from '../files/regularFile'

export interface CsvSourceHooks {
  /** Called after each chunk is read, with the bytes read so far (tests change the file here). */
  onRead?: (bytes: number) => void
}

export interface CsvSource {
  /** The file's bytes; errors (not UTF-8, read failures) destroy it with a CsvError. */
  readonly stream: ReadStream
  /** The first bytes (for the separator), read before the stream. */
  head(bytes: number): Buffer
  /** After the stream ended: the sha256 of the bytes read; throws a CsvError when the file changed meanwhile. */
  finish(): Buffer
  /** Throws the CsvError saying the file changed, if it did (a parse error at the seam is then not the cause). */
  checkUnchanged(): void
  close(): void
}

const sameFile = (a: Stats, b: Stats) => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino && a.dev === b.dev

export function openCsvSource(path: string, file: string, hooks: CsvSourceHooks = {}): CsvSource {
  statRegularFile(path, 'CSV', (message) => new CsvError(message.replace(path, file)))
  const fd = openSync(path, 'r')
  const before = fstatSync(fd)
  const hash = createHash('sha256')
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let bytes = 0
  let lines = 1
  const changed = (what: string): never => {
    throw new CsvError(`${file} changed while it was being imported (${what}): nothing was stored; import it again once it is complete`)
  }
  const stream = createReadStream('', { fd, autoClose: false })
  stream.on('data', (chunk) => {
    const buffer = chunk as Buffer
    try {
      decoder.decode(buffer, { stream: true })
    } catch {
      const at = firstInvalidUtf8(buffer)
      const line = lines + countNewlines(buffer, at)
      stream.destroy(new CsvError(`${file} line ${line}: byte 0x${buffer[at].toString(16).toUpperCase().padStart(2, '0')} is not UTF-8 (Latin-1 or Windows-1252 text?): save the file as UTF-8`))
      return
    }
    hash.update(buffer)
    bytes += buffer.length
    lines += countNewlines(buffer, buffer.length)
    hooks.onRead?.(bytes)
  })
  return {
    stream,
    head(n) {
      const buffer = Buffer.alloc(n)
      return buffer.subarray(0, readSync(fd, buffer, 0, n, 0))
    },
    finish() {
      this.checkUnchanged()
      if (bytes !== before.size) changed(`${bytes} of ${before.size} bytes read`)
      try {
        decoder.decode()
      } catch {
        throw new CsvError(`${file} line ${lines}: the file ends inside a UTF-8 character (cut off, or not UTF-8)`)
      }
      return hash.digest()
    },
    checkUnchanged() {
      // the fd's own stat only while the stream holds it open (an error destroys the stream, closing the fd)
      const after = stream.destroyed ? before : fstatSync(fd)
      let now: Stats | null = null
      try {
        now = statSync(path)
      } catch {
        // removed or renamed: refused below
      }
      if (!now) changed('removed')
      else if (!sameFile(before, after) || !sameFile(before, now)) changed(`${before.size} → ${now.size} bytes`)
    },
    close() {
      // destroying the stream closes the fd (autoClose only spares it at the stream's end, for finish's fstat)
      stream.destroy()
    },
  }
}

function countNewlines(buffer: Buffer, end: number): number {
  let n = 0
  for (let i = buffer.indexOf(10); i >= 0 && i < end; i = buffer.indexOf(10, i + 1)) n++
  return n
}

/** Index of the first byte of `buffer` that cannot be UTF-8 (0 when it starts mid-sequence). */
function firstInvalidUtf8(buffer: Buffer): number {
  for (let i = 0; i < buffer.length; ) {
    const b = buffer[i]
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1
    if (need < 0) return i
    for (let k = 1; k <= need; k++) {
      if (i + k >= buffer.length) return i + k > buffer.length ? buffer.length - 1 : i
      if ((buffer[i + k] & 0xc0) !== 0x80) return i
    }
    i += need + 1
  }
  return buffer.length - 1
}
