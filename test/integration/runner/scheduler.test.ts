/**
 * The scheduler with real worker processes (child_process + tsx) training real linear runs through the 'train'
 * procedure: two workers, determinism across worker counts, a worker killed with SIGKILL, cancel, resume.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RunFinishedEvent } from '../../../src-main/runner/index'
import { isProcessAlive } from '../../../src-main/store/process'
import { SpecError, type SweepSpecInput } from '../../../src-shared/spec/experiment'
import { expandSweep, parseSweepSpec } from '../../../src-shared/spec/sweep'
import { schedulerFixture } from '../../helpers/schedulerFixture'

const { dir, freshStore, newScheduler } = schedulerFixture('runner')

/** A small custom teacher/student sweep: 2 lengths × 2 seeds, a few hundred Adam steps each. */
const smallSweep: SweepSpecInput = {
  title: 'small',
  base: {
    teacher: { kind: 'random-stable', dim: 2 },
    student: { width: 8, init: { kind: 'gaussian', scale: 0.01 } },
    optimizer: { kind: 'adam', lr: 0.01 },
    stopping: { maxSteps: 300 },
    metrics: { horizon: 40 },
  },
  axes: [{ path: 'data.length', values: [3, 6] }],
  seeds: [0, 1],
}

/** Runs whose step counts differ: `long` never finishes on its own within a test (population loss, d = 40). */
function sweepWithSteps(steps: number[]): SweepSpecInput {
  return {
    title: 'mixed lengths',
    base: { teacher: { kind: 'random-stable', dim: 3 }, student: { width: 40 }, data: { length: 30 } },
    axes: [{ path: 'stopping.maxSteps', values: steps }],
    seeds: [0],
  }
}
const LONG = 50_000_000

test('two workers train a sweep; one and two workers give identical results', { timeout: 90_000 }, async () => {
  const outcomes = []
  for (const workers of [2, 1]) {
    const store = freshStore()
    const scheduler = newScheduler(store, workers)
    const pids = new Set<number | null>()
    scheduler.onRunStarted((e) => pids.add(e.workerPid))
    const { sweepId, runIds } = await scheduler.submit({ sweep: smallSweep })
    const summary = await scheduler.waitForSweep(sweepId)
    await scheduler.dispose()
    assert.equal(summary.status, 'done')
    assert.deepEqual(summary.counts, { queued: 0, running: 0, done: 4, failed: 0, cancelled: 0 })
    assert.equal(pids.size, workers, `runs spread over ${workers} worker process(es)`)
    const runs = runIds.map((id) => store.getRunDetail(id)!)
    for (const run of runs) {
      assert.equal(typeof run.metrics.final_loss, 'number')
      assert.ok(run.series.loss_curve.y.length > 0)
      assert.ok(run.codeVersion)
    }
    outcomes.push(runs.map((r) => ({ params: r.params, metrics: r.metrics, series: r.series, models: r.models })))
    store.close()
  }
  // Bit-identical: the same spec and seed give the same numbers whichever worker ran them and in whatever order.
  assert.deepEqual(outcomes[0], outcomes[1])
})

test('a worker killed with SIGKILL fails its run with the reason; the other runs finish', { timeout: 90_000 }, async () => {
  const store = freshStore()
  const scheduler = newScheduler(store, 2)
  // Listeners come first: submit starts runs (and fires onRunStarted) right away.
  const finished: RunFinishedEvent[] = []
  scheduler.onRunFinished((e) => finished.push(e))
  const pids = new Map<string, number | null>()
  scheduler.onRunStarted((e) => pids.set(e.runId, e.workerPid))
  let progressEvents = 0
  let firstProgress = 0
  let longRun = ''
  const killed = new Promise<number>((resolve) => {
    scheduler.onProgress((e) => {
      if (e.runId !== longRun) return
      if (progressEvents++ === 0) firstProgress = performance.now()
      // Let it train for a while (several progress messages), then kill its process from outside.
      if (progressEvents === 4) {
        process.kill(pids.get(longRun)!, 'SIGKILL')
        resolve(performance.now() - firstProgress)
      }
    })
  })
  const { sweepId, runIds } = await scheduler.submit({ sweep: sweepWithSteps([200, LONG, 200, 200]) })
  longRun = runIds[1]
  const workerPid = pids.get(longRun) ?? null
  const progressWindowMs = await killed
  const summary = await scheduler.waitForSweep(sweepId)
  await scheduler.dispose()

  // Throttled to at most 5 progress messages per second per run: 4 messages span at least 3 intervals of 200 ms.
  assert.ok(progressWindowMs >= 3 * 200 - 20, `4 progress messages within ${progressWindowMs.toFixed(0)} ms`)
  const runs = store.sweepRuns(sweepId)
  assert.deepEqual(runs.map((r) => r.status), ['done', 'failed', 'done', 'done'])
  assert.equal(runs[1].reason, 'worker killed by SIGKILL')
  assert.equal(runs[1].workerPid, workerPid)
  assert.ok((runs[1].step ?? 0) > 0, 'progress was recorded before the kill')
  assert.equal(summary.status, 'failed')
  assert.deepEqual(finished.find((e) => e.runId === longRun)?.reason, 'worker killed by SIGKILL')
  assert.equal(isProcessAlive(workerPid), false)
  store.close()
})

