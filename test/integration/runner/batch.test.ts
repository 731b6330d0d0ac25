/**
 * Batched runs through the scheduler and real workers: a sweep's diagonal population runs train in batches, with the
 * results of lone runs bit for bit whatever the batch size and worker count; a run cancelled in a batch stops alone
 * (from this process or through the store), a crashed batch fails its runs but not the sweep, and resume finishes them.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { SweepSpecInput } from '../../../src-shared/spec/experiment'
import type { ToWorker } from '../../../src-shared/api/worker'
import { forkNodeWorker, type SchedulerOptions } from '../../../src-main/runner/index'
import { cancelStoredRuns } from '../../../src-main/runner/cancel'
import { isProcessAlive } from '../../../src-main/store/process'
import type { Store } from '../../../src-main/store/index'
import { schedulerFixture } from '../../helpers/schedulerFixture'

const { freshStore, newScheduler } = schedulerFixture('batch')

/** ICLR23 Fig. 1a in small: diagonal tied students on the population loss, lengths × seeds. */
function fig1aLike(steps: number, lengths: number[], seeds: number[], width = 12): SweepSpecInput {
  return {
    title: 'batched',
    base: {
      teacher: { kind: 'iclr23-balanced', dim: 3, eigMin: 0.6, eigMax: 0.95, bMean: 0.5, bStd: 1, spacing: 'random' },
      student: { kind: 'linear', width, parameterization: 'diagonal', balanced: true, init: { kind: 'gaussian', scale: 0.1 } },
      data: { loss: 'population', target: 'last' },
      optimizer: { kind: 'adam', lr: 1e-2 },
      stopping: { maxSteps: steps },
      metrics: { horizon: 30 },
    },
    axes: [{ path: 'data.length', values: lengths }],
    seeds,
  }
}

/** Options whose workers record the size of every pass they are sent, and the runs they are told to drop. */
function recording(sizes: number[], cancels: string[] = []): SchedulerOptions {
  return {
    createWorker: () => {
      const worker = forkNodeWorker()
      const send = worker.send.bind(worker)
      worker.send = (message: ToWorker) => {
        if (message.type === 'run') sizes.push(1)
        if (message.type === 'batch') sizes.push(message.runs.length)
        if (message.type === 'cancel') cancels.push(message.runId)
        send(message)
      }
      return worker
    },
  }
}

const outcome = (store: Store, runIds: string[]) =>
  runIds.map((id) => {
    const run = store.getRunDetail(id)!
    return { status: run.status, params: run.params, metrics: run.metrics, series: run.series, models: run.models, warnings: run.warnings }
  })

test('batched runs give the lone runs\' results bit for bit: batch sizes 1, 3 and all, one and two workers', { timeout: 180_000 }, async () => {
  const sweep = fig1aLike(500, [3, 5, 8], [0, 1, 2])
  const results = []
  for (const [workers, batchLimit, expected] of [[1, 1, [1, 1, 1, 1, 1, 1, 1, 1, 1]], [1, 3, [3, 3, 3]], [1, 32, [9]], [2, 32, [5, 2, 1, 1]]] as const) {
    const store = freshStore()
    const sizes: number[] = []
    const scheduler = newScheduler(store, workers, { ...recording(sizes), batchLimit })
    const { sweepId, runIds } = await scheduler.submit({ sweep })
    const summary = await scheduler.waitForSweep(sweepId)
    assert.equal(summary.counts.done, 9)
    // a pass takes ⌈queued/workers⌉ (two workers: 9 → 5, 4 → 2, then 1 and 1), so the workers finish together
    assert.deepEqual(sizes, [...expected], `${workers} worker(s), at most ${batchLimit} a pass`)
    results.push(outcome(store, runIds))
    store.close()
  }
  for (const other of results.slice(1)) assert.deepStrictEqual(other, results[0])
})

