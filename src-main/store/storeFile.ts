/**
 * What may be opened as a run store, decided before anything is written: a file this lab made (its SQLite
 * application_id, or the tables of a store from before the id was set), or a path where no file exists yet. Any other
 * file (another program's database, an empty or corrupt file, a store from a newer build) is refused unchanged:
 * the check opens it read-only, so not even its journal mode is touched.
 */
import Database from 'better-sqlite3'
import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { describePathKind } from '../files/regularFile'

/** 'IMPL' in ASCII: the lab's SQLite application_id (PRAGMA application_id), set on every store it writes. */
export const LAB_APPLICATION_ID = 0x494d504c

const SQLITE_MAGIC = 'SQLite format 3\0'

/** Tables every lab store has had since schema version 1 (how a store from before the application id is known). */
const LAB_TABLES = ['counters', 'sweeps', 'runs', 'metrics', 'series', 'models', 'datasets']

export class StoreFileError extends Error {}

export type StoreFileState = 'new' | 'lab'

/**
 * Check `file` before the store opens it for writing. 'new': nothing is there (the folder must exist unless
 * `createFolder`); 'lab': a store of this lab whose schema this build knows. Anything else throws a StoreFileError
 * naming the path and what it is.
 */
export function checkStoreFile(file: string, options: CheckOptions): StoreFileState {
  const path = resolve(file)
  // SQLite's read-only open of a WAL file leaves -wal and -shm beside it: a refused file gets none left behind
  const sidecars = [`${path}-wal`, `${path}-shm`].filter((p) => !existsSync(p))
  try {
    for (let waited = 0; ; waited += NEW_FILE_POLL_MS) {
      const state = inspect(file, path, options)
      if (state !== 'being-created') return state
      // another process (the app, a second CLI) has just created this file and is writing its schema
      if (waited >= NEW_FILE_WAIT_MS) throw new StoreFileError(`${file} is an empty file (0 bytes) or an SQLite database with no tables, not an impulse-lab store; refusing to write into it`)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, NEW_FILE_POLL_MS)
    }
  } catch (error) {
    for (const p of sidecars) rmSync(p, { force: true })
    throw error
  }
}

interface CheckOptions {
  schemaVersion: number
  createFolder?: boolean
  nativeBinding?: string
}

/** How long a just-created empty file may take to get its schema from the process creating it. */
const NEW_FILE_WAIT_MS = 3000
const NEW_FILE_POLL_MS = 50
/** A file younger than this may be a store another process is creating at this moment. */
const NEW_FILE_AGE_MS = 10_000

function inspect(file: string, path: string, options: CheckOptions): StoreFileState | 'being-created' {
  if (!existsSync(path)) {
    const folder = dirname(path)
    if (!options.createFolder && !existsSync(folder)) throw new StoreFileError(`${file}: no such folder ${folder} (create it first; a store is only created in an existing folder)`)
    return 'new'
  }
  const stat = statSync(path)
  if (!stat.isFile()) throw new StoreFileError(`${file} is ${describePathKind(stat)}, not a store file`)
  const young = Date.now() - stat.mtimeMs < NEW_FILE_AGE_MS
  if (stat.size === 0) {
    if (young) return 'being-created'
    throw new StoreFileError(`${file} is an empty file (0 bytes), not an impulse-lab store; refusing to write into it`)
  }
  const header = Buffer.alloc(SQLITE_MAGIC.length)
  const fd = openSync(path, 'r')
  try {
    readSync(fd, header, 0, header.length, 0)
  } finally {
    closeSync(fd)
  }
  if (header.toString('latin1') !== SQLITE_MAGIC) throw new StoreFileError(`${file} is not an SQLite database (it does not start with SQLite's header), so not an impulse-lab store`)
  let applicationId: number, version: number, tables: string[]
  let db: Database.Database | undefined
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) })
    applicationId = db.pragma('application_id', { simple: true }) as number
    version = db.pragma('user_version', { simple: true }) as number
    tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map((r) => r.name)
  } catch (error) {
    throw new StoreFileError(`${file} is a damaged or unreadable SQLite file (${(error as Error).message}); it was left as it is`)
  } finally {
    db?.close()
  }
  if (applicationId === 0 && version === 0 && tables.length === 0 && young) return 'being-created'
  const labTables = LAB_TABLES.every((t) => tables.includes(t))
  if (applicationId !== LAB_APPLICATION_ID && !(applicationId === 0 && (labTables || (tables.length === 0 && version > options.schemaVersion)))) {
    const what = applicationId === 0 ? `tables ${tables.slice(0, 5).join(', ') || '(none)'}${tables.length > 5 ? ', …' : ''}` : `application id 0x${(applicationId >>> 0).toString(16)}`
    throw new StoreFileError(`${file} is another program's SQLite database (${what}), not an impulse-lab store; it was left as it is`)
  }
  if (version > options.schemaVersion) {
    throw new StoreFileError(`${file}: the database has schema version ${version}; this build knows up to ${options.schemaVersion} (update impulse-lab); it was left as it is`)
  }
  return 'lab'
}
