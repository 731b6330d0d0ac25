// launchPreset's sweep: main builds it from the preset at the scale; a preset on a recording runs on the dataset named,
// else on the newest import; bad requests are refused naming the preset or the field.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Store } from '../../../../src-main/store'
import { insertDataset } from '../../../../src-main/datasets/records'
import { presetSweep } from '../../../../src-main/lab/presetLaunch'
import { dispatchLabCall } from '../../../../src-main/lab/dispatch'
import { LabService } from '../../../../src-main/lab/labService'
import { Scheduler } from '../../../../src-main/runner'
import { findPreset } from '../../../../src-shared/presets'
import { buildPreset } from '../../../../src-shared/spec/experiment'
import { parseSweepSpec } from '../../../../src-shared/spec/sweep'

const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-preset-launch-'))
const store = Store.open(join(dir, 'lab.db'))
after(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})
const meta = { columns: [{ name: 't', role: 'time' as const }, { name: 'n1', role: 'neuron' as const }, { name: 'vx', role: 'behavior' as const }], binWidth: 0.01, rows: 10 }
const datasetOf = (spec: { base?: Record<string, unknown> }) => (spec.base?.data as { dataset?: string } | undefined)?.dataset

test('a preset without a recording: the sweep is the preset\'s own at the scale; a dataset is refused', () => {
  for (const scale of ['quick', 'paper'] as const) {
    assert.deepEqual(parseSweepSpec(presetSweep(store, { id: 'iclr23-fig1a', scale })), parseSweepSpec(buildPreset(findPreset('iclr23-fig1a')!, scale)))
  }
  assert.throws(() => presetSweep(store, { id: 'iclr23-fig1a', scale: 'quick', dataset: 'd1' }), /dataset: preset iclr23-fig1a does not run on a recording/)
})

test('a preset on a recording: the dataset named, else the newest import; none imported is refused', () => {
  assert.throws(() => presetSweep(store, { id: 'emami21-table1-s1', scale: 'quick' }), /runs on a recording: import one in the Datasets view first/)
  const older = insertDataset(store, { name: 'older', hash: 'h1', file: 'd1.bin', source: null, meta })
  const newer = insertDataset(store, { name: 'newer', hash: 'h2', file: 'd2.bin', source: null, meta })
  assert.equal(datasetOf(presetSweep(store, { id: 'emami21-table1-s1', scale: 'quick' })), newer.id)
  const chosen = parseSweepSpec(presetSweep(store, { id: 'emami21-table1-s1', scale: 'quick', dataset: older.id }))
  assert.equal(datasetOf(chosen), older.id)
  // everything else is the preset's own sweep
  const built = parseSweepSpec(buildPreset(findPreset('emami21-table1-s1')!, 'quick'))
  assert.deepEqual(chosen, { ...built, base: { ...built.base, data: { ...(built.base.data as object), dataset: older.id } } })
})

test('over the API: an unknown preset is a 404, a scale it lacks and a bad field a 400 naming it', async () => {
  const scheduler = new Scheduler(store, { workers: 1, idleTimeoutMs: 500 })
  const service = new LabService(store, scheduler, { mode: 'browser', version: 'test' })
  try {
    await assert.rejects(dispatchLabCall(service, 'launchPreset', { id: 'no-such-preset' }), (e: Error & { status?: number }) => e.status === 404 && /no preset "no-such-preset"/.test(e.message))
    await assert.rejects(dispatchLabCall(service, 'launchPreset', { id: 'iclr23-fig1a', scale: 'lab' }), /preset iclr23-fig1a has no lab scale/)
    await assert.rejects(dispatchLabCall(service, 'launchPreset', { id: 'iclr23-fig1a', scale: 'huge' } as never), /launchPreset.*scale|scale.*launchPreset/)
    assert.equal(store.listSweeps().length, 0, 'nothing stored')
  } finally {
    service.dispose()
    await scheduler.dispose()
  }
})
