/**
 * A boundary search whose rounds go out as Slurm job arrays: each round is exported, its tasks run (in this process,
 * as `impulse-lab run-task` runs them on a node), merged into the search's sweep, and the search continues from the
 * merge. It probes exactly what the local search probes, round by round, and finds the same k*. A round still out is
 * not sent again, the app's "Run on cluster…" sends a search's next round, and a round's job refuses to merge into a database that is not the search's.
 */
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../../../src-main/cli/cli'
import { Scheduler } from '../../../src-main/runner/index'
import { createStoredSearch, driveSearch } from '../../../src-main/search/driveSearch'
import { exportSearchRound } from '../../../src-main/search/slurmRound'
import { exportStoredSweep, mergeSlurmJob, runSlurmTask } from '../../../src-main/slurm/index'
import { Store } from '../../../src-main/store/index'
import { loadSearch } from '../../../src-main/store/searches'
import type { SearchInput } from '../../../src-shared/search'

const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-search-slurm-'))
after(() => rmSync(dir, { recursive: true, force: true }))

/** Two teacher dimensions, k = 2..9, two seeds, short training: a few rounds of a few probes. */
const input = (): SearchInput => ({
  title: 'slurm search',
  base: {
    teacher: { kind: 'iclr23-balanced', dim: 2, eigMin: 0.6, eigMax: 1, bMean: 0.5, bStd: 1 },
    student: { kind: 'linear', width: 10, parameterization: 'diagonal', balanced: true, init: { kind: 'gaussian', scale: 1e-3 } },
    data: { loss: 'population', target: 'last' },
    optimizer: { kind: 'adam', lr: 3e-3 },
    stopping: { maxSteps: 1_500 },
    metrics: { horizon: 50 },
  },
  outer: { path: 'teacher.dim', values: [1, 3] },
  inner: { path: 'data.length', values: [2, 3, 4, 5, 6, 7, 8, 9] },
  seeds: [0, 1],
})

const rounds = (store: Store, sweepId: string) => {
  const byRound = new Map<number, number[]>()
  for (const p of loadSearch(store, sweepId)!.probes) byRound.set(p.round, [...(byRound.get(p.round) ?? []), p.index])
  return [...byRound.values()]
}

async function cli(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const status = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), interactive: false })
  return { status, stdout, stderr }
}

