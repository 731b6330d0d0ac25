/** `impulse-lab runs --where/--sort`, and organising from the command line: tag, note, rename, rm, restore, purge. */
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../../../src-main/cli/cli'
import { Store } from '../../../src-main/store/index'
import { expandSweep } from '../../../src-shared/spec/sweep'
import type { SweepSpecInput } from '../../../src-shared/spec/experiment'

const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-cli-runs-'))
after(() => rmSync(dir, { recursive: true, force: true }))

async function cli(...args: string[]) {
  return answering(undefined, ...args)
}

/** The CLI with a terminal that answers `answer` to a yes/no question (none: no terminal); the questions asked. */
async function answering(answer: boolean | undefined, ...args: string[]) {
  let stdout = ''
  let stderr = ''
  const questions: string[] = []
  const confirm = answer === undefined ? undefined : async (q: string) => (questions.push(q), answer)
  const status = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), interactive: false, confirm })
  return { status, stdout, stderr, questions }
}

/** A finished 4-run sweep (lengths 4, 12 × seeds 0, 1) with extrapolation_error = length / 100. */
function seed(db: string) {
  const spec: SweepSpecInput = { title: 'k', base: { teacher: { kind: 'random-stable', dim: 2 }, student: { width: 4 } }, axes: [{ path: 'data.length', values: [4, 12] }], seeds: [0, 1] }
  const store = Store.open(db)
  const planned = expandSweep(spec)
  const { sweep, runIds } = store.createSweep({ preset: null, scale: null, title: 'k', spec: spec as never, runs: planned })
  runIds.forEach((id, i) => {
    store.claimRun(id, 'test')
    const error = (planned[i].params['data.length'] as number) / 100
    store.finishRun(id, { metrics: { extrapolation_error: error }, series: {}, models: {}, warnings: [], steps: 1 }, 1)
  })
  store.close()
  return { sweepId: sweep.id, runIds }
}

interface RunsJson {
  runs: Array<{ id: string; tags: string[]; values: Record<string, unknown> }>
  total: number
  sweeps: Array<{ id: string; title: string }>
}

test('runs --where selects in the store, --sort orders, --columns adds metric columns, a bad query names its column', async () => {
  const db = join(dir, 'where.db')
  const { runIds } = seed(db)
  const json = async (...args: string[]) => JSON.parse((await cli('runs', '--db', db, '--json', ...args)).stdout) as RunsJson
  const selected = await json('--where', 'data.length >= 12 and extrapolation_error < 0.2', '--sort=-seed', '--columns', 'extrapolation_error')
  assert.deepEqual(selected.runs.map((r) => r.id), [runIds[3], runIds[2]])
  assert.deepEqual(selected.runs.map((r) => r.values.extrapolation_error), [0.12, 0.12])
  assert.equal((await json('--where', 'seed = 0', '--limit', '1')).total, 2)
  const table = await cli('runs', '--db', db, '--where', 'data.length = 4', '--columns', 'extrapolation_error')
  assert.equal(table.status, 0, table.stderr)
  assert.match(table.stdout, /2 runs\nrun +sweep +status +params +extrapolation_error/)
  const bad = await cli('runs', '--db', db, '--where', 'data.length >= 12 extrapolation_error')
  assert.equal(bad.status, 2)
  assert.match(bad.stderr, /--where: query: expected "and" or "or" before "extrapolation_error" at column 19/)
  assert.match((await cli('runs', '--db', db, '--sort', 'a b c')).stderr, /--sort: expected KEY/)
  // a misspelt metric is an error with the nearest names, not "0 runs"
  const misspelt = await cli('runs', '--db', db, '--where', 'data.length >= 4 and extrapolaton_error < 0.1')
  assert.equal(misspelt.status, 2)
  assert.match(misspelt.stderr, /--where: query: no run has a metric or parameter "extrapolaton_error" \(nearest: extrapolation_error[,)].* at column 22/)
  const badPath = await cli('runs', '--db', db, '--where', 'data.lenght = 4')
  assert.match(badPath.stderr, /no run has a metric or parameter "data.lenght" \(nearest: data.length[,)]/)
})

