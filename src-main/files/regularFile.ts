/**
 * Files the lab reads whole (specs, notes, CSVs) must be regular files: a FIFO or a device would block or never end,
 * a directory is not a file at all. The check comes before the read, and its message says what the path is.
 */
import { type Stats, statSync } from 'node:fs'

/** "a directory", "a FIFO (named pipe)", … for a message. */
export function describePathKind(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory'
  if (stat.isFIFO()) return 'a FIFO (named pipe)'
  if (stat.isCharacterDevice()) return 'a character device'
  if (stat.isBlockDevice()) return 'a block device'
  if (stat.isSocket()) return 'a socket'
  if (stat.isFile()) return 'a regular file'
  return 'not a regular file'
}

/**
 * The stat of `path` when it is a regular file (symlinks followed); otherwise an error `makeError(message)` saying
 * what it is instead, or that nothing is there.
 */
export function statRegularFile(path: string, what: string, makeError: (message: string) => Error = (m) => new Error(m)): Stats {
  let stat: Stats
  try {
    stat = statSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw makeError(code === 'ENOENT' ? `${what} ${path}: no such file` : `${what} ${path}: cannot be read (${code ?? (error as Error).message})`)
  }
  if (!stat.isFile()) throw makeError(`${what} ${path} is ${describePathKind(stat)}, not a regular file`)
  return stat
}