test('a search run round by round as Slurm jobs probes what the local search probes and finds the same k*', { timeout: 300_000 }, async () => {
  const local = Store.open(join(dir, 'local.db'))
  const scheduler = new Scheduler(local, { workers: 2 })
  let expected
  try {
    expected = await driveSearch(local, scheduler, createStoredSearch(local, input(), { preset: null, scale: null }))
    assert.equal(expected.status, 'done')
  } finally {
    await scheduler.dispose()
  }
  const expectedRounds = rounds(local, expected.sweepId)
  local.close()

  // Through the CLI: find --slurm-out writes round 1; then run-task, merge, find --resume --slurm-out, until done.
  const db = join(dir, 'slurm.db')
  const spec = join(dir, 'search.json')
  const { base, outer, inner, seeds } = input()
  writeFileSync(spec, JSON.stringify({ base, axes: [outer, inner], seeds }))
  // A Slurm value the job script would not hold is refused before any search is stored.
  const refused = await cli('find', spec, '--slurm-out', join(dir, 'round-0'), '--partition', 'a b', '--db', db)
  assert.notEqual(refused.status, 0)
  assert.match(refused.stderr, /partition/)
  let result = await cli('find', spec, '--slurm-out', join(dir, 'round-1'), '--db', db, '--json')
  assert.equal(result.status, 0, result.stderr)
  let job = JSON.parse(result.stdout) as { sweep: { id: string }; round: number; dir: string; tasks: number; runs: number }
  const sweepId = job.sweep.id
  assert.equal(job.round, 1)

  // While round 1 is out, asking for the next round is refused rather than sending round 1 again.
  const again = await cli('find', '--resume', sweepId, '--slurm-out', join(dir, 'round-1-again'), '--db', db)
  assert.notEqual(again.status, 0)
  assert.match(again.stderr, /round 1 has \d+ runs? without a result \(merge its job directory/)

  let round = 1
  for (;;) {
    assert.equal(job.runs, expectedRounds[round - 1].length, `round ${round}: the local search's probe count`)
    for (let task = 0; task < job.tasks; task++) runSlurmTask(job.dir, task)
    const merged = await cli('merge', job.dir, '--db', db, '--json')
    assert.equal(merged.status, 0, merged.stderr)
    const report = JSON.parse(merged.stdout) as { sweepId: string; created: boolean; done: number; runs: number; imported: number }
    assert.deepEqual([report.sweepId, report.created, report.done, report.imported], [sweepId, false, job.runs, job.runs])
    assert.match(merged.stderr, new RegExp(`find --resume ${sweepId}`))
    // Merging the same job twice adds nothing.
    const twice = await cli('merge', job.dir, '--db', db, '--json')
    assert.equal((JSON.parse(twice.stdout) as { imported: number }).imported, 0)

    result = await cli('find', '--resume', sweepId, '--slurm-out', join(dir, `round-${round + 1}`), '--db', db, '--json')
    assert.equal(result.status, 0, result.stderr)
    const doc = JSON.parse(result.stdout) as { round?: number; points?: unknown }
    if (doc.round === undefined) break
    round++
    job = doc as typeof job
    assert.equal(job.round, round)
  }
  const final = JSON.parse(result.stdout) as { points: Array<{ value: unknown; kStar: unknown; bracket: unknown; perSeed: unknown; runs: number }>; runs: number }
  assert.deepEqual(
    final.points.map((p) => [p.value, p.kStar, p.bracket, p.perSeed, p.runs]),
    expected.state.points.map((p) => [p.value, p.kStar, p.bracket, p.perSeed, p.runs]),
  )
  // The last round's job merged once more after the search ended: nothing changes, the search stays done.
  assert.equal((await cli('merge', job.dir, '--db', db)).status, 0)
  const store = Store.open(db)
  try {
    assert.equal(store.getSweep(sweepId)!.status, 'done')
    assert.deepEqual(store.listSweeps({}).map((s) => s.id), [sweepId], 'the refused search left nothing behind')
    assert.deepEqual(rounds(store, sweepId), expectedRounds, 'the same probes, round by round')
    assert.equal(loadSearch(store, sweepId)!.status, 'done')
    assert.ok(store.sweepRuns(sweepId).every((r) => r.status === 'done'))
  } finally {
    store.close()
  }
})

test("Run on cluster… on a search sends its next round; that job does not merge into a database without the search", { timeout: 120_000 }, async () => {
  const store = Store.open(join(dir, 'origin.db'))
  const sweepId = createStoredSearch(store, input(), { preset: null, scale: null })
  // The app's "Run on cluster…" on a search sends out its next round, not the whole grid.
  const job = await exportStoredSweep(store, sweepId, { out: join(dir, 'origin-round') })
  const round1 = loadSearch(store, sweepId)!.probes
  assert.ok(round1.length > 0 && round1.every((p) => p.round === 1 && p.status === 'queued'))
  assert.equal(job.runs, round1.length)
  assert.ok(job.runs < 2 * 8 * 2, 'fewer runs than the grid')
  await assert.rejects(exportSearchRound(store, sweepId, { out: join(dir, 'origin-round-again') }), /round 1 has \d+ runs without a result/)
  store.close()
  const other = Store.open(join(dir, 'other.db'))
  try {
    // Another database with a search of the same id but other probes: refused, naming the job's round and search.
    createStoredSearch(other, { ...input(), outer: { path: 'teacher.dim', values: [2] } }, { preset: null, scale: null })
    assert.throws(() => mergeSlurmJob(other, join(dir, 'origin-round')), /round 1 of search s1\): the search's round 1 in .* probed other cells \(none;/)
    const empty = Store.open(join(dir, 'empty.db'))
    try {
      assert.throws(() => mergeSlurmJob(empty, join(dir, 'origin-round')), /round 1 of search s1\): .* has no such search/)
    } finally {
      empty.close()
    }
  } finally {
    other.close()
  }
})
