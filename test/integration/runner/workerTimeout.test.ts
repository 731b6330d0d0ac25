// A hung worker (here: stopped with SIGSTOP mid-run) no longer hangs its sweep: it stops sending heartbeats, the
// scheduler kills it past the timeout and fails its run with that reason, and the sweep's other runs finish.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Store } from '../../../src-main/store/index'
import { Scheduler } from '../../../src-main/runner/index'
import { isProcessAlive } from '../../../src-main/store/process'

const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-hung-'))
after(() => rmSync(dir, { recursive: true, force: true }))

test('a worker stopped with SIGSTOP is killed after the timeout, its run fails saying why, the rest of the sweep runs', async () => {
  const store = Store.open(join(dir, 'lab.db'))
  // Short timeout for the test; workers beat every 2 s, so 4 s never kills a live one.
  const scheduler = new Scheduler(store, { workers: 1, workerTimeoutMs: 4000, idleTimeoutMs: 500 })
  try {
    const { sweepId, runIds } = await scheduler.submit({
      sweep: {
        title: 'hung worker',
        base: { student: { width: 8 }, stopping: { maxSteps: 400_000 }, metrics: { horizon: 20 } },
        axes: [{ path: 'stopping.maxSteps', values: [400_000, 50] }],
        seeds: [0],
      },
    })
    let stopped: number | null = null
    scheduler.onProgress((e) => {
      if (stopped !== null || e.runId !== runIds[0]) return
      stopped = store.getRun(e.runId)!.workerPid
      if (stopped) process.kill(stopped, 'SIGSTOP')
    })
    const started = Date.now()
    const summary = await scheduler.waitForSweep(sweepId)
    const waited = Date.now() - started
    assert.ok(stopped !== null, 'the first run never reported progress')
    const [hung, next] = runIds.map((id) => store.getRun(id)!)
    assert.equal(hung.status, 'failed')
    assert.match(hung.reason ?? '', new RegExp(`^worker ${stopped} sent nothing for \\d+\\.\\d s \\(hung or stopped; the limit is 4 s\\): killed$`))
    assert.equal(next.status, 'done')
    assert.deepEqual([summary.counts.failed, summary.counts.done], [1, 1])
    assert.ok(waited < 30_000, `the sweep took ${waited} ms`)
    assert.ok(!isProcessAlive(stopped), `worker ${stopped} is still alive`)
  } finally {
    await scheduler.dispose()
    store.close()
  }
})

test('a busy worker is never taken for a hung one: a run longer than the timeout finishes', async () => {
  const store = Store.open(join(dir, 'busy.db'))
  const scheduler = new Scheduler(store, { workers: 1, workerTimeoutMs: 2500, idleTimeoutMs: 500 })
  try {
    const { sweepId, runIds } = await scheduler.submit({
      sweep: { title: 'busy worker', base: { student: { width: 16 }, data: { length: 20 }, stopping: { maxSteps: 1_000_000 }, metrics: { horizon: 20 } }, axes: [], seeds: [0] },
    })
    await scheduler.waitForSweep(sweepId)
    const run = store.getRun(runIds[0])!
    assert.equal(run.status, 'done', run.reason ?? '')
    assert.ok((run.elapsedMs ?? 0) > 2500, `the run took only ${run.elapsedMs} ms: it does not test the timeout`)
  } finally {
    await scheduler.dispose()
    store.close()
  }
})

test('an idle worker that does not exit when asked holds no place: the next sweep trains, and the watchdog kills it', async () => {
  const store = Store.open(join(dir, 'stuck.db'))
  const scheduler = new Scheduler(store, { workers: 1, workerTimeoutMs: 8000, idleTimeoutMs: 200 })
  const sweep = (title: string) => ({ title, base: { student: { width: 8 }, stopping: { maxSteps: 50 }, metrics: { horizon: 20 } }, axes: [], seeds: [0] })
  let stuck: number | null = null
  try {
    const first = await scheduler.submit({ sweep: sweep('before the idle stop') })
    await scheduler.waitForSweep(first.sweepId)
    stuck = store.getRun(first.runIds[0])!.workerPid
    assert.ok(stuck !== null && isProcessAlive(stuck))
    // stopped before the idle timeout's "shutdown" reaches it: it cannot exit
    process.kill(stuck, 'SIGSTOP')
    await new Promise((resolve) => setTimeout(resolve, 600))
    const second = await scheduler.submit({ sweep: sweep('after the idle stop') })
    const summary = await Promise.race([
      scheduler.waitForSweep(second.sweepId),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000)),
    ])
    assert.ok(summary !== null, 'the sweep waited on a worker that was asked to exit and never did')
    assert.equal(summary.counts.done, 1, JSON.stringify(store.getRun(second.runIds[0])))
    assert.notEqual(store.getRun(second.runIds[0])!.workerPid, stuck, 'a new worker trains it')
    const deadline = Date.now() + 25_000
    while (isProcessAlive(stuck) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200))
    assert.ok(!isProcessAlive(stuck), `the stopped worker ${stuck} was never killed`)
  } finally {
    if (stuck !== null && isProcessAlive(stuck)) process.kill(stuck, 'SIGKILL')
    await scheduler.dispose()
    store.close()
  }
})