test('cancel a running run (its worker is killed and replaced) and then the whole sweep', { timeout: 90_000 }, async () => {
  const store = freshStore()
  const scheduler = newScheduler(store, 2)
  const started = new Map<string, number | null>()
  scheduler.onRunStarted((e) => started.set(e.runId, e.workerPid))
  // longest first, so the queue (runs are queued longest first) keeps their index order
  const { sweepId, runIds } = await scheduler.submit({ sweep: sweepWithSteps([LONG + 2, LONG + 1, LONG]) })
  /** Resolves at the run's first progress message: it is training in its worker. */
  const waitTraining = (runId: string) =>
    new Promise<void>((resolve) => {
      const off = scheduler.onProgress((e) => {
        if (e.runId === runId) {
          off()
          resolve()
        }
      })
    })

  await waitTraining(runIds[0])
  assert.equal(store.getRun(runIds[2])?.status, 'queued')
  assert.ok(scheduler.cancelRun(runIds[0]))
  assert.equal(store.getRun(runIds[0])?.status, 'cancelled')
  // The freed slot gets a fresh worker for the queued run.
  await waitTraining(runIds[2])
  assert.notEqual(started.get(runIds[2]), started.get(runIds[0]))
  assert.equal(isProcessAlive(started.get(runIds[0])!), false)

  assert.equal(scheduler.cancelSweep(sweepId), 2)
  const summary = await scheduler.waitForSweep(sweepId)
  assert.deepEqual(summary.counts, { queued: 0, running: 0, done: 0, failed: 0, cancelled: 3 })
  assert.equal(summary.status, 'cancelled')
  await scheduler.dispose()
  for (const pid of started.values()) assert.equal(isProcessAlive(pid), false)
  store.close()
})

test('resume runs only the unfinished runs of a sweep and keeps the finished ones', { timeout: 90_000 }, async () => {
  const store = freshStore()
  const first = newScheduler(store, 1)
  const { sweepId, runIds } = await first.submit({ sweep: smallSweep })
  // Runs 1 and 3 are still queued behind run 0 on the one worker: cancel them.
  assert.ok(first.cancelRun(runIds[1]))
  assert.ok(first.cancelRun(runIds[3]))
  await first.waitForSweep(sweepId)
  await first.dispose()
  const before = store.sweepRuns(sweepId)
  assert.deepEqual(before.map((r) => r.status), ['done', 'cancelled', 'done', 'cancelled'])

  const second = newScheduler(store, 2)
  const startedRuns: string[] = []
  second.onRunStarted((e) => startedRuns.push(e.runId))
  assert.deepEqual(second.resume(sweepId), [runIds[1], runIds[3]])
  const summary = await second.waitForSweep(sweepId)
  await second.dispose()
  assert.deepEqual(startedRuns.sort(), [runIds[1], runIds[3]].sort())
  assert.equal(summary.status, 'done')
  const afterRuns = store.sweepRuns(sweepId)
  assert.deepEqual(afterRuns[0], before[0])
  assert.deepEqual(afterRuns[2], before[2])
  assert.deepEqual(afterRuns.map((r) => r.status), ['done', 'done', 'done', 'done'])
  store.close()
})

test('a sweep naming a dataset the store does not have, or a file that is no recording, is refused before anything is stored', async () => {
  const store = freshStore()
  const scheduler = newScheduler(store, 1)
  const naming = (dataset: string) => ({ ...smallSweep, axes: [], base: { ...(smallSweep.base as object), data: { dataset } } })
  const refused = (pattern: RegExp) => (e: unknown) => e instanceof SpecError && pattern.test(e.message)
  await assert.rejects(scheduler.submit({ sweep: naming('d404') }), refused(/^sweep: base\.data\.dataset: "d404" is neither a dataset id or name in this store nor a CSV file/))
  const notCsv = join(dir, 'not-a-recording.csv')
  writeFileSync(notCsv, 'just one line of words\n')
  await assert.rejects(scheduler.submit({ sweep: naming(notCsv) }), refused(/^sweep: base\.data\.dataset: not-a-recording\.csv line 1: /))
  assert.equal((store.db.prepare(`SELECT count(*) AS n FROM sweeps`).get() as { n: number }).n, 0)
  assert.equal((store.db.prepare(`SELECT count(*) AS n FROM datasets`).get() as { n: number }).n, 0)
  store.close()
})

test('a stored run naming a dataset the store no longer has fails with a reason naming data.dataset', { timeout: 60_000 }, async () => {
  const store = freshStore()
  const scheduler = newScheduler(store, 1)
  // as a store written before datasets were resolved at submit could hold: the reference as typed
  const sweep = parseSweepSpec({ ...smallSweep, axes: [], base: { ...(smallSweep.base as object), data: { dataset: 'gone.csv' } } })
  const { sweep: stored } = store.createSweep({ preset: null, scale: null, title: 'old', spec: sweep, runs: expandSweep(sweep) })
  const [runId] = scheduler.resume(stored.id)
  await scheduler.waitForSweep(stored.id)
  const run = store.getRun(runId)!
  assert.equal(run.status, 'failed')
  assert.match(run.reason ?? '', /^data\.dataset: "gone\.csv" is not a dataset id in this store/)
  store.close()
})
