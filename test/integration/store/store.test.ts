/** The SQLite run store on real files: migrations, one-transaction results, interrupted runs, a 10,000-run listing. */
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Store, SCHEMA_VERSION, defaultDbPath } from '../../../src-main/store/index'
import { insertDataset, findDatasetByHash, getDataset, listDatasets, deleteDataset } from '../../../src-main/datasets/records'
import { runsQuery } from '../../../src-main/store/runQuery'
import { expandSweep, type PlannedRun } from '../../../src-shared/spec/sweep'
import { parseExperimentSpec, type SweepSpecInput } from '../../../src-shared/spec/experiment'
import type { RunResult } from '../../../src-shared/api/results'

const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-store-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const freshFile = () => join(dir, `store-${++files}.db`)

const sweepSpec: SweepSpecInput = {
  title: 'k sweep',
  base: { teacher: { kind: 'random-stable', dim: 2 }, student: { width: 4 }, stopping: { maxSteps: 10 } },
  axes: [{ path: 'data.length', values: [2, 4] }],
  seeds: [0, 1],
}

function newSweep(store: Store) {
  return store.createSweep({ preset: null, scale: null, title: 'k sweep', spec: sweepSpec as never, runs: expandSweep(sweepSpec) })
}

function result(loss: number): RunResult {
  return {
    metrics: { final_loss: loss, mse_by_length: [loss, 2 * loss], r2: { speed: 0.5, angle: null } },
    series: { loss_curve: { x: [0, 1], y: [1, loss] } },
    models: { student: { kind: 'linear', tensors: { A: { shape: [1, 1], data: [0.5] } } } },
    warnings: ['a warning'],
    steps: 1,
  }
}

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''])
  return child.pid!
}

test('a new file is migrated to the current schema, and re-opening keeps the data and the version', () => {
  const file = freshFile()
  const store = Store.open(file)
  assert.equal(store.db.pragma('user_version', { simple: true }), SCHEMA_VERSION)
  assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal')
  const { sweep, runIds } = newSweep(store)
  assert.match(sweep.id, /^s[0-9a-z]+$/)
  assert.deepEqual(runIds, ['r1', 'r2', 'r3', 'r4'])
  store.close()

  const again = Store.open(file)
  assert.equal(again.db.pragma('user_version', { simple: true }), SCHEMA_VERSION)
  assert.equal(again.getSweep(sweep.id)?.title, 'k sweep')
  assert.deepEqual(again.sweepRuns(sweep.id).map((r) => [r.index, r.status, r.params]), [
    [0, 'queued', { 'data.length': 2, seed: 0 }],
    [1, 'queued', { 'data.length': 2, seed: 1 }],
    [2, 'queued', { 'data.length': 4, seed: 0 }],
    [3, 'queued', { 'data.length': 4, seed: 1 }],
  ])
  // Ids keep counting after a re-open: never reused.
  assert.deepEqual(newSweep(again).runIds, ['r5', 'r6', 'r7', 'r8'])
  again.close()
})

test('a database written by a newer build is refused, not damaged', () => {
  const file = freshFile()
  const raw = new Database(file)
  raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
  raw.close()
  assert.throws(() => Store.open(file), /schema version \d+; this build knows up to \d+ \(update impulse-lab\)/)
})

test('processes opening a new file at the same time migrate it once, without errors', { timeout: 60_000 }, async () => {
  const file = freshFile()
  const storeModule = new URL('../../../src-main/store/index.ts', import.meta.url).href
  const script = `const { Store } = await import(${JSON.stringify(storeModule)}); const s = Store.open(${JSON.stringify(file)}); s.close(); console.log('opened')`
  const outputs = await Promise.all(
    Array.from({ length: 4 }, () =>
      new Promise<string>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: new URL('../../../', import.meta.url).pathname })
        let out = ''
        child.stdout.on('data', (c: Buffer) => (out += c.toString()))
        child.stderr.on('data', (c: Buffer) => (out += c.toString()))
        child.on('close', (code) => resolve(`${code}: ${out.trim()}`))
      }),
    ),
  )
  assert.deepEqual(outputs, Array(4).fill('0: opened'))
  const store = Store.open(file)
  assert.equal(store.db.pragma('user_version', { simple: true }), SCHEMA_VERSION)
  store.close()
})