test('tag, note, rename, rm, restore and purge from the command line', async () => {
  const db = join(dir, 'organise.db')
  const { sweepId, runIds } = seed(db)
  assert.equal((await cli('tag', runIds[0], 'good', 'keep', '--db', db)).stdout, `${runIds[0]}: good keep\n`)
  assert.equal((await cli('tag', runIds[0], '--remove', 'keep', '--db', db)).stdout, `${runIds[0]}: good\n`)
  const tagged = JSON.parse((await cli('runs', '--db', db, '--json', '--where', 'tag:good')).stdout) as RunsJson
  assert.deepEqual(tagged.runs.map((r) => [r.id, r.tags]), [[runIds[0], ['good']]])

  const noteFile = join(dir, 'note.md')
  writeFileSync(noteFile, '# Diverged\nlr too high')
  await cli('note', runIds[1], '--file', noteFile, '--db', db)
  assert.equal((await cli('note', runIds[1], '--db', db)).stdout, '# Diverged\nlr too high\n')
  await cli('note', sweepId, 'first', 'try', '--db', db)
  assert.equal((await cli('note', sweepId, '--db', db)).stdout, 'first try\n')
  await cli('note', sweepId, '--clear', '--db', db)
  assert.equal((await cli('note', sweepId, '--db', db)).stdout, `${sweepId}: (no note)\n`)

  assert.equal((await cli('rename', sweepId, 'Length', 'sweep', '--db', db)).stdout, `${sweepId}: Length sweep\n`)
  assert.equal((await cli('rm', runIds[2], '--db', db)).stdout, 'moved to the trash: 0 sweeps and 1 run\n')
  assert.equal((JSON.parse((await cli('runs', '--db', db, '--json')).stdout) as RunsJson).total, 3)
  assert.deepEqual((JSON.parse((await cli('runs', '--db', db, '--json', '--trash')).stdout) as RunsJson).runs.map((r) => r.id), [runIds[2]])
  assert.equal((await cli('restore', runIds[2], '--db', db)).stdout, 'restored 0 sweeps and 1 run\n')
  await cli('rm', sweepId, '--db', db)
  assert.equal((JSON.parse((await cli('runs', '--db', db, '--json')).stdout) as RunsJson).sweeps.length, 0)
  const purged = await cli('purge', runIds[0], runIds[1], '--db', db)
  assert.equal(purged.status, 0, purged.stderr)
  assert.equal(purged.stdout, 'purged 0 sweeps and 2 runs\n')
  assert.equal((await cli('purge', '--db', db)).status, 2)
  // the whole trash goes only when asked and answered, or with --yes
  const unasked = await cli('purge', '--all', '--db', db)
  assert.equal(unasked.status, 2)
  assert.match(unasked.stderr, /would remove 1 sweep and 2 runs for good; add --yes/)
  const declined = await answering(false, 'purge', '--all', '--db', db)
  assert.deepEqual(declined.questions, ['Remove 1 sweep and 2 runs for good? This cannot be undone.'])
  assert.equal(declined.status, 1)
  assert.equal((JSON.parse((await cli('runs', '--db', db, '--json', '--trash')).stdout) as RunsJson).sweeps.length, 1)
  assert.equal((await answering(true, 'purge', '--all', '--db', db)).stdout, 'purged 1 sweep and 2 runs\n')
  assert.equal((await cli('purge', '--all', '--yes', '--db', db)).stdout, 'purged 0 sweeps and 0 runs\n')
  const missing = await cli('tag', runIds[0], 'x', '--db', db)
  assert.equal(missing.status, 1)
  assert.match(missing.stderr, new RegExp(`no run or sweep "${runIds[0]}"`))
})
