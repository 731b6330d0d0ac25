// No API reads a file by path: previews and imports take an upload, text, or a handle main's own dialog made; sweeps
// over the API name stored datasets only; a run launched by the app never opens a path, and no error echoes a file.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLabHost, type LabHost } from '../../../src-main/server/labHost'
import { LabService } from '../../../src-main/lab/labService'
import { FileHandles } from '../../../src-main/lab/fileHandles'
import { dispatchLabCall } from '../../../src-main/lab/dispatch'
import { listDatasets } from '../../../src-main/datasets/index'
import { expandSweep, parseSweepSpec } from '../../../src-shared/spec/sweep'

let host: LabHost
let dir: string
let base: string
/** A file outside the store whose first line must never come back: a stand-in for /etc/passwd. */
let secretFile: string
const SECRET = 'root-secret-line,x:0:0'

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'impulse-lab-nopaths-'))
  mkdirSync(join(dir, 'web'))
  writeFileSync(join(dir, 'web', 'index.html'), '<!doctype html>')
  secretFile = join(dir, 'secret.csv')
  writeFileSync(secretFile, `${SECRET}\nnot,numbers\n`)
  host = await startLabHost({ dbPath: join(dir, 'lab.db'), staticDir: join(dir, 'web'), workers: 1 })
  base = `http://127.0.0.1:${host.server.port}`
})
after(async () => {
  await host.close()
  rmSync(dir, { recursive: true, force: true })
})

async function call(method: string, body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`${base}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${host.server.token}` }, body: JSON.stringify(body) })
  return { status: res.status, text: await res.text() }
}

// vel_x linear in the counts: a recording Table 1 can decode (it refuses one nothing decodes)
const RECORDING = 'time_s,n1,n2,vel_x\n' + Array.from({ length: 60 }, (_, i) => `${(i * 0.05).toFixed(2)},${i % 3},${i % 2},${((i % 3) - (i % 2) + 0.1 * Math.sin(i / 4)).toFixed(3)}`).join('\n') + '\n'
const twinSweep = (dataset: string) => ({
  title: 'twin',
  base: {
    experiment: 'rnn-conv-twins',
    teacher: { kind: 'none' },
    student: { kind: 'linear', width: 4, widthScaling: true, init: { kind: 'emami21' } },
    data: { loss: 'empirical', length: 5, target: 'last', batchSize: 16, trainFraction: 0.7, zscore: true, dataset },
    optimizer: { kind: 'sgd', lr: 0.01 },
    stopping: { maxSteps: 5 },
    options: { models: ['rnn'] },
  },
  axes: [],
  seeds: [0],
})

test('previewDataset and importDataset refuse a path over HTTP, echoing nothing of the file', async () => {
  for (const method of ['previewDataset', 'importDataset']) {
    const answer = await call(method, { fileName: 'x.csv', name: 'x', path: secretFile })
    assert.equal(answer.status, 400, answer.text)
    assert.match(answer.text, /path: a path is not accepted/)
    assert.doesNotMatch(answer.text, /root-secret/)
  }
  assert.equal((await call('listDatasets', {})).text, '{"result":[]}')
})

