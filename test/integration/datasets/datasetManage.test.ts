// Stored datasets as a user manages them: refer to one by the name it was imported under, preview it, rename it,
// and delete it only when no run uses it (the refusal names the runs). Bad CSVs are HTTP 400, and a killed import's
// temporary file is removed at the next start.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createWriteStream, existsSync, readdirSync } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import { createLabFixture, type LabFixture } from '../../helpers/labFixture'
import { describeError } from '../../../src-main/lab/dispatch'
import { Store } from '../../../src-main/store/index'
import { datasetPath, getDataset } from '../../../src-main/datasets/index'

let lab: LabFixture
before(() => {
  lab = createLabFixture(1)
})
after(() => lab.close())

const ROOT = new URL('../../../', import.meta.url).pathname
/**
 * A small S1-like recording: time, three neurons, hand velocity linear in the current counts plus a little drift, so
 * a linear decoder finds it (Table 1 refuses a recording nothing decodes).
 */
function recording(rows: number): string {
  const lines = ['time_s,n1,n2,n3,vel_x,vel_y']
  for (let i = 0; i < rows; i++) {
    const [n1, n2, n3] = [i % 3, (i * 7) % 4, i % 2]
    lines.push(`${(i * 0.05).toFixed(2)},${n1},${n2},${n3},${(n1 - 0.5 * n2 + 0.1 * Math.sin(i / 5)).toFixed(4)},${(n2 + 0.3 * n3 + 0.1 * Math.cos(i / 7)).toFixed(4)}`)
  }
  return lines.join('\n') + '\n'
}
/** EMAMI21's real-data procedure, small enough for a test. */
const twinSweep = (dataset: string) => ({
  title: 'twin on a stored dataset',
  base: {
    experiment: 'rnn-conv-twins',
    teacher: { kind: 'none' },
    student: { kind: 'linear', width: 6, widthScaling: true, init: { kind: 'emami21' } },
    data: { loss: 'empirical', length: 5, target: 'last', batchSize: 32, trainFraction: 0.7, zscore: true, dataset },
    optimizer: { kind: 'sgd', lr: 0.01 },
    stopping: { maxSteps: 20 },
    options: { models: ['rnn'] },
  },
  axes: [],
  seeds: [0],
})

test('a dataset is found by its name: preview, a run on it (stored by id), rename, and a delete refused while the run uses it', async () => {
  const info = await lab.call('importDataset', { fileName: 'reach.csv', name: 's1_small', content: recording(300) })
  const detail = await lab.call('getDataset', { ref: 's1_small', rows: 3 })
  assert.equal(detail.id, info.id)
  assert.deepEqual(detail.columns.map((c) => [c.name, c.role]), [['time_s', 'time'], ['n1', 'neuron'], ['n2', 'neuron'], ['n3', 'neuron'], ['vel_x', 'behavior'], ['vel_y', 'behavior']])
  assert.deepEqual(detail.columns[1].sample, [0, 1, 2])
  assert.deepEqual(detail.usedBy, { runs: [], total: 0 })

  const sweep = await lab.call('launchSweep', { sweep: twinSweep('s1_small') })
  const done = await lab.scheduler.waitForSweep(sweep.id)
  assert.equal(done.counts.done, 1, JSON.stringify(lab.store.sweepRuns(sweep.id).map((r) => r.reason)))
  const [run] = lab.store.sweepRuns(sweep.id)

  await assert.rejects(lab.call('deleteDataset', { id: info.id }), (e: Error) => {
    assert.equal(describeError(e).status, 409)
    assert.match(e.message, new RegExp(`dataset ${info.id} "s1_small" is used by 1 run \\(${run.id}\\): delete those first`))
    return true
  })
  assert.ok(existsSync(datasetPath(lab.store, getDataset(lab.store, info.id)!)))

  const renamed = await lab.call('renameDataset', { id: info.id, name: 'S1 reaching (small)' })
  assert.equal(renamed.name, 'S1 reaching (small)')
  assert.equal((await lab.call('getDataset', { ref: 'S1 reaching (small)' })).id, info.id)
  // The launch named the dataset by name; the stored specs hold its id, so the rename leaves the run using it.
  assert.equal(lab.store.getRunSpec(run.id)!.data.dataset, info.id)
  assert.deepEqual(lab.store.getSweep(sweep.id)!.spec.base.data, { ...twinSweep('').base.data, dataset: info.id })
  await assert.rejects(lab.call('getDataset', { ref: 's1_small' }), (e: Error) => describeError(e).status === 404)
  assert.deepEqual((await lab.call('getDataset', { ref: info.id })).usedBy, { runs: [run.id], total: 1 })
  await assert.rejects(lab.call('deleteDataset', { id: info.id }), /is used by 1 run/)
  await assert.rejects(lab.call('getDataset', { ref: 'nope' }), (e: Error) => describeError(e).status === 404)
})

test('an unused dataset is deleted with its file; a name shared by two datasets must be given as an id', async () => {
  const first = await lab.call('importDataset', { fileName: 'a.csv', name: 'twice', content: recording(40) })
  const second = await lab.call('importDataset', { fileName: 'b.csv', name: 'twice', content: recording(41) })
  await assert.rejects(lab.call('getDataset', { ref: 'twice' }), new RegExp(`"twice" names 2 datasets \\(${second.id}, ${first.id}\\): give the id`))
  const file = datasetPath(lab.store, getDataset(lab.store, first.id)!)
  assert.deepEqual(await lab.call('deleteDataset', { id: first.id }), { deleted: first.id })
  assert.ok(!existsSync(file))
  assert.equal((await lab.call('getDataset', { ref: 'twice' })).id, second.id)
})

test('a bad CSV sent for import is a 400 whose message names file, line and column', async () => {
  const error = await lab.call('importDataset', { fileName: 'bad.csv', name: 'bad', content: 'time_s,n1,vel_x\n0,1,1\n0.05,1e309,2\n' }).catch((e: unknown) => e)
  assert.deepEqual(describeError(error), { status: 400, message: 'bad.csv line 3, column "n1": "1e309" is too large for a 64-bit number (overflows to infinity)' })
  const none = await lab.call('previewDataset', { fileName: 'x.csv' } as never).catch((e: unknown) => e)
  assert.equal(describeError(none).status, 400)
  assert.match((none as Error).message, /give exactly one of content, uploadId or fileHandle/)
})

test('an import killed mid-file leaves its temporary file, removed when the store next opens', async () => {
  const big = join(lab.dir, 'big.csv')
  const out = createWriteStream(big)
  out.write('time_s,n1,n2,vel_x\n')
  for (let i = 0; i < 600_000; i++) out.write(`${i},${i % 5},${i % 3},${(i % 11) - 5}\n`)
  out.end()
  await once(out, 'close')
  const db = join(lab.dir, 'killed.db')
  const child = spawn(process.execPath, [join(ROOT, 'bin/impulse-lab.mjs'), 'import', big, '--db', db], { stdio: 'ignore' })
  const dataDir = join(lab.dir, 'killed-data')
  const temps = () => (existsSync(dataDir) ? readdirSync(dataDir).filter((f) => f.endsWith('.tmp')) : [])
  const deadline = Date.now() + 30_000
  while (temps().length === 0 && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 20))
  child.kill('SIGKILL')
  await once(child, 'exit')
  assert.equal(temps().length, 1, 'the import finished before it could be killed')
  const store = Store.open(db)
  store.close()
  assert.deepEqual(temps(), [])
})
