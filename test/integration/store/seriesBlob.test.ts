/**
 * Series stored as binary blobs: bit-identical doubles, non-finite values read back as null (what JSON text gave),
 * stores written before the blob layout (a fixture made with schema 4) read and export the same, and a run stored
 * now exports the same values as the same result stored then.
 */
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { Store, SCHEMA_VERSION } from '../../../src-main/store'
import { sweepToCsv, sweepToJson } from '../../../src-main/store/export'
import { seriesFor } from '../../../src-main/store/results'
import { decodeSeries, encodeSeries } from '../../../src-shared/api/seriesCodec'
import type { Series } from '../../../src-shared/api/results'
import { encodeRunResult } from '../../../src-shared/api/seriesCodec'
import { FromWorkerMessage } from '../../../src-shared/api/worker'
import { expandSweep } from '../../../src-shared/spec/sweep'
import { fixtureResults, fixtureSweep } from '../../fixtures/store-v4/results'

const fixtureDir = join(import.meta.dirname, '..', '..', 'fixtures', 'store-v4')
const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-blob-'))
after(() => rmSync(dir, { recursive: true, force: true }))

/** The raw bits of each value, every non-finite one (and null) as the same NaN. */
const bitsOf = (values: Array<number | null>) =>
  [...new BigUint64Array(new Float64Array(values.map((v) => (v !== null && Number.isFinite(v) ? v : NaN))).buffer)]

test('a series blob gives back every finite double bit for bit, and null for NaN, ±Infinity and null', () => {
  const { series } = fixtureResults()[1]
  const bits = series.bits
  const back = decodeSeries(encodeSeries(bits)!, 'test')
  assert.deepEqual(bitsOf(back.y), bitsOf(bits.y))
  assert.deepEqual(bitsOf(back.x!), bitsOf(bits.x!))
  assert.equal(back.label, 'ünïcode ✓')

  const special = decodeSeries(encodeSeries({ y: [NaN, Infinity, -Infinity, null as unknown as number, -0, 5e-324] })!, 'test')
  assert.deepEqual(special.y.slice(0, 4), [null, null, null, null])
  assert.ok(Object.is(special.y[4], -0))
  assert.equal(special.y[5], 5e-324)
  assert.equal('x' in special, false)
  assert.equal('label' in special, false)
  assert.deepEqual(decodeSeries(encodeSeries({ y: [], label: '' })!, 'test'), { y: [], label: '' })
  assert.equal(decodeSeries(encodeSeries({ y: [1], label: 'lone \ud800 surrogate' })!, 'test').label, 'lone \ud800 surrogate')

  // integer x (steps) take 4 bytes a point; any other x keeps its doubles
  const steps = { x: [0, 8, 2 ** 31 - 1, -(2 ** 31)], y: [1, 2, 3, 4] }
  assert.equal(encodeSeries(steps)!.length, 16 + 8 * 4 + 4 * 4)
  assert.deepEqual(decodeSeries(encodeSeries(steps)!, 'test'), steps)
  for (const x of [[0, 0.5], [0, 2 ** 31], [0, -0], [0, NaN]]) {
    const back = decodeSeries(encodeSeries({ x, y: [1, 2] })!, 'test')
    assert.equal(encodeSeries({ x, y: [1, 2] })!.length, 16 + 8 * 2 + 8 * 2)
    assert.deepEqual(bitsOf(back.x!), bitsOf(x))
  }
})

test('a series the layout cannot hold is left to JSON text, and a damaged blob is refused naming where it was', () => {
  assert.equal(encodeSeries({ x: [1, 2], y: [1] }), null)
  assert.equal(encodeSeries({ y: [1], extra: 1 } as unknown as Series), null)
  assert.equal(encodeSeries({ y: ['a'] } as unknown as Series), null)
  const blob = encodeSeries({ x: [1, 2], y: [3, 4] })!
  assert.throws(() => decodeSeries(blob.subarray(0, blob.length - 8), 'run r1, series "loss"'), /run r1, series "loss".*32 bytes where its header says 40/)
  assert.throws(() => decodeSeries(new Uint8Array(20), 'run r2, series "x"'), /run r2, series "x".*bad header/)
  const result = encodeRunResult({ metrics: {}, series: { odd: { x: [1], y: [1, 2] }, ok: { y: [1] } }, models: {}, warnings: [], steps: 1 })
  assert.equal(typeof result.series.odd, 'string')
  assert.ok(result.series.ok instanceof Uint8Array)
})

