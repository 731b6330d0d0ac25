// Another process holds SQLite's write lock for 8 s, longer than the 5 s busy timeout: the CLI, a running sweep
// (the scheduler the server uses) and the server wait and carry on, and no state change is lost. Sweeps are created in bounded
// transactions, so a large one never holds the lock for long, and one that fails half-way leaves nothing.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Store } from '../../../src-main/store/index'
import { SWEEP_INSERT_CHUNK } from '../../../src-main/store/sweepCreation'
import { Scheduler } from '../../../src-main/runner/index'
import { startLabHost } from '../../../src-main/server/labHost'
import { expandSweep, parseSweepSpec } from '../../../src-shared/spec/sweep'
import { holdWriteLock } from '../../helpers/writeLock'

const ROOT = new URL('../../../', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-lock-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const HOLD_MS = 8000

/** Runs of under a second each (many more than fit in the lock's first 3 s), so some finish early while it is held. */
const sweep = (title: string, runs: number) => ({
  title,
  base: { student: { width: 8 }, stopping: { maxSteps: 50_000 }, metrics: { horizon: 12 } },
  axes: [{ path: 'data.length', values: Array.from({ length: runs }, (_, i) => i + 2) }],
  seeds: [0],
})

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Some run's result was written after the lock was released although its worker had finished well before: it waited. */
function waitedForTheLock(store: Store, sweepId: string, releasedAt: number): boolean {
  return store.sweepRuns(sweepId).some((r) => r.startedAt !== null && r.elapsedMs !== null && r.finishedAt !== null && r.startedAt + r.elapsedMs < releasedAt - 5000 && r.finishedAt >= releasedAt - 50)
}

test('a CLI sweep keeps going while another process holds the write lock for 8 s: it waits, then every run is done', async () => {
  const db = join(dir, 'cli.db')
  const spec = join(dir, 'sweep.json')
  writeFileSync(spec, JSON.stringify(sweep('cli under a lock', 10)))
  const cli = spawn(process.execPath, [join(ROOT, 'bin/impulse-lab.mjs'), 'run', spec, '--db', db, '--json', '--workers', '1'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  cli.stdout!.on('data', (c) => (stdout += c))
  cli.stderr!.on('data', (c) => (stderr += c))
  const exited = once(cli, 'exit')
  const reader = await (async () => {
    await until(() => existsSync(db), 'the database')
    return Store.open(db, { recover: false })
  })()
  await until(() => reader.listRuns({ status: 'running' }).total > 0, 'a running run')
  const lock = await holdWriteLock(db, HOLD_MS, 20_000)
  const [code] = (await exited) as [number]
  const releasedAt = await lock.released
  assert.equal(code, 0, stderr)
  const report = JSON.parse(stdout) as { sweep: { id: string }; runs: Array<{ status: string }> }
  assert.deepEqual(report.runs.map((r) => r.status), Array(10).fill('done'))
  assert.equal(reader.getSweep(report.sweep.id)!.status, 'done')
  assert.ok(waitedForTheLock(reader, report.sweep.id, releasedAt), 'no run finished while the lock was held: the test tested nothing')
  reader.close()
})

test('a running sweep (the scheduler the server uses) keeps going under an 8 s lock: every run ends done, none stuck', async () => {
  const db = join(dir, 'sched.db')
  const store = Store.open(db)
  const scheduler = new Scheduler(store, { workers: 2, idleTimeoutMs: 500 })
  try {
    const { sweepId } = await scheduler.submit({ sweep: sweep('scheduler under a lock', 16) })
    await until(() => store.listRuns({ sweepId, status: 'running' }).total > 0, 'a running run')
    const lock = await holdWriteLock(db, HOLD_MS, 20_000)
    const summary = await scheduler.waitForSweep(sweepId)
    const releasedAt = await lock.released
    assert.deepEqual(summary.counts, { queued: 0, running: 0, done: 16, failed: 0, cancelled: 0 })
    assert.equal(store.getSweep(sweepId)!.status, 'done')
    for (const run of store.sweepRuns(sweepId)) assert.ok(store.getMetrics(run.id).final_loss !== undefined, `${run.id} has no results`)
    assert.ok(waitedForTheLock(store, sweepId, releasedAt), 'no run finished while the lock was held: the test tested nothing')
  } finally {
    await scheduler.dispose()
    store.close()
  }
})

test('the server answers while another process holds the lock: a launch waits for it and lands, nothing fails', async () => {
  const web = join(dir, 'web')
  mkdirSync(web, { recursive: true })
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>Impulse Lab</title>')
  const host = await startLabHost({ dbPath: join(dir, 'server.db'), staticDir: web, workers: 1 })
  try {
    const call = (method: string, body: unknown) =>
      fetch(`http://127.0.0.1:${host.server.port}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${host.server.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const lock = await holdWriteLock(host.store.file, HOLD_MS, 20_000)
    const launched = await call('launchSweep', { sweep: { title: 'launched under a lock', base: { student: { width: 3 }, stopping: { maxSteps: 50 } }, axes: [], seeds: [0, 1] } })
    const answeredAt = Date.now()
    const releasedAt = await lock.released
    const body = await launched.text()
    assert.equal(launched.status, 200, body)
    assert.ok(answeredAt >= releasedAt - 50, 'the launch did not meet the lock')
    const { result } = JSON.parse(body) as { result: { id: string } }
    const summary = await host.scheduler.waitForSweep(result.id)
    assert.equal(summary.counts.done, 2)
    assert.equal((await call('appInfo', {})).status, 200)
  } finally {
    await host.close()
  }
})

test(`a large sweep is written ${SWEEP_INSERT_CHUNK} runs per transaction, and one that fails half-way leaves nothing`, () => {
  const store = Store.open(join(dir, 'chunks.db'))
  const spec = parseSweepSpec({ title: 'many', base: { student: { width: 2 } }, axes: [{ path: 'data.length', values: Array.from({ length: 2 * SWEEP_INSERT_CHUNK + 1 }, (_, i) => i + 1) }], seeds: [0] })
  const runs = expandSweep(spec)
  const transaction = store.transaction.bind(store)
  const sizes: number[] = []
  store.transaction = <T>(fn: () => T): T => {
    const before = (store.db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n
    const result = transaction(fn)
    sizes.push((store.db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n - before)
    return result
  }
  const { sweep: created, runIds } = store.createSweep({ preset: null, scale: null, title: 'many', spec, runs })
  assert.equal(runIds.length, runs.length)
  assert.ok(Math.max(...sizes) <= SWEEP_INSERT_CHUNK, `a transaction wrote ${Math.max(...sizes)} runs`)
  assert.deepEqual(sizes.filter((n) => n > 0), [SWEEP_INSERT_CHUNK, SWEEP_INSERT_CHUNK, 1])
  assert.equal(store.getSweepSummary(created.id)!.status, 'queued')

  let calls = 0
  store.transaction = <T>(fn: () => T): T => {
    if (++calls === 3) throw new Error('disk full')
    return transaction(fn)
  }
  assert.throws(() => store.createSweep({ preset: null, scale: null, title: 'fails', spec, runs }), /disk full/)
  store.transaction = transaction
  assert.deepEqual(store.listSweeps().map((s) => s.id), [created.id])
  assert.equal((store.db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n, runs.length)
  store.close()
})
