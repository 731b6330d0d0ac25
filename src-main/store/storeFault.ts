/**
 * A store that cannot be written: the disk (or SQLite's page limit) is full, or the file system failed a read or
 * write. Not retried like a lock (busy.ts): the sweep stops, its runs in flight are interrupted, and `resume`
 * finishes them once the cause is fixed. The message names the file, so a user knows which disk to free.
 */

/** SQLITE_FULL, or an I/O error (SQLITE_IOERR and its extended codes). */
export function isStoreFault(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR'))
}

export class StoreWriteError extends Error {
  constructor(
    readonly file: string,
    readonly code: string,
    cause?: unknown,
  ) {
    super(
      code === 'SQLITE_FULL'
        ? `the disk is full: cannot write to the store ${file} (${code})`
        : `the store ${file} cannot be written: an I/O error (${code})`,
      { cause },
    )
  }
}

/** `error` as a StoreWriteError naming `file` when it is a store fault; otherwise `error` itself. */
export function asStoreFault(error: unknown, file: string): unknown {
  if (error instanceof StoreWriteError || !isStoreFault(error)) return error
  return new StoreWriteError(file, String((error as { code: string }).code), error)
}

/**
 * Fault injection for tests of a full disk without root or a small file system: IMPULSE_LAB_TEST_STORE_ROOM=<pages>
 * lets this connection grow the file by that many pages only (SQLite's max_page_count), after which writes fail
 * with SQLITE_FULL as on a full disk.
 */
export function limitStoreGrowthForTests(db: { pragma(source: string, options?: { simple: true }): unknown }): void {
  const room = Number(process.env.IMPULSE_LAB_TEST_STORE_ROOM)
  if (!process.env.IMPULSE_LAB_TEST_STORE_ROOM || !Number.isInteger(room) || room < 0) return
  const pages = db.pragma('page_count', { simple: true }) as number
  db.pragma(`max_page_count = ${pages + room}`)
}
