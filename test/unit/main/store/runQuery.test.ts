/** The run query language executed by the store in SQL, sorting by any column, tags, notes and the trash. */
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Store, editTags, setNote, renameSweep, trashItems, restoreItems, purgeTrash, listRunColumns } from '../../../../src-main/store/index'
import { runsQuery } from '../../../../src-main/store/runQuery'
import { expandSweep } from '../../../../src-shared/spec/sweep'
import type { SweepSpecInput } from '../../../../src-shared/spec/experiment'
import { QueryError } from '../../../../src-shared/query/runQuery'

const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-query-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const freshFile = () => join(dir, `store-${++files}.db`)

const sweepSpec: SweepSpecInput = {
  title: 'k sweep',
  base: { teacher: { kind: 'random-stable', dim: 2 }, student: { width: 4 }, data: { loss: 'empirical' }, stopping: { maxSteps: 10 } },
  axes: [
    { path: 'data.length', values: [4, 12, 16] },
    { name: 'model', variants: [{ label: 'linear', set: { 'student.kind': 'linear' } }, { label: 'gru', set: { 'student.kind': 'gru' } }] },
  ],
  seeds: [0, 1],
}

/** A store with one finished 12-run sweep: extrapolation_error = length / 100 + seed / 1000, gru runs twice that. */
function seeded() {
  const store = Store.open(freshFile())
  const planned = expandSweep(sweepSpec)
  const { sweep, runIds } = store.createSweep({ preset: null, scale: null, title: 'k sweep', spec: sweepSpec as never, runs: planned })
  runIds.forEach((id, i) => {
    const { params } = planned[i]
    const error = ((params['data.length'] as number) / 100 + (params.seed as number) / 1000) * (params.model === 'gru' ? 2 : 1)
    store.claimRun(id, 'test')
    store.finishRun(id, { metrics: { extrapolation_error: error, final_loss: 1 - error, mse_by_length: [error, error] }, series: {}, models: {}, warnings: [], steps: 1 }, i)
  })
  return { store, sweep, runIds, planned }
}

const ids = (store: Store, where: string, extra = {}) => store.listRuns({ where, limit: 1000, order: 'oldest', ...extra }).runs.map((r) => r.id)

test('params by spec path (swept or not), metrics by name, variant labels, status, ids and dates filter in SQL', () => {
  const { store, runIds, planned, sweep } = seeded()
  const expect = (pred: (p: Record<string, unknown>, i: number) => boolean) => runIds.filter((_, i) => pred(planned[i].params, i))
  assert.deepEqual(ids(store, 'data.length >= 12'), expect((p) => (p['data.length'] as number) >= 12))
  assert.deepEqual(ids(store, 'student.kind = gru'), expect((p) => p.model === 'gru'))
  assert.deepEqual(ids(store, 'model = linear and seed = 1'), expect((p) => p.model === 'linear' && p.seed === 1))
  // Not swept: every run has width 4 from the base spec.
  assert.equal(ids(store, 'student.width = 4').length, 12)
  assert.equal(ids(store, 'student.width > 4').length, 0)
  assert.deepEqual(ids(store, 'extrapolation_error < 0.1'), expect((p) => p['data.length'] === 4))
  assert.deepEqual(ids(store, 'data.length >= 12 and extrapolation_error < 0.2 or seed = 0 and model = gru'), expect((p) => {
    const error = ((p['data.length'] as number) / 100 + (p.seed as number) / 1000) * (p.model === 'gru' ? 2 : 1)
    return ((p['data.length'] as number) >= 12 && error < 0.2) || (p.seed === 0 && p.model === 'gru')
  }))
  assert.deepEqual(ids(store, 'not data.length = 4'), expect((p) => p['data.length'] !== 4))
  // Text never compares as a number: "lstm" is not >= 12.
  assert.equal(ids(store, 'student.kind >= 12').length, 0)
  assert.deepEqual(ids(store, 'student.kind ~ gr'), expect((p) => p.model === 'gru'))
  assert.equal(ids(store, 'status = done').length, 12)
  assert.equal(ids(store, 'status != done').length, 0)
  assert.deepEqual(ids(store, `id = ${runIds[2]}`), [runIds[2]])
  assert.equal(ids(store, `sweep = ${sweep.id}`).length, 12)
  assert.equal(ids(store, 'sweep ~ "k sw"').length, 12)
  const today = new Date().toISOString().slice(0, 10)
  assert.equal(ids(store, `created = ${today}`).length, 12)
  assert.equal(ids(store, 'created before 2020-01-01').length, 0)
  assert.equal(ids(store, 'created after 2020-01-01T10:00Z').length, 12)
  assert.deepEqual(ids(store, runIds[3]), [runIds[3]])
  assert.throws(() => store.listRuns({ where: 'data.length >=' }), QueryError)
  store.close()
})

