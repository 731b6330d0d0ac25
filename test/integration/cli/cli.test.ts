/**
 * The impulse-lab command line on real SQLite files and real training runs: `run --json` on a custom spec and on a
 * preset, bad specs, --set, export, and a CLI killed mid-sweep that `resume` finishes.
 */
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../../../src-main/cli/cli'
import { Store } from '../../../src-main/store/index'
import { isProcessAlive } from '../../../src-main/store/process'
import { findPreset } from '../../../src-shared/presets/index'

const root = new URL('../../../', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-cli-'))
after(() => rmSync(dir, { recursive: true, force: true }))

/** A custom linear teacher/student sweep: 2 lengths × 2 seeds. */
const sweepFile = join(dir, 'sweep.json')
writeFileSync(
  sweepFile,
  JSON.stringify({
    title: 'custom',
    base: {
      teacher: { kind: 'explicit', A: [[0.8, 0.1], [0, 0.5]], B: [[1], [0.5]], C: [[1, -0.3]] },
      student: { width: 6, init: { scale: 0.01 } },
      optimizer: { kind: 'adam', lr: 0.01 },
      stopping: { maxSteps: 200 },
      metrics: { horizon: 40 },
    },
    axes: [{ path: 'data.length', values: [3, 5] }],
    seeds: [0, 1],
  }),
)

/** One experiment spec (no base/axes/seeds). */
const experimentFile = join(dir, 'experiment.json')
writeFileSync(
  experimentFile,
  JSON.stringify({ teacher: { kind: 'random-stable', dim: 2 }, student: { width: 5 }, stopping: { maxSteps: 100 }, seed: 7 }),
)

interface Captured {
  status: number
  stdout: string
  stderr: string
}

/** The real entry point, as `npx impulse-lab` runs it. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Captured> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/impulse-lab.mjs'), ...args], { cwd: dir, env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }))
  })
}

/** The same dispatcher in this process (workers are still child processes): faster for most checks. */
async function inProcess(args: string[]): Promise<Captured> {
  let stdout = ''
  let stderr = ''
  const status = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), interactive: false })
  return { status, stdout, stderr }
}

interface RunJson {
  sweep: { id: string; preset: string | null; scale: string | null }
  runs: Array<{ id: string; status: string; params: Record<string, unknown>; metrics: Record<string, unknown> }>
}

