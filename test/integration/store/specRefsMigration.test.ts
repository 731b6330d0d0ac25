/**
 * A store written at schema 5 (the twins' kind by its former name, datasets named in specs by name, former name or
 * CSV path) opened by this build: its specs name the current kind and dataset ids, and its sweeps still list and run.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Store } from '../../../src-main/store/index'
import { importCsv } from '../../../src-main/datasets/index'
import { insertDataset, runsUsingDataset } from '../../../src-main/datasets/records'
import { expandSweep, parseSweepSpec } from '../../../src-shared/spec/sweep'
import { schedulerFixture } from '../../helpers/schedulerFixture'

const { dir, freshStore, newScheduler } = schedulerFixture('spec-refs')

function recording(rows: number): string {
  const lines = ['time_s,n1,n2,vel_x']
  for (let i = 0; i < rows; i++) lines.push(`${(i * 0.05).toFixed(2)},${i % 3},${(i * 7) % 4},${((i % 3) - 0.5 * ((i * 7) % 4) + 0.1 * Math.sin(i / 5)).toFixed(4)}`)
  return lines.join('\n') + '\n'
}

const REFS = ['reach', 'old reach', join(dir, 'reach.csv'), 'twice']

/** A version-5 store: what this build wrote before the migration, made by undoing its renames in the tables. */
async function oldStore(): Promise<{ store: Store; file: string; reach: string; sweepId: string }> {
  const store = freshStore()
  const csv = join(dir, 'reach.csv')
  writeFileSync(csv, recording(120))
  const reach = (await importCsv(store, csv, { name: 'reach' })).dataset.id
  store.db.prepare(`UPDATE datasets SET meta = json_set(meta, '$.formerNames', json('["old reach"]')) WHERE id = ?`).run(reach)
  const meta = { columns: [{ name: 't', role: 'time' as const }], binWidth: 0.05, rows: 1 }
  insertDataset(store, { name: 'twice', hash: 'h1', file: 'x1.ilds', source: null, meta })
  insertDataset(store, { name: 'twice', hash: 'h2', file: 'x2.ilds', source: null, meta })
  const sweep = parseSweepSpec({
    title: 'twins on every kind of reference',
    base: {
      experiment: 'rnn-conv-twins',
      teacher: { kind: 'none' },
      student: { kind: 'linear', width: 4, widthScaling: true, init: { kind: 'emami21' } },
      data: { loss: 'empirical', length: 5, target: 'last', batchSize: 16, trainFraction: 0.7, zscore: true },
      optimizer: { kind: 'sgd', lr: 0.01 },
      stopping: { maxSteps: 10 },
      options: { models: ['rnn'] },
    },
    axes: [{ path: 'data.dataset', values: REFS }],
  })
  const { sweep: stored } = store.createSweep({ preset: 'emami21-table1-s1', scale: 'quick', title: sweep.title, spec: sweep, runs: expandSweep(sweep) })
  store.db.prepare(`UPDATE runs SET spec = json_set(spec, '$.experiment', 'emami21-twin')`).run()
  store.db.prepare(`UPDATE run_params SET value = 'emami21-twin' WHERE path = 'experiment'`).run()
  store.db.prepare(`UPDATE sweeps SET spec = json_set(spec, '$.base.experiment', 'emami21-twin')`).run()
  store.db.pragma('user_version = 5')
  const file = store.file
  store.close()
  return { store, file, reach, sweepId: stored.id }
}

test('migration 6 names the current kind and resolves each reference matching one dataset to its id', async () => {
  const old = await oldStore()
  const store = Store.open(old.file)
  const runs = store.sweepRuns(old.sweepId)
  const specs = runs.map((r) => store.getRunSpec(r.id)!)
  assert.deepEqual(specs.map((s) => s.experiment), ['rnn-conv-twins', 'rnn-conv-twins', 'rnn-conv-twins', 'rnn-conv-twins'])
  // by name, by former name, by the CSV's path: one dataset each; a name two datasets share is left as it was
  assert.deepEqual(specs.map((s) => s.data.dataset), [old.reach, old.reach, old.reach, 'twice'])
  assert.deepEqual(runs.map((r) => r.params['data.dataset']), [old.reach, old.reach, old.reach, 'twice'])
  const indexed = store.db.prepare(`SELECT value FROM run_params WHERE path = ? ORDER BY run_id`)
  assert.deepEqual(indexed.all('experiment').map((r) => (r as { value: string }).value), ['rnn-conv-twins', 'rnn-conv-twins', 'rnn-conv-twins', 'rnn-conv-twins'])
  const sweep = store.getSweep(old.sweepId)!
  assert.equal(sweep.spec.base.experiment, 'rnn-conv-twins')
  assert.deepEqual(sweep.spec.axes[0], { path: 'data.dataset', values: [old.reach, old.reach, old.reach, 'twice'] })
  // deletion is checked by id alone, and sees the three runs
  assert.deepEqual(runsUsingDataset(store, old.reach).total, 3)
  const formerNames = store.db.prepare(`SELECT count(*) AS n FROM datasets WHERE json_extract(meta, '$.formerNames') IS NOT NULL`).get() as { n: number }
  assert.equal(formerNames.n, 0)
  store.close()
})

test('a migrated store lists its sweep and runs it again on the dataset its specs now name by id', { timeout: 120_000 }, async () => {
  const old = await oldStore()
  const store = Store.open(old.file)
  assert.deepEqual(store.listSweeps().map((s) => s.id), [old.sweepId])
  const scheduler = newScheduler(store, 1)
  scheduler.resume(old.sweepId)
  await scheduler.waitForSweep(old.sweepId)
  const runs = store.sweepRuns(old.sweepId)
  assert.deepEqual(runs.map((r) => r.status), ['done', 'done', 'done', 'failed'], JSON.stringify(runs.map((r) => r.reason)))
  assert.match(runs[3].reason ?? '', /^data\.dataset: "twice" is not a dataset id in this store/)
  store.close()
})