test('an encoded result crosses the worker channel (structured clone) and passes the message check', () => {
  const encoded = encodeRunResult(fixtureResults()[0])
  const message = deserialize(serialize({ type: 'done', runId: 'r1', elapsedMs: 1, result: encoded }))
  const parsed = FromWorkerMessage.parse(message)
  assert.equal(parsed.type, 'done')
  assert.ok(message.result.series.loss_curve instanceof Uint8Array)
  assert.throws(() => FromWorkerMessage.parse({ ...message, result: { ...message.result, series: { bad: 3 } } }))
})

test('a store written with schema 4 (series as JSON text) migrates, reads and exports exactly as it did', () => {
  const file = join(dir, 'old.db')
  copyFileSync(join(fixtureDir, 'store-v4.db'), file)
  const store = Store.open(file)
  try {
    assert.equal(store.db.pragma('user_version', { simple: true }), SCHEMA_VERSION)
    const table = store.db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'series'`).get() as { sql: string }
    assert.doesNotMatch(table.sql, /WITHOUT ROWID/)
    const sweepId = store.listSweeps()[0].id
    assert.equal(sweepToJson(store, sweepId), readFileSync(join(fixtureDir, 'export.json'), 'utf8'))
    assert.equal(sweepToCsv(store, sweepId), readFileSync(join(fixtureDir, 'export.csv'), 'utf8'))

    // the same results stored now go in as blobs and read back as the old rows do
    const { sweep, runIds } = store.createSweep({ preset: null, scale: null, title: 'new', spec: fixtureSweep as never, runs: expandSweep(fixtureSweep) })
    fixtureResults().forEach((result, i) => {
      store.claimRun(runIds[i], 'now')
      store.finishRun(runIds[i], i === 0 ? encodeRunResult(result) : result, 12.5)
    })
    const kinds = store.db.prepare(`SELECT DISTINCT typeof(data) AS kind FROM series WHERE run_id IN (?, ?)`).all(...runIds) as Array<{ kind: string }>
    assert.deepEqual(kinds.map((k) => k.kind), ['blob'])
    // as JSON (what an export or the API's JSON sees) new rows equal old ones; the doubles equal the run's own bit for
    // bit (JSON text had turned -0 into 0: the blob keeps the sign)
    const oldRuns = store.sweepRuns(sweepId).map((r) => r.id)
    oldRuns.forEach((oldId, i) => {
      const before = store.getSeries(oldId)
      const now = store.getSeries(runIds[i])
      assert.equal(JSON.stringify(now), JSON.stringify(before))
      for (const [name, original] of Object.entries(fixtureResults()[i].series)) {
        assert.deepEqual(bitsOf(now[name].y), bitsOf(original.y), name)
        assert.deepEqual(bitsOf(now[name].x ?? []), bitsOf(original.x ?? []), name)
        assert.deepEqual(seriesFor(store.db, [runIds[i]], name).get(runIds[i]), now[name])
      }
    })
    assert.ok(Object.is(store.getSeries(runIds[0]).special.y[3], -0))
    const oldExport = JSON.parse(sweepToJson(store, sweepId)) as { runs: Array<{ series: unknown }> }
    const newExport = JSON.parse(sweepToJson(store, sweep.id)) as { runs: Array<{ series: unknown }> }
    assert.deepEqual(newExport.runs.map((r) => r.series), oldExport.runs.map((r) => r.series))
  } finally {
    store.close()
  }
})
