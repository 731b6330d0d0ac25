// Nothing typed into a Slurm export becomes a line of job.sbatch: hostile values in every field are refused, naming
// the field, or quoted so that running the script runs only the task command; the API makes jobs only under the store.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sbatchScript } from '../../../../src-main/slurm/sbatch'
import { runCli } from '../../../../src-main/cli/cli'
import { createLabFixture } from '../../../helpers/labFixture'

const HOSTILE = ['x\ntouch PWNED', 'x; touch PWNED', 'x$(touch PWNED)', 'x`touch PWNED`', `x' "y`, 'x\r\n#SBATCH --wrap=id', '../../x', 'x y']
const JOB_ID = '0123abcd-0000-4000-8000-000000000000'

function input(overrides: Record<string, unknown> = {}, slurm: Record<string, unknown> = {}) {
  return { dir: '/scratch/me/job-1', title: 'sweep', jobId: JOB_ID, array: '0-3', node: '/usr/bin/node', bin: '/opt/impulse/bin/impulse-lab.mjs', codeVersion: 'abc', slurm: { cpusPerTask: 1, maxRunning: null, ...slurm }, ...overrides } as Parameters<typeof sbatchScript>[0]
}

/** Every line of a script: the #SBATCH directives we write, comments, and the five shell lines, nothing else. */
function assertOnlyOurLines(script: string): void {
  const shell = script.split('\n').filter((line) => line !== '' && !line.startsWith('#'))
  assert.deepEqual(shell.map((line) => line.split(/[=\s]/)[0]), ['set', 'NODE', 'BIN', 'JOB_DIR', 'exec'], script)
  for (const line of script.split('\n').filter((l) => l.startsWith('#SBATCH'))) {
    assert.match(line, /^#SBATCH --(job-name|array|output|cpus-per-task|ntasks|partition|account|time)=[A-Za-z0-9_.,+@=/%:-]+$/, line)
  }
}

test('every #SBATCH field refuses hostile values, naming the field', () => {
  for (const value of HOSTILE) {
    assert.throws(() => sbatchScript(input({}, { partition: value })), /^Error: partition: /, value)
    assert.throws(() => sbatchScript(input({}, { account: value })), /^Error: account: /, value)
    assert.throws(() => sbatchScript(input({}, { time: value })), /^Error: time: /, value)
    assert.throws(() => sbatchScript(input({ dir: `/scratch/${value}` })), /^Error: job directory: /, value)
    assert.throws(() => sbatchScript(input({ array: value })), /^Error: array: /, value)
    assert.throws(() => sbatchScript(input({ jobId: value })), /^Error: job id: /, value)
  }
  assert.throws(() => sbatchScript(input({}, { cpusPerTask: 1.5 })), /cpus-per-task: 1\.5 is not an integer/)
  assert.throws(() => sbatchScript(input({}, { maxRunning: -1 })), /max-running: -1 is not an integer/)
  assertOnlyOurLines(sbatchScript(input({}, { partition: 'gpu-a100', account: 'lab_1.x', time: '1-02:00:00', maxRunning: 4 })))
})

test('quoted values (node, program, title) with newlines, $(…), backticks, quotes and ; run as themselves', () => {
  const work = mkdtempSync(join(tmpdir(), 'impulse-sbatch-'))
  try {
    // A fake node in a folder whose name is every hostile value at once: it records the arguments it was given.
    const nasty = join(work, `n\ntouch PWNED;$(touch PWNED)\`touch PWNED\`'"x`)
    mkdirSync(nasty)
    const node = join(nasty, 'node')
    writeFileSync(node, `#!/bin/bash\nprintf '%s\\n' "$@" > "${join(work, 'args.txt')}"\n`)
    chmodSync(node, 0o755)
    const bin = join(nasty, `bin';touch PWNED;'.mjs`)
    const title = `t"\n$(touch PWNED)\ntouch PWNED`
    // The quoted paths keep their newlines inside quotes, so the proof is bash: it parses, and runs only the task.
    const script = sbatchScript(input({ dir: join(work, 'job'), node, bin, title }))
    const file = join(work, 'job.sbatch')
    writeFileSync(file, script)
    assert.equal(spawnSync('bash', ['-n', file]).status, 0, 'bash -n: the script parses')
    const env = { PATH: process.env.PATH, SLURM_ARRAY_TASK_ID: '0' }
    const ran = spawnSync('bash', [file], { cwd: work, env, encoding: 'utf8' })
    assert.equal(ran.status, 0, ran.stderr)
    assert.equal(readFileSync(join(work, 'args.txt'), 'utf8'), [bin, 'run-task', join(work, 'job'), '--task', '0', ''].join('\n'))
    assert.equal(existsSync(join(work, 'PWNED')), false, 'no injected command ran')
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
})

test('export-slurm refuses a hostile partition, account or time before creating anything', async () => {
  const work = mkdtempSync(join(tmpdir(), 'impulse-sbatch-cli-'))
  try {
    for (const [flag, value] of [['--partition', 'x\ntouch PWNED'], ['--account', 'x$(id)'], ['--time', '1:00:00\n#SBATCH --wrap=id'], ['--out', join(work, 'a b')]] as const) {
      let stderr = ''
      const out = flag === '--out' ? value : join(work, 'job')
      const args = ['export-slurm', 'proca-fig1-modes', '--out', out, ...(flag === '--out' ? [] : [flag, value])]
      const status = await runCli(args, { stdout: () => {}, stderr: (t) => (stderr += t), interactive: false })
      assert.notEqual(status, 0, `${flag} ${JSON.stringify(value)} was accepted`)
      assert.match(stderr, flag === '--out' ? /job directory: / : new RegExp(`${flag.slice(2)}: `), stderr)
      assert.deepEqual(readdirSync(work), [], `${flag}: nothing is created`)
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
})

test('the API exports cluster jobs only by name under the store, with checked Slurm values', async () => {
  const lab = createLabFixture(1)
  try {
    const sweep = await lab.call('launchSweep', { sweep: { title: 'c', base: { experiment: 'proca-mode', teacher: { kind: 'sequence', shape: 'constant', base: 0.5 }, optimizer: { kind: 'gd' }, stopping: { maxSteps: 100 } }, axes: [], seeds: [0] } })
    for (const name of ['../escape', '/tmp/x', 'a/b', '.hidden', 'x\ny', '']) {
      await assert.rejects(lab.call('exportToCluster', { sweepId: sweep.id, name }), /exportToCluster: name: expected a job name/, name)
      await assert.rejects(lab.call('mergeClusterJob', { name }), /mergeClusterJob: name: /, name)
    }
    await assert.rejects(lab.call('exportToCluster', { sweepId: sweep.id, out: join(lab.dir, 'elsewhere') } as never), /name: /)
    for (const value of HOSTILE) {
      await assert.rejects(lab.call('exportToCluster', { sweepId: sweep.id, name: 'j', partition: value }), /partition: expected a Slurm name/, value)
      await assert.rejects(lab.call('exportToCluster', { sweepId: sweep.id, name: 'j', account: value }), /account: expected a Slurm name/, value)
    }
    assert.equal(existsSync(join(lab.dir, 'elsewhere')), false)
    assert.equal(existsSync(join(lab.store.dataDir, 'cluster-jobs')), false, 'no refused request made a folder')
  } finally {
    await lab.close()
  }
})
