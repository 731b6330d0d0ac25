/**
 * Writing while another process holds SQLite's write lock (the app and a CLI on one file, a long import, a sweep
 * being created). Each attempt already waits up to the busy timeout inside SQLite (its busy handler backs off);
 * state changes are then tried again, with a growing pause, until a deadline, so a lock held longer than the busy
 * timeout delays them but never loses them. Progress is not worth waiting for: it is dropped when the lock is taken.
 */
import type Database from 'better-sqlite3'

/** SQLite's wait inside one attempt. */
export const BUSY_TIMEOUT_MS = 5000
/** How long a state change keeps trying before it gives up (and the caller's error says why). */
const STATE_WRITE_DEADLINE_MS = 10 * 60_000

/** True while a browser-mode request runs its synchronous part: a locked store is not waited for (failFastOnLocks). */
let failFast = false

export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED'
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** Run a state-changing write, retrying while the database is locked, up to `deadlineMs`. */
export function retryWhileBusy<T>(write: () => T, deadlineMs = STATE_WRITE_DEADLINE_MS): T {
  const giveUpAt = Date.now() + deadlineMs
  for (let attempt = 0; ; attempt++) {
    try {
      return write()
    } catch (error) {
      if (!isBusy(error) || failFast || Date.now() >= giveUpAt) throw error
      pause(Math.min(1000, 25 * 2 ** attempt))
    }
  }
}

/** Run a write that may be skipped (progress): no waiting for the lock; false when it was taken. */
export function unlessBusy(db: Database.Database, write: () => void): boolean {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number
  db.pragma('busy_timeout = 0')
  try {
    write()
    return true
  } catch (error) {
    if (isBusy(error)) return false
    throw error
  } finally {
    db.pragma(`busy_timeout = ${timeout}`)
  }
}

/**
 * Run `fn` (synchronously) without ever waiting for another process's write lock: SQLite's busy timeout is 0 and
 * retryWhileBusy does not retry, so a locked store throws SQLITE_BUSY at once. Browser mode runs each request's
 * synchronous part like this: its main thread never blocks on a lock, so other requests (reads above all, which
 * WAL never makes wait for a writer) are answered meanwhile; the server retries the request asynchronously.
 */
export function failFastOnLocks<T>(db: Database.Database, fn: () => T): T {
  return withLockWaits(db, false, fn)
}

/** The opposite, inside a fail-fast section: work that must not be half-done by a lock (the scheduler's state). */
export function waitForLocks<T>(db: Database.Database, fn: () => T): T {
  return withLockWaits(db, true, fn)
}

function withLockWaits<T>(db: Database.Database, wait: boolean, fn: () => T): T {
  if (failFast === !wait) return fn()
  const saved = failFast
  failFast = !wait
  db.pragma(`busy_timeout = ${wait ? BUSY_TIMEOUT_MS : 0}`)
  try {
    return fn()
  } finally {
    failFast = saved
    db.pragma(`busy_timeout = ${saved ? 0 : BUSY_TIMEOUT_MS}`)
  }
}
