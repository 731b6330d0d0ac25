/**
 * `data.dataset` resolved when a sweep is submitted: a CSV path (where paths are allowed) is imported then, a name
 * becomes the id, and the stored sweep and every run name the dataset by id. Nothing is stored for one that fails.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Scheduler } from '../../../src-main/runner/index'
import { listDatasets } from '../../../src-main/datasets/index'
import { resolveSearchDatasets, storedSearchDatasets } from '../../../src-main/datasets/refs'
import { SpecError, type SweepSpecInput } from '../../../src-shared/spec/experiment'
import { schedulerFixture } from '../../helpers/schedulerFixture'

const { dir, freshStore } = schedulerFixture('submit-refs')

/** Behaviour a linear read-out of the neurons decodes (with a little noise), so the runs train. */
const RECORDING = 'time_s,n1,n2,vel_x\n' + Array.from({ length: 120 }, (_, i) => `${(i * 0.05).toFixed(2)},${i % 3},${(i * 7) % 4},${((i % 3) - 0.5 * ((i * 7) % 4) + 0.1 * Math.sin(i / 5)).toFixed(4)}`).join('\n') + '\n'

const twins = (base: Record<string, unknown>, axes: SweepSpecInput['axes'] = []): SweepSpecInput => ({
  title: 'twins',
  base: {
    experiment: 'rnn-conv-twins',
    teacher: { kind: 'none' },
    student: { kind: 'linear', width: 4, widthScaling: true, init: { kind: 'emami21' } },
    data: { loss: 'empirical', length: 5, target: 'last', batchSize: 16, trainFraction: 0.7 },
    stopping: { maxSteps: 5 },
    ...base,
  } as never,
  axes,
})

function storingScheduler(store: ReturnType<typeof freshStore>, datasetPaths: 'import' | 'refuse') {
  const scheduler = new Scheduler(store, { workers: 1, datasetPaths })
  return { scheduler, stored: (sweepId: string) => ({ sweep: store.getSweep(sweepId)!.spec, runs: store.sweepRuns(sweepId).map((r) => store.getRunSpec(r.id)!.data.dataset) }) }
}

test('a CSV path is imported at submit, and a name and the path both become the id in the sweep and its runs', { timeout: 120_000 }, async () => {
  const store = freshStore()
  const csv = join(dir, 'reach.csv')
  writeFileSync(csv, RECORDING)
  const { scheduler, stored } = storingScheduler(store, 'import')
  const input = twins({}, [{ path: 'data.dataset', values: [csv, 'reach'] }])
  // the path comes first in the axis, so the name already finds its import
  const { sweepId } = await scheduler.submit({ sweep: input })
  const [dataset] = listDatasets(store)
  assert.equal(dataset.source, csv)
  const { sweep, runs } = stored(sweepId)
  assert.deepEqual(sweep.axes[0], { path: 'data.dataset', values: [dataset.id, dataset.id] })
  assert.deepEqual(runs, [dataset.id, dataset.id])
  assert.deepEqual(store.sweepRuns(sweepId).map((r) => r.params['data.dataset']), [dataset.id, dataset.id])
  assert.deepEqual((input.axes![0] as { values: unknown[] }).values, [csv, 'reach'], 'the caller\'s input is not changed')
  // and the runs read the dataset by that id
  const done = await scheduler.waitForSweep(sweepId)
  await scheduler.dispose()
  assert.equal(done.counts.done, 2, JSON.stringify(store.sweepRuns(sweepId).map((r) => r.reason)))
  store.close()
})

test('where paths are refused (the app), a path is refused unopened and an unknown name before any run is stored', async () => {
  const store = freshStore()
  const csv = join(dir, 'refused.csv')
  writeFileSync(csv, RECORDING)
  const { scheduler } = storingScheduler(store, 'refuse')
  const refused = (pattern: RegExp) => (e: unknown) => e instanceof SpecError && pattern.test(e.message)
  await assert.rejects(scheduler.submit({ sweep: twins({ data: { dataset: csv } }) }), refused(/^sweep: base\.data\.dataset: ".*refused\.csv" is not a dataset id or name in this store \(import the file first; over the API a dataset is never a path\)$/))
  await assert.rejects(
    scheduler.submit({ sweep: twins({}, [{ name: 'recording', variants: [{ label: 'a', set: { 'data.dataset': 'nope' } }] }]) }),
    refused(/^sweep: axes\.0\.variants\.0\.set\.data\.dataset: "nope" is not a dataset id or name/),
  )
  assert.deepEqual(listDatasets(store), [])
  assert.equal((store.db.prepare(`SELECT count(*) AS n FROM runs`).get() as { n: number }).n, 0)
  await scheduler.dispose()
  store.close()
})

test('a search names its datasets by id too: a path imported where allowed, a name resolved as it is stored', async () => {
  const store = freshStore()
  const csv = join(dir, 'search.csv')
  writeFileSync(csv, RECORDING.replace('vel_x', 'vel_y'))
  const input = { base: { data: { dataset: csv } }, outer: { path: 'data.dataset', values: ['search'] }, inner: { path: 'data.length', values: [2, 4] } }
  await assert.rejects(resolveSearchDatasets(store, input, 'refuse'), /search: base\.data\.dataset: .* over the API a dataset is never a path/)
  const resolved = await resolveSearchDatasets(store, input, 'import')
  const [dataset] = listDatasets(store)
  assert.deepEqual(resolved.base, { data: { dataset: dataset.id } })
  assert.deepEqual(storedSearchDatasets(store, resolved).outer, { path: 'data.dataset', values: [dataset.id] })
  assert.deepEqual(resolved.inner, input.inner)
  store.close()
})