test('run --json on a custom sweep file prints one JSON document; the same command twice gives identical metrics', { timeout: 120_000 }, async () => {
  const db = join(dir, 'custom.db')
  const first = await cli(['run', 'sweep.json', '--workers', '2', '--db', db, '--json'])
  assert.equal(first.status, 0, first.stderr)
  const doc = JSON.parse(first.stdout) as RunJson
  assert.deepEqual(Object.keys(doc), ['sweep', 'runs'])
  assert.equal(doc.sweep.preset, null)
  assert.equal(doc.sweep.scale, null)
  assert.match(doc.sweep.id, /^s[0-9a-z]+$/)
  assert.deepEqual(doc.runs.map((r) => r.params), [
    { 'data.length': 3, seed: 0 },
    { 'data.length': 3, seed: 1 },
    { 'data.length': 5, seed: 0 },
    { 'data.length': 5, seed: 1 },
  ])
  for (const run of doc.runs) {
    assert.equal(run.status, 'done')
    assert.equal(typeof run.metrics.final_loss, 'number')
    assert.equal(typeof run.metrics.extrapolation_error, 'number')
    assert.equal(typeof run.metrics.zero_error, 'number')
    assert.ok(Array.isArray(run.metrics.mse_by_length))
  }
  assert.match(first.stderr, /4 runs on 2 workers/)
  assert.match(first.stderr, /\[4\/4 runs, 0 running\] 100%/)

  const second = await cli(['run', sweepFile, '--workers', '1', '--json'], { IMPULSE_LAB_DB: db })
  assert.equal(second.status, 0, second.stderr)
  const again = JSON.parse(second.stdout) as RunJson
  assert.notEqual(again.sweep.id, doc.sweep.id)
  assert.deepEqual(again.runs.map((r) => r.metrics), doc.runs.map((r) => r.metrics))

  // runs / show / export read what run stored.
  const runs = JSON.parse((await inProcess(['runs', '--db', db, '--json'])).stdout) as { sweeps: Array<{ id: string; counts: Record<string, number> }> }
  assert.deepEqual(runs.sweeps.map((s) => [s.id, s.counts.done]), [[again.sweep.id, 4], [doc.sweep.id, 4]])
  const shown = JSON.parse((await inProcess(['show', doc.runs[2].id, '--db', db, '--json'])).stdout)
  assert.equal(shown.spec.data.length, 5)
  assert.deepEqual(shown.metrics, doc.runs[2].metrics)

  const csvFile = join(dir, 'custom.csv')
  assert.equal((await inProcess(['export', doc.sweep.id, '--format', 'csv', '--out', csvFile, '--db', db])).status, 0)
  const [header, ...rows] = readFileSync(csvFile, 'utf8').trim().split('\n').map((line) => line.split(','))
  assert.deepEqual(header.slice(0, 7), ['run', 'sweep', 'idx', 'status', 'reason', 'seed', 'data.length'])
  assert.equal(rows.length, 4)
  assert.deepEqual(rows.map((r) => r[1]), [doc.sweep.id, doc.sweep.id, doc.sweep.id, doc.sweep.id], 'each row names its sweep')
  const lossColumn = header.indexOf('final_loss')
  assert.deepEqual(rows.map((r) => Number(r[lossColumn])), doc.runs.map((r) => r.metrics.final_loss))
  assert.ok(header.includes('mse_by_length.0'))
  const exported = JSON.parse((await inProcess(['export', doc.sweep.id, '--format', 'json', '--db', db])).stdout)
  assert.deepEqual(exported.runs.map((r: { metrics: unknown }) => r.metrics), doc.runs.map((r) => r.metrics))
  assert.ok(exported.runs[0].series.loss_curve.y.length > 0)
})

test('an experiment spec file runs as a one-run sweep; --set overrides spec paths', { timeout: 60_000 }, async () => {
  const db = join(dir, 'experiment.db')
  const out = await inProcess(['run', experimentFile, '--set', 'data.length=4', '--set', 'student.width=3', '--db', db, '--json'])
  assert.equal(out.status, 0, out.stderr)
  const doc = JSON.parse(out.stdout) as RunJson
  assert.equal(doc.runs.length, 1)
  assert.deepEqual(doc.runs[0].params, { seed: 7 })
  const store = Store.open(db)
  const spec = store.getRunSpec(doc.runs[0].id)!
  store.close()
  assert.equal(spec.data.length, 4)
  assert.equal(spec.student.width, 3)
  assert.equal(spec.seed, 7)
})

test('a preset runs by id at quick scale', { timeout: 60_000 }, async () => {
  const id = 'iclr23-fig1a'
  assert.ok(findPreset(id), `preset ${id} is missing from the registry`)
  const db = join(dir, 'preset.db')
  // One length, one seed, few steps: the preset's own quick sweep is exercised by its paper's tests.
  const out = await inProcess(['run', id, '--scale', 'quick', '--set', 'data.length=4', '--set', 'seed=1', '--set', 'stopping.maxSteps=50', '--db', db, '--json'])
  assert.equal(out.status, 0, out.stderr)
  const doc = JSON.parse(out.stdout) as RunJson
  assert.deepEqual(doc.sweep.preset, id)
  assert.deepEqual(doc.sweep.scale, 'quick')
  // One run per teacher arm (the literal eigenvalue draw and the stable one).
  assert.deepEqual(doc.runs.map((r) => r.params['teacher.eigMax']), [1.05, 1])
  for (const r of doc.runs) assert.equal(typeof r.metrics.final_loss, 'number')
})

