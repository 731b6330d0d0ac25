/**
 * The Reproduce view's claims, robustness and figures are computed once per sweep state: a refresh with nothing new
 * reads no run's series and re-evaluates nothing; a run finishing (or the sweep replaced) recomputes.
 */
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildReproduction } from '../../../src-main/report/reproduction'
import { finishedKey } from '../../../src-main/report/claimCache'
import { Store } from '../../../src-main/store/index'
import type { StoredRun } from '../../../src-main/store/types'
import { partialSweep } from '../../helpers/partialSweep'

const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-report-cache-'))
const db = join(dir, 'lab.db')
after(() => rmSync(dir, { recursive: true, force: true }))

const PRESET = 'proca-fig1-modes'
const sweep = partialSweep(PRESET)

test('a refresh that changed nothing reads no series and returns the same claims; a finished run recomputes', () => {
  sweep.put(db, [0], [])
  const store = Store.open(db)
  try {
    let seriesReads = 0
    const getSeries = store.getSeries.bind(store)
    store.getSeries = ((...args: Parameters<Store['getSeries']>) => (seriesReads++, getSeries(...args))) as Store['getSeries']
    const card = () => buildReproduction(store, 'quick', [PRESET]).papers[0].cards[0]
    const first = card()
    assert.equal(first.finishedRuns, 1)
    assert.ok(first.claims.every((c) => c.robustness), 'robustness is part of what is cached')
    assert.equal(seriesReads, 1, 'the first build reads the finished run')
    const again = card()
    assert.equal(seriesReads, 1, 'nothing changed: no run is read again')
    assert.equal(again.claims, first.claims, 'the claims (with robustness) are the ones computed before')
    assert.deepEqual(again, first)
    // Another run finishes: the sweep is put again with two runs done (a new sweep id and new finish times).
    sweep.put(db, [0, 1], [])
    const later = card()
    assert.equal(later.finishedRuns, 2)
    assert.equal(seriesReads, 3, 'both finished runs are read once more')
    assert.notEqual(later.claims, first.claims)
  } finally {
    store.close()
  }
})

test('the cache key changes when a run finishes, is re-run (a new finish time) or goes, and ignores unfinished runs', () => {
  const run = (id: string, status: StoredRun['status'], finishedAt: number | null) => ({ id, status, finishedAt }) as StoredRun
  const base = [run('a', 'done', 10), run('b', 'queued', null)]
  assert.equal(finishedKey(base), finishedKey([...base, run('c', 'running', null)]))
  assert.notEqual(finishedKey(base), finishedKey([run('a', 'done', 10), run('b', 'done', 12)]))
  assert.notEqual(finishedKey(base), finishedKey([run('a', 'done', 11), run('b', 'queued', null)]))
  assert.notEqual(finishedKey(base), finishedKey([run('b', 'queued', null)]))
})