test("a run's results land in one transaction: a failure mid-write leaves nothing behind", () => {
  const store = Store.open(freshFile())
  const { runIds } = newSweep(store)
  const [runId] = runIds
  assert.ok(store.claimRun(runId, 'test'))

  // The models are written after the run row, the metrics and the series; a cycle makes JSON.stringify throw there.
  const broken = result(0.25)
  const cyclic: Record<string, unknown> = { kind: 'linear' }
  cyclic.self = cyclic
  broken.models = { student: cyclic as never }
  assert.throws(() => store.finishRun(runId, broken, 12), /circular/i)
  assert.equal(store.getRun(runId)?.status, 'running')
  assert.deepEqual(store.getMetrics(runId), {})
  assert.deepEqual(store.getSeries(runId), {})
  const count = (table: string) => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  assert.deepEqual([count('metrics'), count('series'), count('models')], [0, 0, 0])

  assert.ok(store.finishRun(runId, result(0.25), 12))
  const detail = store.getRunDetail(runId)!
  assert.equal(detail.status, 'done')
  assert.equal(detail.loss, 0.25)
  assert.deepEqual(detail.metrics, result(0.25).metrics)
  assert.deepEqual(detail.series.loss_curve, { x: [0, 1], y: [1, 0.25] })
  assert.deepEqual(detail.warnings, ['a warning'])
  assert.equal(detail.spec.data.length, 2)
  // A run cancelled before its worker reported keeps its cancelled state and gets no results.
  assert.ok(store.claimRun(runIds[1], 'test'))
  assert.deepEqual(store.cancelRuns([runIds[1]]), [runIds[1]])
  assert.equal(store.finishRun(runIds[1], result(1), 5), false)
  assert.deepEqual(store.getMetrics(runIds[1]), {})
  store.close()
})

test('runs left running by a dead process become failed (interrupted); resume re-queues only unfinished runs', () => {
  const file = freshFile()
  const crashed = Store.open(file, { ownerPid: deadPid() })
  const { sweep, runIds } = newSweep(crashed)
  crashed.setSweepStatus(sweep.id, 'running')
  for (const id of runIds.slice(0, 3)) assert.ok(crashed.claimRun(id, 'test'))
  crashed.finishRun(runIds[0], result(0.1), 5)
  crashed.close()

  const store = Store.open(file)
  assert.deepEqual(store.recovered, { runs: 2, sweeps: 1 })
  assert.deepEqual(store.sweepRuns(sweep.id).map((r) => [r.status, r.reason]), [
    ['done', null],
    ['failed', 'interrupted'],
    ['failed', 'interrupted'],
    ['queued', null],
  ])
  assert.equal(store.getSweep(sweep.id)?.status, 'interrupted')

  const doneBefore = store.getRun(runIds[0])
  assert.deepEqual(store.requeueUnfinished(sweep.id), runIds.slice(1))
  assert.deepEqual(store.sweepRuns(sweep.id).map((r) => r.status), ['done', 'queued', 'queued', 'queued'])
  assert.deepEqual(store.getRun(runIds[0]), doneBefore)
  assert.deepEqual(store.getMetrics(runIds[0]), result(0.1).metrics)
  store.close()

  // Runs owned by a live process (this one) are left alone by another open.
  const live = Store.open(file)
  const { runIds: liveRuns } = newSweep(live)
  live.claimRun(liveRuns[0], 'test')
  const other = Store.open(file)
  assert.equal(other.recovered.runs, 0)
  assert.equal(other.getRun(liveRuns[0])?.status, 'running')
  other.close()
  live.close()
})

test('sweep summaries count runs by status and settle the sweep status from its runs', () => {
  const store = Store.open(freshFile())
  const { sweep, runIds } = newSweep(store)
  store.claimRun(runIds[0], 'test')
  store.finishRun(runIds[0], result(0.1), 1)
  store.claimRun(runIds[1], 'test')
  store.failRun(runIds[1], 'boom')
  assert.equal(store.settleSweepStatus(sweep.id), 'queued')
  store.cancelRuns(runIds.slice(2))
  const summary = store.getSweepSummary(sweep.id)!
  assert.deepEqual(summary.counts, { queued: 0, running: 0, done: 1, failed: 1, cancelled: 2 })
  assert.equal(store.settleSweepStatus(sweep.id), 'failed')
  assert.deepEqual(store.listSweeps().map((s) => [s.id, s.total, s.status]), [[sweep.id, 4, 'failed']])
  assert.equal(store.listRuns({ sweepId: sweep.id, where: 'data.length=4' }).total, 2)
  assert.equal(store.listRuns({ where: 'seed=1' }).total, 2)
  assert.deepEqual(store.listRuns({ where: runIds[3] }).runs.map((r) => r.id), [runIds[3]])
  assert.ok(store.deleteSweep(sweep.id))
  assert.equal(store.listRuns().total, 0)
  store.close()
})

