// Through the scheduler and a real worker: a run whose loss diverges ends failed with the reason, and its partial
// results (the loss curve) stay in the store beside a run that converged.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Store } from '../../../src-main/store/index'
import { Scheduler } from '../../../src-main/runner/index'

const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-diverge-'))
after(() => rmSync(dir, { recursive: true, force: true }))

test('a diverging run is failed with its reason and keeps its partial curve; the sweep says failed', { timeout: 60_000 }, async () => {
  const store = Store.open(join(dir, 'diverge.db'))
  const scheduler = new Scheduler(store, { workers: 1 })
  try {
    const { sweepId, runIds } = await scheduler.submit({
      sweep: {
        title: 'diverge',
        base: { teacher: { kind: 'random-stable', dim: 2 }, student: { width: 6 }, optimizer: { kind: 'gd' }, stopping: { maxSteps: 300 } },
        axes: [{ path: 'optimizer.lr', values: [0.01, 50] }],
        seeds: [0],
      },
    })
    const summary = await scheduler.waitForSweep(sweepId)
    assert.equal(summary.status, 'failed')
    const [fine, diverged] = runIds.map((id) => store.getRunDetail(id)!)
    assert.equal(fine.status, 'done')
    assert.equal(diverged.status, 'failed')
    assert.match(diverged.reason ?? '', /^loss diverged \((NaN|Infinity|-Infinity)\) at step \d+; try a smaller optimizer\.lr$/)
    assert.ok(diverged.series.loss_curve.y.length >= 2, 'the curve up to the divergence is stored')
    assert.ok(Number.isFinite(diverged.series.loss_curve.y[0]))
  } finally {
    await scheduler.dispose()
    store.close()
  }
})
