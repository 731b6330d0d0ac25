/**
 * `impulse-lab verdicts`: the verdict table from the store. A preset sweep is put in a temp store run by run, so the
 * table is read while one run is done, one failed and one still queued (provisional, one left out), then again when
 * the last one finishes (no longer provisional). The verdict is the claim functions' over the finished runs.
 */
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../../../src-main/cli/cli'
import { presets } from '../../../src-shared/presets'
import { presetScales } from '../../../src-shared/spec/experiment'
import type { VerdictsJson } from '../../../src-shared/api/verdicts'
import { partialSweep } from '../../helpers/partialSweep'

const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-cli-verdicts-'))
const db = join(dir, 'lab.db')
after(() => rmSync(dir, { recursive: true, force: true }))

async function cli(...args: string[]) {
  let stdout = ''
  let stderr = ''
  const status = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), interactive: false })
  return { status, stdout, stderr }
}

const PRESET = 'proca-fig1-modes'
const sweep = partialSweep(PRESET)
const total = sweep.total
const store = (done: number[], failed: number[]) => void sweep.put(db, done, failed)
const expectedVerdict = (done: number[]) => sweep.verdictOver(done)

test('the preset sweep has at least three runs (one to finish, one to fail, one to stay queued)', () => {
  assert.ok(total >= 3, `${total} runs`)
})

test('verdicts --json while runs are queued: provisional, done/total/failed counted, the claims of every preset', { timeout: 60_000 }, async () => {
  store([0], [1])
  const result = await cli('verdicts', '--db', db, '--json')
  assert.equal(result.status, 0, result.stderr)
  const doc = JSON.parse(result.stdout) as VerdictsJson
  assert.deepEqual(Object.keys(doc), ['presets'])
  const quick = presets.filter((p) => presetScales(p).includes('quick')).map((p) => p.id)
  assert.deepEqual(doc.presets.map((p) => p.id).sort(), [...quick].sort(), 'every preset offering quick, once')
  for (const p of doc.presets) {
    assert.deepEqual(Object.keys(p), ['id', 'verdict', 'provisional', 'runs', 'claims'])
    assert.deepEqual(Object.keys(p.runs), ['done', 'total', 'failed'])
    for (const c of p.claims) assert.deepEqual(Object.keys(c), ['id', 'central', 'verdict', 'sentence', 'numbers', 'robustness'])
  }
  const proca = doc.presets.find((p) => p.id === PRESET)!
  assert.equal(proca.provisional, true)
  assert.deepEqual(proca.runs, { done: 1, total, failed: 1 })
  assert.equal(proca.verdict, expectedVerdict([0]))
  assert.ok(proca.claims.length > 0 && proca.claims.every((c) => c.sentence.length > 0))
  for (const c of proca.claims) {
    assert.ok(c.central.length > 0, `${c.id}: its central effect named`)
    assert.ok(c.robustness && ['robust', 'knife-edge'].includes(c.robustness.kind), `${c.id}: robustness read`)
    assert.match(c.robustness.summary, /^(robust \(|knife-edge: flips to )/)
  }
  const unrun = doc.presets.find((p) => p.id === 'iclr23-fig1a')!
  assert.equal(unrun.verdict, 'not run at this scale')
  assert.equal(unrun.provisional, false)
  assert.deepEqual(unrun.runs, { done: 0, total: 0, failed: 0 })
  assert.ok(unrun.claims.every((c) => c.verdict === 'not run at this scale' && c.robustness === null))
})

test('verdicts as a table: the provisional state and the left-out runs in words', async () => {
  store([0], [1])
  const result = await cli('verdicts', '--db', db, '--preset', PRESET)
  assert.equal(result.status, 0, result.stderr)
  const lines = result.stdout.trim().split('\n')
  assert.equal(lines.length, 3, 'header, rule, one row')
  assert.match(lines[0], /^figure\s+preset\s+verdict\s+runs\s+robustness\s+why$/)
  assert.match(lines[2], new RegExp(`${PRESET}\\s+${expectedVerdict([0])}, provisional\\s+1/${total} \\(1 failed\\)\\s+(robust \\(|knife-edge: )`))
  assert.match(lines[2], new RegExp(`\\[provisional \\(1 of ${total} runs\\)\\] \\[leaves out 1 of ${total} runs \\(failed, cancelled or interrupted\\)\\]$`))
})

test('verdicts when nothing is queued: not provisional; the failed run is still counted as left out', async () => {
  const rest = Array.from({ length: total }, (_, i) => i).filter((i) => i !== 1)
  store(rest, [1])
  const doc = JSON.parse((await cli('verdicts', '--db', db, '--json', '--preset', PRESET)).stdout) as VerdictsJson
  assert.equal(doc.presets.length, 1)
  assert.equal(doc.presets[0].provisional, false)
  assert.deepEqual(doc.presets[0].runs, { done: rest.length, total, failed: 1 })
  assert.equal(doc.presets[0].verdict, expectedVerdict(rest))
  const table = (await cli('verdicts', '--db', db, '--preset', PRESET)).stdout
  assert.doesNotMatch(table, /provisional/)
  assert.match(table, /leaves out 1 of/)
})

test('verdicts after a crash: the run its process left running is counted as left out; the queued ones keep it provisional', async () => {
  sweep.put(db, [0], [], [1])
  const doc = JSON.parse((await cli('verdicts', '--db', db, '--json', '--preset', PRESET)).stdout) as VerdictsJson
  assert.equal(doc.presets[0].provisional, true)
  assert.deepEqual(doc.presets[0].runs, { done: 1, total, failed: 1 })
})

test('verdicts: bad flags name themselves', async () => {
  const bad = await cli('verdicts', '--db', db, '--preset', 'nope')
  assert.equal(bad.status, 2)
  assert.match(bad.stderr, /--preset: no preset "nope"/)
  assert.match((await cli('verdicts', '--db', db, '--scale', 'huge')).stderr, /--scale: expected quick, lab, paper, got "huge"/)
})