/** Resolves at the first progress message of each of the runs. */
function training(scheduler: ReturnType<typeof newScheduler>, runIds: string[]): Promise<void> {
  const waiting = new Set(runIds)
  return new Promise((resolve) => {
    const off = scheduler.onProgress((e) => {
      waiting.delete(e.runId)
      if (waiting.size > 0) return
      off()
      resolve()
    })
  })
}

test('a run cancelled in a batch stops alone, from this process or through the store; the batch trains on', { timeout: 180_000 }, async () => {
  const store = freshStore()
  const sizes: number[] = []
  const cancels: string[] = []
  // the watchdog, which sees cancels made through the store, looks every workerTimeoutMs / 4
  const scheduler = newScheduler(store, 1, { ...recording(sizes, cancels), workerTimeoutMs: 8000 })
  const pids = new Map<string, number | null>()
  scheduler.onRunStarted((e) => pids.set(e.runId, e.workerPid))
  const { sweepId, runIds } = await scheduler.submit({ sweep: fig1aLike(2_000_000, [20, 21, 22, 23], [0], 40) })
  await training(scheduler, runIds)
  assert.deepEqual(sizes, [4], 'one worker pass trains the four runs')
  assert.ok(scheduler.cancelRun(runIds[1]))
  assert.equal(store.getRun(runIds[1])?.status, 'cancelled')
  // another process cancels through the store: the shared worker is not killed, the batch drops the run
  assert.deepEqual(cancelStoredRuns(store, [runIds[2]]), [runIds[2]])
  assert.ok(isProcessAlive(pids.get(runIds[0])!), 'the batch\'s worker lives on')
  const summary = await scheduler.waitForSweep(sweepId)
  assert.deepEqual(store.sweepRuns(sweepId).map((r) => r.status), ['done', 'cancelled', 'cancelled', 'done'])
  assert.equal(summary.status, 'cancelled')
  assert.deepEqual(cancels, [runIds[1], runIds[2]], 'the batch was told to drop each cancelled run')
  store.close()
})

test('a crashed batch fails its runs, not the sweep; resume trains them as a lone pass would', { timeout: 180_000 }, async () => {
  const store = freshStore()
  const scheduler = newScheduler(store, 2)
  const pids = new Map<string, number | null>()
  scheduler.onRunStarted((e) => pids.set(e.runId, e.workerPid))
  // six runs on two workers: two passes of three
  const { sweepId, runIds } = await scheduler.submit({ sweep: fig1aLike(1_000_000, [20, 21, 22, 13, 14, 15], [0], 40) })
  await training(scheduler, runIds.slice(0, 1))
  process.kill(pids.get(runIds[0])!, 'SIGKILL')
  const summary = await scheduler.waitForSweep(sweepId)
  const runs = store.sweepRuns(sweepId)
  assert.deepEqual(runs.map((r) => r.status), ['failed', 'failed', 'failed', 'done', 'done', 'done'])
  for (const run of runs.slice(0, 3)) assert.equal(run.reason, 'worker killed by SIGKILL')
  assert.equal(summary.status, 'failed')

  const resumed = newScheduler(store, 2)
  assert.deepEqual(resumed.resume(sweepId), runIds.slice(0, 3))
  assert.equal((await resumed.waitForSweep(sweepId)).status, 'done')
  // the resumed runs (a new pass of three) equal the same runs trained alone
  const alone = freshStore()
  const lone = newScheduler(alone, 1, { batchLimit: 1 })
  const again = await lone.submit({ sweep: fig1aLike(1_000_000, [20, 21, 22], [0], 40) })
  await lone.waitForSweep(again.sweepId)
  const strip = (list: ReturnType<typeof outcome>) => list.map(({ status, metrics, series }) => ({ status, metrics, series }))
  assert.deepStrictEqual(strip(outcome(store, runIds.slice(0, 3))), strip(outcome(alone, again.runIds)))
  store.close()
  alone.close()
})
