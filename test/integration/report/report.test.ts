/**
 * `impulse-lab report`: a preset run into a temp store, then the HTML report — a verdict row per preset, the run
 * preset's claims with their numbers, an inline SVG figure, the spec and the code version, nothing fetched.
 */
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../../../src-main/cli/cli'
import { presets } from '../../../src-shared/presets'
import { createLabFixture } from '../../helpers/labFixture'

const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-report-'))
const db = join(dir, 'lab.db')
after(() => rmSync(dir, { recursive: true, force: true }))

async function cli(args: string[]) {
  let stdout = ''
  let stderr = ''
  const status = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), interactive: false })
  return { status, stdout, stderr }
}

test('report after a preset run: verdict table for every preset, claims, SVG figure, spec, code version', { timeout: 120_000 }, async () => {
  const ran = await cli(['run', 'aistats22-counterexamples', '--scale', 'quick', '--db', db, '--workers', '1'])
  assert.equal(ran.status, 0, ran.stderr)
  const out = join(dir, 'report.html')
  const result = await cli(['report', '--db', db, '--out', out])
  assert.equal(result.status, 0, result.stderr)
  assert.match(result.stderr, new RegExp(`wrote ${out}: ${presets.length} presets \\(`))
  const html = readFileSync(out, 'utf8')
  assert.equal((html.match(/<tr data-preset=/g) ?? []).length, presets.length)
  const row = /<tr data-preset="aistats22-counterexamples">(.*?)<\/tr>/s.exec(html)![1]
  assert.match(row, /badge holds">holds/)
  assert.match(/<tr data-preset="iclr23-fig1a">(.*?)<\/tr>/s.exec(html)![1], /not run at this scale/)
  const card = html.slice(html.indexOf('id="preset-aistats22-counterexamples"'))
  assert.match(card, /there exist RNN parameters \(A, B, C\) that minimize the loss/, 'the paper quoted')
  assert.match(card, /Lemma 6\.3 loss<\/td><td class="num">0\.0021</, 'the measured number')
  assert.match(card, /<figure data-figure="impulse"><figcaption>Impulse responses of the constructed solutions<\/figcaption><svg/)
  assert.match(card, /lag j/, 'the x axis named from the catalogue')
  assert.match(card, /&#34;construction&#34;/, 'the sweep spec')
  assert.match(card, /code version <span class="mono">[0-9a-f]{6,}/)
  assert.ok(!/<script|src="http|href="http/.test(html), 'self-contained')
})

test('report --preset narrows it; bad flags name themselves', async () => {
  const out = join(dir, 'one.html')
  assert.equal((await cli(['report', '--db', db, '--preset', 'aistats22-counterexamples', '--out', out])).status, 0)
  assert.equal((readFileSync(out, 'utf8').match(/<tr data-preset=/g) ?? []).length, 1)
  const noOut = await cli(['report', '--db', db])
  assert.equal(noOut.status, 2)
  assert.match(noOut.stderr, /--out: give the HTML file to write/)
  assert.match((await cli(['report', '--db', db, '--scale', 'huge', '--out', out])).stderr, /--scale: expected quick, lab, paper, got "huge"/)
  assert.match((await cli(['report', '--db', db, '--preset', 'nope', '--out', out])).stderr, /--preset: no preset "nope"/)
})

test('LabApi reproduction and exportReport: the preset launched from its card shows its verdict; the export is the report', { timeout: 120_000 }, async () => {
  const lab = createLabFixture(1)
  try {
    const before = await lab.call('reproduction', { scale: 'quick' })
    const card = (id: string, r = before) => r.papers.flatMap((p) => p.cards).find((c) => c.presetId === id)!
    assert.deepEqual(before.papers.map((p) => p.paper), ['AISTATS22', 'ICLR23', 'EMAMI21', 'PROCA'])
    assert.equal(card('proca-fig1-modes').sweep, null)
    assert.equal(card('proca-fig1-modes').verdict, 'not run at this scale')
    assert.ok(card('proca-fig1-modes').estimatedSeconds!.paper! > card('proca-fig1-modes').estimatedSeconds!.quick!)
    // The lab scale is offered only where a preset has one: the view at lab lists those, estimated at lab.
    assert.deepEqual(Object.keys(card('proca-fig1-modes').estimatedSeconds!), ['quick', 'paper'])
    const lab3 = (await lab.call('reproduction', { scale: 'lab' })).papers.flatMap((p) => p.cards)
    assert.deepEqual(lab3.map((c) => c.presetId), ['iclr23-fig2-gru'])
    assert.deepEqual(lab3[0].scales, ['quick', 'lab', 'paper'])
    assert.ok(lab3[0].estimatedSeconds!.lab! > lab3[0].estimatedSeconds!.quick!)
    await assert.rejects(lab.call('getPreset', { id: 'proca-fig1-modes', scale: 'lab' }), /preset proca-fig1-modes has no lab scale \(it has: quick, paper\)/)
    // What Run quick does: the preset's sweep, launched under its id and scale.
    const { sweep } = await lab.call('getPreset', { id: 'proca-fig1-modes', scale: 'quick' })
    const launched = await lab.call('launchSweep', { sweep, preset: 'proca-fig1-modes', scale: 'quick' })
    await lab.scheduler.waitForSweep(launched.id)
    const after = card('proca-fig1-modes', await lab.call('reproduction', { scale: 'quick' }))
    assert.equal(after.sweep?.id, launched.id)
    assert.equal(after.verdict, 'holds', JSON.stringify(after.claims.map((c) => c.outcome.sentence)))
    assert.ok(after.figures.length > 0 && after.figures[0].lines.length > 0)
    assert.equal(after.figures[0].xLabel, 'training step')
    const file = await lab.call('exportReport', { scale: 'quick', presets: ['proca-fig1-modes'] })
    assert.equal(file.mimeType, 'text/html')
    assert.match(file.content, /<tr data-preset="proca-fig1-modes">.*badge holds/s)
    await assert.rejects(lab.call('exportReport', { scale: 'huge' as never }), /exportReport: scale/)
  } finally {
    await lab.close()
  }
})
