// A store that cannot be written mid-sweep (a full disk, simulated with SQLite's max_page_count through the CLI's
// test hook): the sweep stops with one line naming the file, no run stays 'running', and `resume` finishes it.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { runCliProcess } from '../../helpers/cliProcess'

const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-storefull-'))
after(() => rmSync(dir, { recursive: true, force: true }))

function statusCounts(db: string): Record<string, number> {
  const raw = new Database(db, { readonly: true })
  const rows = raw.prepare(`SELECT status || coalesce(':' || reason, '') AS s, count(*) AS n FROM runs GROUP BY s`).all() as Array<{ s: string; n: number }>
  raw.close()
  return Object.fromEntries(rows.map((r) => [r.s, r.n]))
}

test('a full disk stops the sweep with one line, interrupts the runs in flight, and resume finishes them', { timeout: 180_000 }, async () => {
  const db = join(dir, 'lab.db')
  const spec = join(dir, 'sweep.json')
  // 12 short runs; each stores ~7 pages of results, so 40 pages of room fill up after a few
  writeFileSync(spec, JSON.stringify({ base: { student: { width: 3 }, stopping: { maxSteps: 30 } }, axes: [{ path: 'data.length', values: [2, 3, 4, 5, 6, 7] }], seeds: [0, 1] }))
  assert.equal((await runCliProcess(['runs', '--db', db])).code, 0)

  const full = await runCliProcess(['run', spec, '--db', db, '--workers', '2'], { env: { IMPULSE_LAB_TEST_STORE_ROOM: '40' } })
  assert.equal(full.code, 1, full.stderr)
  const lines = full.stderr.trim().split('\n').filter((l) => l.startsWith('impulse-lab'))
  assert.equal(lines.length, 1, full.stderr)
  assert.match(lines[0], /^impulse-lab: the disk is full: cannot write to the store .*lab\.db \(SQLITE_FULL\); sweep s1 stopped \(\d+ runs interrupted\): free space, then run impulse-lab resume s1$/)
  assert.doesNotMatch(full.stderr, /\n\s+at /, 'no stack trace')
  const stopped = statusCounts(db)
  assert.equal(stopped.running, undefined, `no run left running: ${JSON.stringify(stopped)}`)
  assert.ok((stopped['failed:interrupted'] ?? 0) >= 1, JSON.stringify(stopped))
  assert.ok((stopped.queued ?? 0) >= 1, `the disk filled before the end: ${JSON.stringify(stopped)}`)

  // Still full: resume says so the same way instead of dying.
  const stillFull = await runCliProcess(['resume', 's1', '--db', db, '--workers', '2'], { env: { IMPULSE_LAB_TEST_STORE_ROOM: '0' } })
  assert.equal(stillFull.code, 1)
  assert.match(stillFull.stderr, /impulse-lab: the disk is full: cannot write to the store .*lab\.db/)
  assert.doesNotMatch(stillFull.stderr, /\n\s+at /)

  // Space freed: resume finishes every run.
  const resumed = await runCliProcess(['resume', 's1', '--db', db, '--workers', '2', '--json'])
  assert.equal(resumed.code, 0, resumed.stderr)
  assert.deepEqual(statusCounts(db), { done: 12 })
})
