// Slurm scale-out: export a sweep as a job array, run its tasks, merge them into the store as one sweep,
// identical to running the same sweep locally; merging is idempotent; missing and failed tasks are reported and
// resubmitted. The last test submits through a real single-node Slurm (scripts/slurm-local.sh) or skips, saying why.
// Tasks run in this process here, as `impulse-lab run-task` runs them on a node, choosing the kernels a worker chooses.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../../../src-main/cli/cli'
import { arraySpec, mergeSlurmJob, runSlurmTask, slurmJobStatus } from '../../../src-main/slurm/index'
import { Store } from '../../../src-main/store/index'

const root = new URL('../../../', import.meta.url).pathname
const work = mkdtempSync(join(tmpdir(), 'impulse-slurm-'))

/** Two procedures × two seeds: the PROCA mode (in-process maths) and a small linear `train` run. */
const SWEEP = {
  title: 'slurm test sweep',
  base: { optimizer: { kind: 'gd', lr: 1e-3 }, stopping: { maxSteps: 3000 }, metrics: { curvePoints: 50 } },
  axes: [
    {
      name: 'procedure',
      variants: [
        { label: 'mode', set: { experiment: 'proca-mode', teacher: { kind: 'sequence', shape: 'constant', base: 0.5 }, options: { b: 0.8 } } },
        {
          label: 'train',
          set: {
            experiment: 'train',
            teacher: { kind: 'memoryless', weight: 1 },
            student: { kind: 'linear', width: 4, init: { kind: 'gaussian', scale: 0.1 } },
            data: { length: 3 },
            optimizer: { kind: 'gd', lr: 0.05 },
            stopping: { maxSteps: 200 },
          },
        },
      ],
    },
  ],
  seeds: [0, 1],
}
const sweepFile = join(work, 'sweep.json')
writeFileSync(sweepFile, JSON.stringify(SWEEP))

async function cli(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const status = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), interactive: false })
  return { status, stdout, stderr }
}

/** Everything stored for a sweep's runs, by run index: status, params, metrics and series (ids and times left out). */
function stored(db: string, sweepId: string): unknown[] {
  const store = Store.open(db)
  try {
    return store.sweepRuns(sweepId).map((run) => ({
      idx: run.index,
      status: run.status,
      params: run.params,
      metrics: store.getMetrics(run.id),
      series: store.getSeries(run.id),
      models: store.getModels(run.id),
    }))
  } finally {
    store.close()
  }
}

let localSweep: { db: string; id: string } | undefined
/** The reference: the same sweep run locally by `impulse-lab run` (scheduler + worker processes). */
async function localRun(): Promise<{ db: string; id: string }> {
  if (localSweep) return localSweep
  const db = join(work, 'local.db')
  const run = await cli('run', sweepFile, '--db', db, '--workers', '2', '--json')
  assert.equal(run.status, 0, run.stderr)
  localSweep = { db, id: (JSON.parse(run.stdout) as { sweep: { id: string } }).sweep.id }
  return localSweep
}

test('export, run every task, merge: the store holds the same results as a local run; merging twice adds nothing', async () => {
  const dir = join(work, 'job-local')
  const db = join(work, 'merged.db')
  const exported = await cli('export-slurm', sweepFile, '--out', dir, '--chunk', '3', '--partition', 'debug', '--time', '0:10:00', '--json')
  assert.equal(exported.status, 0, exported.stderr)
  assert.equal(JSON.parse(exported.stdout).tasks, 2, '4 runs in chunks of 3')
  const script = readFileSync(join(dir, 'job.sbatch'), 'utf8')
  for (const line of ['#SBATCH --array=0-1', '#SBATCH --partition=debug', '#SBATCH --time=0:10:00', '#SBATCH --cpus-per-task=1']) {
    assert.ok(script.includes(line), `job.sbatch has ${line}`)
  }
  for (const task of [0, 1]) assert.equal(runSlurmTask(dir, task).failed, 0)
  assert.deepEqual(slurmJobStatus(dir).finished, [0, 1])

  const first = await cli('merge', dir, '--db', db, '--json')
  assert.equal(first.status, 0, first.stderr)
  const report = JSON.parse(first.stdout)
  assert.equal(report.created, true)
  assert.equal(report.imported, 4)
  const local = await localRun()
  assert.deepEqual(stored(db, report.sweepId), stored(local.db, local.id), 'bit-identical to the local run')

  const again = await cli('merge', dir, '--db', db, '--json')
  assert.equal(again.status, 0, again.stderr)
  const second = JSON.parse(again.stdout)
  assert.equal(second.sweepId, report.sweepId)
  assert.equal(second.created, false)
  assert.equal(second.imported, 0)
  const store = Store.open(db)
  try {
    assert.equal(store.listSweeps().length, 1, 'merging twice adds no sweep')
    assert.equal(store.getSweepSummary(report.sweepId)!.status, 'done')
  } finally {
    store.close()
  }
})