test('a bad spec exits non-zero naming the field, and stores nothing', async () => {
  const db = join(dir, 'bad.db')
  const badFile = join(dir, 'bad.json')
  writeFileSync(badFile, JSON.stringify({ base: { student: { width: 'wide' } }, seeds: [0] }))
  const bad = await inProcess(['run', badFile, '--db', db, '--json'])
  assert.notEqual(bad.status, 0)
  assert.equal(bad.stdout, '')
  assert.match(bad.stderr, /student\.width/)

  const badSet = await inProcess(['run', sweepFile, '--set', 'optimizer.lr=-1', '--db', db])
  assert.notEqual(badSet.status, 0)
  assert.match(badSet.stderr, /optimizer\.lr/)

  const stray = join(dir, 'stray.json')
  writeFileSync(stray, JSON.stringify({ base: {}, teacher: { kind: 'delay', dim: 3 } }))
  assert.match((await inProcess(['run', stray, '--db', db])).stderr, /teacher: a sweep spec keeps experiment fields under "base"/)

  const unknown = await inProcess(['run', 'no-such-preset', '--db', db])
  assert.equal(unknown.status, 2)
  assert.match(unknown.stderr, /"no-such-preset" is neither a preset id nor a spec file/)
  assert.equal((await inProcess(['frobnicate'])).status, 2)
  assert.match((await inProcess(['run', sweepFile, '--workers', 'zero', '--db', db])).stderr, /--workers: expected a positive integer/)
  assert.match((await inProcess(['run', 'iclr23-fig1a', '--scale', 'lab', '--db', db])).stderr, /preset iclr23-fig1a has no lab scale \(it has: quick, paper\)/)
  assert.match((await inProcess(['run', 'iclr23-fig1a', '--scale', 'huge', '--db', db])).stderr, /--scale: expected quick, lab, paper, got "huge"/)
  assert.match((await inProcess(['export', 's1', '--db', db])).stderr, /--format: expected csv or json/)

  // Strict specs: unknown fields and prototype keys are refused naming the field, sizes are bounded, memory checked.
  const typo = await inProcess(['run', sweepFile, '--set', 'student.widht=10', '--db', db])
  assert.equal(typo.status, 1)
  assert.match(typo.stderr, /--set: student\.widht: unknown field; did you mean student\.width\?/)
  assert.match((await inProcess(['run', sweepFile, '--set', '__proto__.status=500', '--db', db])).stderr, /"__proto__" is not allowed in a spec path/)
  assert.equal(({} as Record<string, unknown>).status, undefined)
  const fileTypo = join(dir, 'typo.json')
  writeFileSync(fileTypo, JSON.stringify({ teacher: { kind: 'memoryless' }, data: { lenght: 4 } }))
  assert.match((await inProcess(['run', fileTypo, '--db', db])).stderr, /typo\.json: data\.lenght: unknown field; did you mean data\.length\?/)
  assert.match((await inProcess(['run', sweepFile, '--set', 'metrics.horizon=1000000000', '--db', db])).stderr, /metrics\.horizon: at most 100,000/)
  // 10 million training sequences of length 100,000: about 8 TB, more than any machine here has.
  const huge = await inProcess(['run', sweepFile, '--set', 'data.loss="empirical"', '--set', 'data.trainSize=10000000', '--set', 'data.length=100000', '--db', db])
  assert.equal(huge.status, 1)
  assert.match(huge.stderr, /data\.trainSize: needs about [\d.]+ TB \(the training sequences\), more than half of this machine's [\d.]+ GB of memory/)

  const store = Store.open(db)
  assert.equal(store.listSweeps().length, 0)
  store.close()
})

test('a CLI killed mid-sweep leaves its run interrupted; resume runs only that run', { timeout: 120_000 }, async () => {
  const db = join(dir, 'killed.db')
  const file = join(dir, 'two-runs.json')
  // Run 0 is short; run 1 trains long enough (population loss, d = 40, k = 30: ~6 s) to be caught mid-way. Two workers
  // train both at once (runs are queued longest first, so one worker would start with run 1).
  writeFileSync(
    file,
    JSON.stringify({
      base: { teacher: { kind: 'random-stable', dim: 3 }, student: { width: 40 }, data: { length: 30 } },
      axes: [{ path: 'stopping.maxSteps', values: [100, 150_000] }],
    }),
  )
  const child = spawn(process.execPath, [join(root, 'bin/impulse-lab.mjs'), 'run', file, '--workers', '2', '--db', db, '--json'], { stdio: 'ignore' })
  const exited = new Promise((resolve) => child.on('exit', resolve))
  const store = Store.open(db)
  let workerPid: number | null = null
  // bounded: a loop left polling after a failure would keep the test process alive
  for (const deadline = Date.now() + 90_000; ; ) {
    const runs = store.listRuns({ order: 'oldest' }).runs
    if (Date.now() > deadline) child.kill('SIGKILL')
    assert.ok(Date.now() <= deadline, `run 1 was never seen training after run 0 finished: ${JSON.stringify(runs.map((r) => [r.status, r.step]))}`)
    if (runs.length === 2 && runs[0].status === 'done' && runs[1].status === 'running' && runs[1].step !== null && runs[1].workerPid) {
      workerPid = runs[1].workerPid
      break
    }
    assert.ok(runs.every((r) => r.status !== 'failed'), JSON.stringify(runs))
    await new Promise((r) => setTimeout(r, 50))
  }
  child.kill('SIGKILL')
  await exited
  // The orphaned worker notices at its next progress report and stops training.
  for (let i = 0; i < 100 && isProcessAlive(workerPid); i++) await new Promise((r) => setTimeout(r, 50))
  assert.equal(isProcessAlive(workerPid), false, 'the worker outlived the killed CLI')
  store.close()

  const reopened = Store.open(db)
  const [done, interrupted] = reopened.listRuns({ order: 'oldest' }).runs
  assert.deepEqual([done.status, interrupted.status, interrupted.reason], ['done', 'failed', 'interrupted'])
  reopened.close()

  const resumed = await inProcess(['resume', done.sweepId, '--db', db, '--json'])
  assert.equal(resumed.status, 0, resumed.stderr)
  assert.match(resumed.stderr, /1 of 2 runs to run/)
  const doc = JSON.parse(resumed.stdout) as RunJson
  assert.deepEqual(doc.runs.map((r) => r.status), ['done', 'done'])
  const final = Store.open(db)
  assert.deepEqual(final.getRun(done.id), done)
  assert.equal(final.getSweep(done.sweepId)?.status, 'done')
  final.close()
})

test('cancel from another process stops a running sweep: its worker is killed, the CLI exits non-zero', { timeout: 120_000 }, async () => {
  const db = join(dir, 'cancelled.db')
  const file = join(dir, 'endless.json')
  writeFileSync(
    file,
    JSON.stringify({
      base: { teacher: { kind: 'random-stable', dim: 3 }, student: { width: 40 }, data: { length: 30 }, stopping: { maxSteps: 50_000_000 } },
      seeds: [0, 1],
    }),
  )
  const child = spawn(process.execPath, [join(root, 'bin/impulse-lab.mjs'), 'run', file, '--workers', '1', '--db', db], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  const store = Store.open(db)
  let running = store.listRuns({ status: 'running' }).runs
  while (running.length === 0 || running[0].step === null || running[0].workerPid === null) {
    await new Promise((r) => setTimeout(r, 50))
    running = store.listRuns({ status: 'running' }).runs
  }
  const out = await inProcess(['cancel', running[0].sweepId, '--db', db, '--json'])
  assert.equal(out.status, 0, out.stderr)
  assert.equal(JSON.parse(out.stdout).cancelled.length, 2)
  const status = await exited
  assert.equal(status, 1, stderr)
  assert.match(stderr, /2 of 2 runs did not finish \(r[0-9a-z]+ cancelled: cancelled\)/)
  assert.equal(isProcessAlive(running[0].workerPid), false)
  assert.deepEqual(store.listRuns().runs.map((r) => [r.status, r.reason]), [['cancelled', 'cancelled'], ['cancelled', 'cancelled']], stderr)
  assert.equal(store.getSweep(running[0].sweepId)?.status, 'cancelled', stderr)
  store.close()
})
