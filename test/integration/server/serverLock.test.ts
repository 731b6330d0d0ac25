// Browser mode while another process holds the store's write lock: reads are answered at once (WAL never makes a
// reader wait for a writer) and writes are retried without blocking the server: they land after the release, or
// get 503 with Retry-After once the server's retry window has passed.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { startLabHost, type LabHost } from '../../../src-main/server/labHost'
import { expandSweep } from '../../../src-shared/spec/sweep'
import { holdWriteLock } from '../../helpers/writeLock'

const HOLD_MS = 2500
const RETRY_MS = 1000
let host: LabHost
let dir: string
let sweepId: string

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'impulse-lab-serverlock-'))
  const web = join(dir, 'web')
  mkdirSync(web)
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>Impulse Lab</title>')
  host = await startLabHost({ dbPath: join(dir, 'lab.db'), staticDir: web, workers: 1, busyRetryMs: RETRY_MS })
  const sweep = { title: 'held', base: { student: { width: 3 } }, axes: [{ path: 'data.length', values: [2, 3, 4] }], seeds: [0] }
  sweepId = host.store.createSweep({ preset: null, scale: null, title: 'held', spec: sweep as never, runs: expandSweep(sweep) }).sweep.id
})
after(async () => {
  await host?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function call(method: string, body: unknown): Promise<{ status: number; retryAfter: string | null; ms: number; at: number; body: unknown }> {
  const started = Date.now()
  const res = await fetch(`http://127.0.0.1:${host.server.port}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.server.token}` },
    body: JSON.stringify(body),
  })
  const json = await res.json()
  return { status: res.status, retryAfter: res.headers.get('retry-after'), ms: Date.now() - started, at: Date.now(), body: json }
}

test('under a foreign write lock, reads answer within 100 ms; writes land after the release or get 503 + Retry-After', { timeout: 60_000 }, async () => {
  // warm up (first calls compile and prepare statements)
  assert.equal((await call('listSweeps', {})).status, 200)
  assert.equal((await call('listRuns', { sweepId })).status, 200)
  const { released } = await holdWriteLock(host.store.file, HOLD_MS)
  const lockedAt = Date.now()
  // A write sent at once outlives the server's retry window: 503 with Retry-After, the server never blocked.
  const early = call('setNote', { id: sweepId, note: 'early' })
  // A write sent later is still being retried when the lock goes: it lands.
  const late = sleep(HOLD_MS - RETRY_MS / 2).then(() => call('setNote', { id: sweepId, note: 'late' }))
  const reads: number[] = []
  while (Date.now() - lockedAt < HOLD_MS - 300) {
    for (const method of ['listSweeps', 'listRuns'] as const) {
      const read = await call(method, method === 'listRuns' ? { sweepId } : {})
      assert.equal(read.status, 200, JSON.stringify(read.body))
      reads.push(read.ms)
    }
    await sleep(25)
  }
  const releasedAt = await released
  const [first, second] = await Promise.all([early, late])
  assert.ok(reads.length >= 10, `reads made while locked: ${reads.length}`)
  // 100 ms is the guarantee; this machine's 2 cores are shared with other jobs and this process is the client too,
  // so one read in ten may be late from CPU contention alone. A read blocked on the lock would take seconds.
  const sorted = [...reads].sort((a, b) => a - b)
  const p90 = sorted[Math.floor(0.9 * (sorted.length - 1))]
  assert.ok(p90 < 100, `90th percentile read while locked: ${p90} ms (all: ${reads.join(', ')})`)
  assert.ok(sorted[sorted.length - 1] < 500, `slowest read while locked: ${sorted[sorted.length - 1]} ms (all: ${reads.join(', ')})`)
  assert.equal(first.status, 503, JSON.stringify(first.body))
  assert.equal(first.retryAfter, '2')
  assert.match((first.body as { error: string }).error, /locked by another process/)
  assert.equal(second.status, 200, JSON.stringify(second.body))
  assert.ok(second.at >= releasedAt, 'the late write landed after the release')
  assert.equal(host.store.getSweep(sweepId)!.note, 'late')
})