test('dataset accessors: insert, find by hash (unique), list, delete', () => {
  const store = Store.open(freshFile())
  const meta = { columns: [{ name: 't', role: 'time' as const }], binWidth: 0.05, rows: 10 }
  const d = insertDataset(store, { name: 's1', hash: 'abc', file: 'd1.bin', source: '/data/s1.csv', meta })
  assert.match(d.id, /^d[0-9a-z]+$/)
  assert.deepEqual(getDataset(store, d.id), d)
  assert.deepEqual(findDatasetByHash(store, 'abc'), d)
  assert.throws(() => insertDataset(store, { name: 'again', hash: 'abc', file: 'd2.bin', source: null, meta }), /UNIQUE/)
  assert.deepEqual(listDatasets(store).map((x) => x.id), [d.id])
  assert.ok(deleteDataset(store, d.id))
  assert.equal(getDataset(store, d.id), undefined)
  store.close()
})

test('the default database is $IMPULSE_LAB_DB, else the desktop app\'s user-data file', () => {
  assert.equal(defaultDbPath('/x/y.db', { IMPULSE_LAB_DB: '/z.db' }), '/x/y.db')
  assert.equal(defaultDbPath(undefined, { IMPULSE_LAB_DB: '/z.db' }), '/z.db')
  if (process.platform === 'linux') {
    assert.equal(defaultDbPath(undefined, { XDG_CONFIG_HOME: '/cfg' }), '/cfg/impulse-lab/impulse-lab.db')
  }
})

test('10,000 runs: page one of every runs-view filter comes from an index', () => {
  const store = Store.open(freshFile())
  const spec = parseExperimentSpec({ student: { width: 40 }, data: { length: 10 } })
  const sweepIds: string[] = []
  for (let s = 0; s < 20; s++) {
    const runs: PlannedRun[] = Array.from({ length: 500 }, (_, i) => ({ index: i, params: { 'data.length': i % 30, seed: i }, spec }))
    const { sweep, runIds } = store.createSweep({ preset: 'iclr23-fig1a', scale: 'paper', title: `sweep ${s}`, spec: { title: '', description: '', base: {}, axes: [], seeds: [0] }, runs })
    sweepIds.push(sweep.id)
    store.cancelRuns(runIds.filter((_, i) => i % 7 === 0))
  }
  const filters = [{}, { sweepId: sweepIds[7] }, { status: 'cancelled' as const }, { sweepId: sweepIds[3], status: 'queued' as const }]
  for (const filter of filters) {
    const plan = (store.db.prepare(`EXPLAIN QUERY PLAN ${runsQuery(filter).sql}`).all(...runsQuery(filter).args) as Array<{ detail: string }>)
      .map((row) => row.detail)
      .join('; ')
    // Sorting the whole table for ORDER BY (a temp b-tree) or scanning it for a filter would grow with the store.
    assert.doesNotMatch(plan, /TEMP B-TREE/, `${JSON.stringify(filter)}: ${plan}`)
    if (Object.keys(filter).length > 0) assert.match(plan, /USING (COVERING )?INDEX runs_/, `${JSON.stringify(filter)}: ${plan}`)
  }
  // How fast page one is, is measured by the benchmark (src-main/bench/ui.ts), not by a timed test.
  for (const filter of filters) {
    const page = store.listRuns({ ...filter, limit: 100 })
    assert.ok(page.runs.length > 0 && page.total >= page.runs.length)
  }
  assert.equal(store.listSweeps().length, 20)
  assert.equal(store.listRuns().total, 10_000)
  assert.equal(store.listRuns({ status: 'cancelled' }).total, 20 * 72)
  store.close()
})