test('values are bound, never spliced into the SQL', () => {
  const query = runsQuery({ where: `student.kind = "x'; DROP TABLE runs; --" and tag:"a'b"` })
  assert.doesNotMatch(query.sql, /DROP|a'b/)
  assert.ok(query.args.includes("x'; DROP TABLE runs; --") && query.args.includes("a'b"))
})

test('sorting by a metric, a param or a built-in column; chosen columns come with the page', () => {
  const { store, planned, runIds } = seeded()
  const byError = store.listRuns({ sort: { key: 'extrapolation_error', dir: 'desc' }, limit: 3, columns: ['extrapolation_error', 'data.length', 'model'] })
  const errors = byError.runs.map((r) => byError.values[r.id].extrapolation_error as number)
  assert.deepEqual(errors, [0.322, 0.32, 0.242])
  assert.deepEqual(byError.runs.map((r) => byError.values[r.id]['data.length']), [16, 16, 12])
  assert.deepEqual(byError.runs.map((r) => byError.values[r.id].model), ['gru', 'gru', 'gru'])
  const byLength = store.listRuns({ sort: { key: 'data.length', dir: 'asc' }, limit: 100 }).runs.map((r) => r.params['data.length'])
  assert.deepEqual(byLength, [...planned.map((p) => p.params['data.length'] as number)].sort((a, b) => a - b))
  const page2 = store.listRuns({ sort: { key: 'index', dir: 'desc' }, limit: 5, offset: 5 })
  assert.deepEqual(page2.runs.map((r) => r.index), [6, 5, 4, 3, 2])
  assert.equal(page2.total, 12)
  const filteredSorted = store.listRuns({ where: 'model = linear', sort: { key: 'final_loss', dir: 'asc' }, limit: 100 })
  assert.deepEqual(filteredSorted.runs.map((r) => r.id), runIds.filter((_, i) => planned[i].params.model === 'linear').reverse())
  const columns = listRunColumns(store.db)
  assert.ok(columns.params.includes('data.length') && columns.params.includes('model') && columns.params.includes('student.width'))
  assert.deepEqual(columns.metrics, ['extrapolation_error', 'final_loss'])
  store.close()
})

test('tags and notes on runs and sweeps; tag: matches a run by its own tags or its sweep\'s', () => {
  const { store, sweep, runIds } = seeded()
  assert.deepEqual(editTags(store, runIds[0], { add: ['good', 'keep'] }), ['good', 'keep'])
  assert.deepEqual(editTags(store, runIds[0], { remove: ['keep'] }), ['good'])
  assert.throws(() => editTags(store, runIds[0], { add: ['two words'] }), /tag "two words"/)
  assert.throws(() => editTags(store, 'r999', { add: ['x'] }), /no run or sweep "r999"/)
  assert.deepEqual(ids(store, 'tag:good'), [runIds[0]])
  assert.deepEqual(ids(store, 'good'), [runIds[0]])
  assert.equal(ids(store, 'not tag:good').length, 11)
  editTags(store, sweep.id, { add: ['paper'] })
  assert.equal(ids(store, 'tag:paper and data.length = 4').length, 4)
  setNote(store, runIds[0], '**diverged** at step 3')
  setNote(store, sweep.id, 'first try')
  renameSweep(store, sweep.id, '  Length sweep ')
  assert.equal(store.getRun(runIds[0])?.note, '**diverged** at step 3')
  assert.deepEqual(store.getRun(runIds[0])?.tags, ['good'])
  const [summary] = store.listSweeps()
  assert.deepEqual([summary.title, summary.note, summary.tags], ['Length sweep', 'first try', ['paper']])
  assert.throws(() => renameSweep(store, sweep.id, ' '), /cannot be empty/)
  setNote(store, runIds[0], '')
  assert.equal(store.getRun(runIds[0])?.note, null)
  store.close()
})

test('delete moves to the trash, restore brings back, purge removes for good; active work is refused', () => {
  const { store, sweep, runIds } = seeded()
  assert.deepEqual(trashItems(store, [runIds[0]]), { runs: 1, sweeps: 0 })
  assert.equal(store.listRuns().total, 11)
  assert.deepEqual(store.listRuns({ trash: true }).runs.map((r) => r.id), [runIds[0]])
  assert.deepEqual(trashItems(store, [sweep.id]), { runs: 0, sweeps: 1 })
  assert.equal(store.listRuns().total, 0)
  assert.equal(store.listRuns({ where: 'data.length = 4' }).total, 0)
  assert.equal(store.listRuns({ trash: true }).total, 12)
  assert.deepEqual(store.listSweeps(), [])
  assert.deepEqual(store.listSweeps({ trash: true }).map((s) => s.id), [sweep.id])
  assert.deepEqual(restoreItems(store, [sweep.id]), { runs: 0, sweeps: 1 })
  assert.equal(store.listRuns().total, 11)
  editTags(store, runIds[0], { add: ['gone'] })
  assert.throws(() => purgeTrash(store, [runIds[1]]), /run r2 is not in the trash/)
  assert.deepEqual(purgeTrash(store), { runs: 1, sweeps: 0 })
  assert.equal(store.getRun(runIds[0]), undefined)
  assert.deepEqual(store.getMetrics(runIds[0]), {})
  assert.deepEqual(store.db.prepare(`SELECT count(*) AS n FROM tags WHERE item_id = ?`).get(runIds[0]), { n: 0 })
  assert.deepEqual(store.db.prepare(`SELECT count(*) AS n FROM run_params WHERE run_id = ?`).get(runIds[0]), { n: 0 })

  const queued = store.createSweep({ preset: null, scale: null, title: 'queued', spec: sweepSpec as never, runs: expandSweep(sweepSpec) })
  assert.throws(() => trashItems(store, [queued.sweep.id]), /has 12 queued or running runs: cancel it first/)
  store.cancelRuns(queued.runIds)
  trashItems(store, [queued.sweep.id])
  assert.deepEqual(purgeTrash(store, [queued.sweep.id]), { runs: 12, sweeps: 1 })
  assert.equal(store.getSweep(queued.sweep.id), undefined)
  store.close()
})

test('migrating a version-1 database indexes its runs\' params and metrics', () => {
  const file = freshFile()
  const { store, runIds } = seeded()
  store.db.prepare(`VACUUM INTO ?`).run(file)
  store.close()
  // Undo migrations 2 and later by hand to get a version-1 file with data in it.
  const db = new Database(file)
  db.exec(`DROP TABLE search_probes; DROP TABLE searches; DROP TABLE run_params; DROP TABLE tags; DROP TABLE run_columns; DROP INDEX runs_created; DROP INDEX runs_scan; DROP INDEX metrics_name_num;
    DROP INDEX sweeps_deleted;
    ALTER TABLE runs DROP COLUMN created_at; ALTER TABLE runs DROP COLUMN note; ALTER TABLE runs DROP COLUMN deleted_at;
    ALTER TABLE sweeps DROP COLUMN note; ALTER TABLE sweeps DROP COLUMN deleted_at; PRAGMA user_version = 1`)
  db.close()
  const migrated = Store.open(file)
  assert.equal(ids(migrated, 'data.length = 16 and extrapolation_error > 0.3').length, 2)
  assert.equal(ids(migrated, 'student.width = 4').length, runIds.length)
  assert.deepEqual(listRunColumns(migrated.db).metrics, ['extrapolation_error', 'final_loss'])
  assert.ok(migrated.getRun(runIds[0])!.createdAt! > 0)
  migrated.close()
})
