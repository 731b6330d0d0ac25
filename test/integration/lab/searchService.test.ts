/**
 * Searches through the lab service as IPC and HTTP call it: the budget before launch, bad input refused naming the
 * field, a launched search driven to its end in the background with figure data, and Resume continuing a search
 * whose process went away mid-round.
 */
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { createLabFixture } from '../../helpers/labFixture'
import type { SearchRequest, SearchView } from '../../../src-shared/api/search'
import { Scheduler } from '../../../src-main/runner'
import { LabService } from '../../../src-main/lab/labService'
import { dispatchLabCall } from '../../../src-main/lab/dispatch'

const lab = createLabFixture(2)
after(() => lab.close())

const request: SearchRequest = {
  title: 'lab search',
  base: {
    teacher: { kind: 'iclr23-balanced', dim: 2, eigMin: 0.6, eigMax: 1 },
    student: { kind: 'linear', width: 8, parameterization: 'diagonal', balanced: true, init: { kind: 'gaussian', scale: 1e-3 } },
    data: { loss: 'population', target: 'last' },
    optimizer: { kind: 'adam', lr: 3e-3 },
    stopping: { maxSteps: 1_000 },
    metrics: { horizon: 40 },
  },
  outer: { path: 'teacher.dim', values: [1, 2] },
  inner: { path: 'data.length', values: [2, 3, 4, 5, 6, 7, 8] },
  seeds: [0],
}

async function until(done: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const start = Date.now()
  while (!(await done())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

test('budget, refusal, launch and live state through the lab API; Resume after a restart continues an interrupted search', { timeout: 240_000 }, async () => {
  const budget = await lab.call('planSearch', { search: request })
  // 2 chains × (⌈log2 8⌉ = 3 bisection + 1 verification + 2 if non-monotone).
  assert.deepEqual([budget.gridRuns, budget.maxRuns, budget.workers], [14, 12, 2])
  await assert.rejects(lab.call('planSearch', { search: { ...request, inner: { path: 'data.lenth', values: [2, 3] } } }), /did you mean data\.length\?/)

  const launched = await lab.call('launchSearch', { search: request })
  assert.equal(launched.status, 'searching')
  await until(async () => (await lab.call('getSearch', { sweepId: launched.sweepId })).status === 'done')
  const done = await lab.call('getSearch', { sweepId: launched.sweepId })
  assert.equal(done.points.length, 2)
  assert.ok(done.runs <= budget.maxRuns && done.runs > 0)
  assert.equal(done.figures!.phase.cells.reduce((n, c) => n + c.probes, 0), done.runs, 'every probe is in the phase diagram')
  assert.ok(lab.events.some((e) => e.type === 'sweep-changed' && e.sweepId === launched.sweepId), 'rounds announced for live figures')
  // Each round ends the scheduler's work on the sweep; the app hears of one end, the search's, with its final counts.
  const finished = () => lab.events.filter((e) => e.type === 'sweep-finished' && e.sweepId === launched.sweepId)
  await until(async () => finished().length > 0)
  await new Promise((resolve) => setTimeout(resolve, 300))
  assert.ok(done.rounds >= 2, `${done.rounds} rounds`)
  assert.equal(finished().length, 1, `one sweep-finished for ${done.rounds} rounds`)
  const end = finished()[0] as Extract<(typeof lab.events)[number], { type: 'sweep-finished' }>
  assert.deepEqual([end.status, end.counts.done], ['done', done.runs])

  // A second search whose runs were failed as "interrupted" mid-round (what recovery does after a crash).
  const second = await lab.call('launchSearch', { search: { ...request, seeds: [1] } })
  await until(async () => lab.store.sweepRuns(second.sweepId).some((r) => r.status === 'running'))
  await lab.scheduler.dispose()
  // The app started again on the same store: a new scheduler and service.
  const scheduler = new Scheduler(lab.store, { workers: 2, idleTimeoutMs: 500 })
  const service = new LabService(lab.store, scheduler, { mode: 'browser', version: 'test' })
  after(async () => {
    service.dispose()
    await scheduler.dispose()
  })
  assert.equal((await dispatchLabCall(service, 'getSearch', { sweepId: second.sweepId }) as SearchView).status, 'stopped')
  await dispatchLabCall(service, 'resumeSweep', { sweepId: second.sweepId })
  await until(async () => (await dispatchLabCall(service, 'getSearch', { sweepId: second.sweepId }) as SearchView).status === 'done')
  const indices = lab.store.sweepRuns(second.sweepId).map((r) => r.index)
  assert.equal(new Set(indices).size, indices.length, 'no cell run twice')
  assert.ok(lab.store.sweepRuns(second.sweepId).every((r) => r.status === 'done'))
})