test('missing and failed tasks are reported, resubmitted alone, and merged in later', async () => {
  const dir = join(work, 'job-partial')
  const db = join(work, 'partial.db')
  const exported = await cli('export-slurm', 'proca-fig1-modes', '--out', dir, '--set', 'stopping.maxSteps=2000', '--set', 'teacher.base=[0.5,"bad",1]', '--json')
  assert.notEqual(exported.status, 0, 'teacher.base must be a number: the spec is rejected before anything is written')
  assert.ok(exported.stderr.includes('teacher.base'), exported.stderr)
  assert.ok(!existsSync(join(dir, 'job.json')))

  const ok = await cli('export-slurm', 'proca-fig1-modes', '--out', dir, '--set', 'stopping.maxSteps=2000', '--set', 'options.b=0.9', '--json')
  assert.equal(ok.status, 0, ok.stderr)
  // Make task 1's run fail at run time by editing the frozen spec (as a node would see a bad option).
  const manifestFile = join(dir, 'job.json')
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'))
  manifest.runs[1].spec.options.b = 'bad'
  writeFileSync(manifestFile, JSON.stringify(manifest))
  runSlurmTask(dir, 0)
  assert.equal(runSlurmTask(dir, 1).failed, 1)

  const merged = await cli('merge', dir, '--db', db)
  assert.equal(merged.status, 1, 'not every run has a result')
  assert.match(merged.stdout, /missing task 2 \(runs 2\): no result file/)
  assert.match(merged.stdout, /failed task 1, run 1: spec: options\.b: Invalid input: expected number/)
  assert.match(merged.stderr, /2 of 3 runs have no result/)

  const resubmit = await cli('export-slurm', '--resubmit', dir, '--json')
  assert.equal(resubmit.status, 0, resubmit.stderr)
  const { script, tasks } = JSON.parse(resubmit.stdout)
  assert.deepEqual(tasks, [1, 2])
  assert.ok(readFileSync(script, 'utf8').includes('#SBATCH --array=1-2\n'))

  runSlurmTask(dir, 2)
  const store = Store.open(db)
  try {
    const report = mergeSlurmJob(store, dir)
    assert.equal(report.created, false)
    assert.equal(report.imported, 1)
    assert.equal(report.done, 2)
    const runs = store.sweepRuns(report.sweepId)
    assert.deepEqual(runs.map((r) => r.status), ['done', 'failed', 'done'])
    assert.equal(store.getSweepSummary(report.sweepId)!.status, 'failed')
    assert.equal(mergeSlurmJob(store, dir).imported, 0)
  } finally {
    store.close()
  }
})

test('--array lists compress runs of task ids', () => {
  assert.equal(arraySpec([0, 1, 2, 5, 7, 8]), '0-2,5,7-8')
  assert.equal(arraySpec([3]), '3')
})

test('run-task names a task outside the job; merge names a directory that is not a job', async () => {
  const dir = join(work, 'job-local')
  const bad = await cli('run-task', dir, '--task', '7')
  assert.equal(bad.status, 1)
  assert.match(bad.stderr, /--task: 7 is not a task of this job \(0\.\.1\)/)
  const notJob = await cli('merge', work, '--db', join(work, 'x.db'))
  assert.match(notJob.stderr, /not a Slurm job directory/)
})

/** Start the single-node Slurm, or say why it cannot start here. */
function startSlurm(): { env: NodeJS.ProcessEnv } | { skip: string } {
  if (process.platform !== 'linux') return { skip: 'Slurm test needs Linux' }
  const result = spawnSync('bash', [join(root, 'scripts/slurm-local.sh'), 'start'], { encoding: 'utf8', timeout: 300_000 })
  if (result.status !== 0) return { skip: `Slurm cannot start here: ${(result.stderr || result.error?.message || '').trim()}` }
  return { env: { ...process.env, SLURM_CONF: '/tmp/impulse-lab-slurm/slurm.conf' } }
}

test('through a real single-node Slurm: submit the array, wait, merge, compare with the local run', async (t) => {
  const slurm = startSlurm()
  if ('skip' in slurm) {
    t.skip(slurm.skip)
    return
  }
  const previous = process.env.SLURM_CONF
  process.env.SLURM_CONF = slurm.env.SLURM_CONF
  const dir = join(work, 'job-slurm')
  try {
    const exported = await cli('export-slurm', sweepFile, '--out', dir, '--chunk', '2', '--submit', '--json')
    assert.equal(exported.status, 0, exported.stderr)
    const { slurmJob } = JSON.parse(exported.stdout)
    assert.match(slurmJob, /^\d+$/)
    const deadline = Date.now() + 120_000
    while (slurmJobStatus(dir).pending.length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500))
    const status = slurmJobStatus(dir)
    assert.deepEqual(status.pending, [], `tasks still pending after 120 s (logs in ${join(dir, 'logs')})`)
    const db = join(work, 'slurm.db')
    const merged = await cli('merge', dir, '--db', db, '--json')
    assert.equal(merged.status, 0, merged.stderr)
    const local = await localRun()
    assert.deepEqual(stored(db, JSON.parse(merged.stdout).sweepId), stored(local.db, local.id), 'bit-identical to the local run')
  } finally {
    if (previous === undefined) delete process.env.SLURM_CONF
    else process.env.SLURM_CONF = previous
    spawnSync('bash', [join(root, 'scripts/slurm-local.sh'), 'stop'], { encoding: 'utf8', timeout: 60_000 })
  }
})

test.after(() => rmSync(work, { recursive: true, force: true }))
