// The command line under hostile conditions: its reader closes the pipe early (`show … | head`), a CSV csv-parse
// refuses (exit 2 with one line naming the file), and a dataset referred to by the name it was imported under.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROOT = new URL('../../../', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-clirel-'))
const db = join(dir, 'lab.db')
after(() => rmSync(dir, { recursive: true, force: true }))

async function cli(args: string[], options: { closeStdout?: boolean } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/impulse-lab.mjs'), ...args, '--db', db], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  // Like `| head` having read all it wanted: the pipe's reading end is closed before the command writes.
  if (options.closeStdout) child.stdout!.destroy()
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk))
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  const [code] = (await once(child, 'exit')) as [number]
  return { code, stdout, stderr }
}

test('a reader that closes the pipe early ends the command quietly (no EPIPE trace), exit 0', async () => {
  const spec = join(dir, 'tiny.json')
  writeFileSync(spec, JSON.stringify({ base: { student: { width: 3 }, stopping: { maxSteps: 20 } }, axes: [], seeds: [0] }))
  assert.equal((await cli(['run', spec])).code, 0)
  const shown = await cli(['show', 'r1', '--json'], { closeStdout: true })
  assert.equal(shown.stderr, '')
  assert.equal(shown.code, 0)
})

test('a quote csv-parse refuses: exit 2, one line naming the file; a dataset is found by its import name', async () => {
  const quoted = join(dir, 'quoted.csv')
  writeFileSync(quoted, 'time_s,n1,vel_x\n0,1,2\n0.05,"1,2\n')
  const bad = await cli(['import', quoted])
  assert.equal(bad.code, 2)
  assert.match(bad.stderr, /^impulse-lab import: quoted\.csv( line \d+)?: .*quote.*\n$/i)

  const good = join(dir, 'good.csv')
  // vel_x linear in the counts (a recording Table 1 can decode; it refuses one nothing decodes)
  writeFileSync(good, 'time_s,n1,n2,vel_x\n' + Array.from({ length: 50 }, (_, i) => `${(i * 0.05).toFixed(2)},${i % 3},${i % 2},${((i % 3) - (i % 2) + 0.1 * Math.sin(i)).toFixed(3)}`).join('\n') + '\n')
  assert.equal((await cli(['import', good, '--name', 'my_recording'])).code, 0)
  const spec = join(dir, 'twin.json')
  writeFileSync(spec, JSON.stringify({
    base: {
      experiment: 'rnn-conv-twins', teacher: { kind: 'none' }, student: { kind: 'linear', width: 4, widthScaling: true, init: { kind: 'emami21' } },
      data: { loss: 'empirical', length: 4, target: 'last', batchSize: 16, trainFraction: 0.7, zscore: true },
      optimizer: { kind: 'sgd', lr: 0.01 }, stopping: { maxSteps: 10 }, options: { models: ['rnn'] },
    },
    axes: [], seeds: [0],
  }))
  const run = await cli(['run', spec, '--set', 'data.dataset=my_recording', '--json'])
  assert.equal(run.code, 0, run.stderr)
  assert.deepEqual((JSON.parse(run.stdout) as { runs: Array<{ status: string }> }).runs.map((r) => r.status), ['done'])
  const missing = await cli(['run', spec, '--set', 'data.dataset=no_such_recording'])
  assert.notEqual(missing.code, 0)
  assert.match(missing.stderr, /"no_such_recording" is neither a dataset id or name in this store nor a CSV file/)
})

test('impulse-lab datasets: list, show, rename, and a delete refused while a run uses it (exit 2, one line)', async () => {
  const list = await cli(['datasets', '--json'])
  const [dataset] = JSON.parse(list.stdout) as Array<{ id: string; name: string }>
  assert.equal(dataset.name, 'my_recording')
  const shown = await cli(['datasets', 'show', 'my_recording'])
  assert.match(shown.stdout, new RegExp(`^dataset ${dataset.id} "my_recording": 50 rows, 0\\.05 s bins`))
  assert.match(shown.stdout, /used by 1 run \(r\w+\)/)
  assert.equal((await cli(['datasets', 'rename', dataset.id, 'S1', 'excerpt'])).stdout, `renamed ${dataset.id} to "S1 excerpt"\n`)
  const refused = await cli(['datasets', 'delete', 'S1 excerpt'])
  assert.equal(refused.code, 2)
  assert.match(refused.stderr, new RegExp(`^impulse-lab datasets: dataset ${dataset.id} "S1 excerpt" is used by 1 run \\(r\\w+\\): delete those first\\n$`))
  assert.equal((await cli(['datasets', 'show', 'nope'])).code, 2)
})
