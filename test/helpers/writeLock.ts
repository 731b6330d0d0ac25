/** Another process holding a store's SQLite write lock, for tests of what waits for it and what does not. */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'

const ROOT = new URL('../../', import.meta.url).pathname

/**
 * Another process takes the write lock (BEGIN IMMEDIATE), says so, holds it `holdMs`, commits. Resolves once the lock
 * is held; `released` is the release time the holder stamps itself (this process may be blocked on the lock then).
 * `busyTimeoutMs` lets the holder itself wait for a lock someone else has when it starts.
 */
export async function holdWriteLock(db: string, holdMs: number, busyTimeoutMs?: number): Promise<{ child: ChildProcess; released: Promise<number> }> {
  const script = `
    const Database = require('better-sqlite3')
    const db = new Database(${JSON.stringify(db)})
    ${busyTimeoutMs === undefined ? '' : `db.pragma('busy_timeout = ${busyTimeoutMs}')`}
    db.exec('BEGIN IMMEDIATE')
    db.prepare("INSERT INTO counters (kind, value) VALUES ('lock-test', 1) ON CONFLICT (kind) DO UPDATE SET value = value + 1").run()
    process.stdout.write('locked\\n')
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${holdMs})
    db.exec('COMMIT')
    process.stdout.write('released ' + Date.now() + '\\n')
  `
  const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout!.on('data', (chunk) => (out += chunk))
  while (!out.includes('locked')) await once(child.stdout!, 'data')
  const released = once(child, 'exit').then(() => Number(/released (\d+)/.exec(out)?.[1]))
  return { child, released }
}