test('an upload is previewed and imported by its id; a made-up upload id or file handle reads nothing', async () => {
  const upload = await fetch(`${base}/api/upload`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${host.server.token}` }, body: RECORDING })
  const { result } = (await upload.json()) as { result: { uploadId: string } }
  const preview = await call('previewDataset', { fileName: 'reach.csv', uploadId: result.uploadId })
  assert.equal(preview.status, 200, preview.text)
  assert.equal((JSON.parse(preview.text) as { result: { rows: number } }).result.rows, 60)
  const unknownUpload = await call('previewDataset', { fileName: 'x.csv', uploadId: '0'.repeat(24) })
  assert.match(unknownUpload.text, /the upload is gone/)
  const handle = await call('previewDataset', { fileName: 'x.csv', fileHandle: 'a'.repeat(32) })
  assert.equal(handle.status, 400)
  assert.match(handle.text, /unknown file handle/)
  const imported = await call('importDataset', { fileName: 'reach.csv', name: 'reach', uploadId: result.uploadId })
  assert.equal(imported.status, 200, imported.text)
})

test('a sweep over the API names a stored dataset: a path is refused before anything is stored', async () => {
  const before = (await host.service.sweeps.listSweeps({ trash: false })).length
  for (const method of ['planSweep', 'launchSweep']) {
    const answer = await call(method, { sweep: twinSweep(secretFile) })
    assert.equal(answer.status, 400, answer.text)
    assert.match(answer.text, /data\.dataset: .* is not a dataset id or name in this store/)
    assert.doesNotMatch(answer.text, /root-secret/)
  }
  assert.equal((await host.service.sweeps.listSweeps({ trash: false })).length, before, 'nothing stored')
  const launched = await call('launchSweep', { sweep: twinSweep('reach') })
  assert.equal(launched.status, 200, launched.text)
  const sweepId = (JSON.parse(launched.text) as { result: { id: string } }).result.id
  await host.scheduler.waitForSweep(sweepId)
  const [run] = host.store.sweepRuns(sweepId)
  assert.equal(run.status, 'done', run.reason ?? '')
  // Re-running with the dataset changed to a path is refused the same way.
  const rerun = await call('rerun', { runId: run.id, changes: { 'data.dataset': secretFile } })
  assert.equal(rerun.status, 400, rerun.text)
  assert.match(rerun.text, /data\.dataset: /)
})

test('a path given to the app\'s scheduler is refused unopened; a stored run naming one fails unopened', async () => {
  await assert.rejects(host.scheduler.submit({ sweep: twinSweep(secretFile) as never, preset: null, scale: null }), /base\.data\.dataset: .* over the API a dataset is never a path/)
  // a store written before references were resolved at submit may hold a path: run by the browser host, it fails
  const sweep = parseSweepSpec(twinSweep(secretFile))
  const { sweep: stored } = host.store.createSweep({ preset: null, scale: null, title: 'old', spec: sweep, runs: expandSweep(sweep) })
  host.scheduler.resume(stored.id)
  await host.scheduler.waitForSweep(stored.id)
  const [run] = host.store.sweepRuns(stored.id)
  assert.equal(run.status, 'failed')
  assert.match(run.reason ?? '', /is not a dataset id in this store/)
  assert.doesNotMatch(run.reason ?? '', /root-secret|not,numbers/)
  assert.deepEqual(listDatasets(host.store).filter((d) => d.source === secretFile), [], 'the path was not imported')
})

test('the desktop app reads a file only through a handle main made for the file its dialog chose', async () => {
  const handles = new FileHandles()
  const service = new LabService(host.store, host.scheduler, { mode: 'electron', version: 'test', fileHandles: handles })
  const chosen = join(dir, 'chosen.csv')
  writeFileSync(chosen, RECORDING)
  const { fileHandle, fileName } = handles.add(chosen)
  assert.equal(fileName, 'chosen.csv')
  assert.match(fileHandle, /^[0-9a-f]{32}$/)
  const preview = (await dispatchLabCall(service, 'previewDataset', { fileName, fileHandle })) as { rows: number }
  assert.equal(preview.rows, 60)
  await assert.rejects(dispatchLabCall(service, 'previewDataset', { fileName, fileHandle: 'f'.repeat(32) }), /unknown file handle/)
  await assert.rejects(dispatchLabCall(service, 'previewDataset', { fileName, path: chosen }), /a path is not accepted/)
  service.dispose()
})

test("the Datasets view's button: main runs its own dialog and answers a handle, never taking or giving a path", async () => {
  const chosen = join(dir, 'dialog.csv')
  writeFileSync(chosen, RECORDING)
  let answer: string | undefined = chosen
  const handles = new FileHandles(async () => answer)
  const service = new LabService(host.store, host.scheduler, { mode: 'electron', version: 'test', fileHandles: handles })
  const picked = (await dispatchLabCall(service, 'chooseDatasetFile', {})) as { fileHandle: string; fileName: string }
  assert.deepEqual(Object.keys(picked).sort(), ['fileHandle', 'fileName'])
  assert.equal(picked.fileName, 'dialog.csv')
  assert.doesNotMatch(JSON.stringify(picked), new RegExp(dir.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')))
  const preview = (await dispatchLabCall(service, 'previewDataset', picked)) as { rows: number }
  assert.equal(preview.rows, 60)
  answer = undefined
  assert.equal(await dispatchLabCall(service, 'chooseDatasetFile', {}), null, 'a cancelled dialog gives no handle')
  await assert.rejects(dispatchLabCall(service, 'chooseDatasetFile', { path: secretFile }), /chooseDatasetFile.*path/)
  service.dispose()
  // Browser mode has no dialog of main's: the remote side uploads instead.
  const remote = await call('chooseDatasetFile', {})
  assert.equal(remote.status, 400, remote.text)
  assert.match(remote.text, /no file dialog in browser mode: upload the file/)
})
