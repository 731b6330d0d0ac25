/**
 * The HTML report of a sweep read mid-way: the verdict table and the card say "provisional (n of m runs)" while runs
 * are queued, and how many runs the verdict left out; once every run has ended, the provisional mark goes. Each claim
 * carries its robustness line.
 */
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../../../src-main/cli/cli'
import { partialSweep } from '../../helpers/partialSweep'

const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-report-verdicts-'))
const db = join(dir, 'lab.db')
after(() => rmSync(dir, { recursive: true, force: true }))

const PRESET = 'proca-fig1-modes'
const sweep = partialSweep(PRESET)

async function report(): Promise<{ row: string; card: string }> {
  const out = join(dir, 'report.html')
  let stderr = ''
  const status = await runCli(['report', '--db', db, '--preset', PRESET, '--out', out], { stdout: () => {}, stderr: (t) => (stderr += t), interactive: false })
  assert.equal(status, 0, stderr)
  const html = readFileSync(out, 'utf8')
  const row = new RegExp(`<tr data-preset="${PRESET}">(.*?)</tr>`, 's').exec(html)
  const card = new RegExp(`<section class="card" id="preset-${PRESET}">(.*?)</section>`, 's').exec(html)
  assert.ok(row && card, 'a table row and a card for the preset')
  return { row: row[1], card: card[1] }
}

test('report while runs are queued: provisional (n of m runs) and the left-out runs, in the table and on the card', async () => {
  sweep.put(db, [0], [1])
  const { row, card } = await report()
  const verdictCell = row.split('</td>')[3]
  assert.match(verdictCell, new RegExp(`badge [a-z]+">${sweep.verdictOver([0])}</span>`))
  assert.match(verdictCell, new RegExp(`<span class="note provisional">provisional \\(1 of ${sweep.total} runs\\)</span>`))
  assert.match(verdictCell, new RegExp(`<span class="note">leaves out 1 of ${sweep.total} runs \\(failed, cancelled or interrupted\\)</span>`))
  const header = /<h3>(.*?)<\/h3>/s.exec(card)![1]
  assert.match(header, new RegExp(`provisional \\(1 of ${sweep.total} runs\\)`))
  assert.match(header, /leaves out 1 of/)
  // Each claim that ran says how robust its verdict is, on the card and in the table.
  const claims = (card.match(/<div class="claim"/g) ?? []).length
  assert.ok(claims > 0)
  assert.equal((card.match(/<span class="robustness (robust|knife-edge)" data-test="robustness">(robust \(|knife-edge: flips to )/g) ?? []).length, claims)
  assert.equal((row.match(/data-test="robustness"/g) ?? []).length, claims)
})

test('report once every run has ended: no provisional mark; a failed run is still counted', async () => {
  const rest = Array.from({ length: sweep.total }, (_, i) => i).filter((i) => i !== 1)
  sweep.put(db, rest, [1])
  const { row, card } = await report()
  assert.doesNotMatch(row + card, /provisional \(/)
  assert.match(row, new RegExp(`leaves out 1 of ${sweep.total} runs`))
  assert.match(row, new RegExp(`badge [a-z]+">${sweep.verdictOver(rest)}</span>`))
})

test('report of a complete sweep: neither note', async () => {
  sweep.put(db, Array.from({ length: sweep.total }, (_, i) => i), [])
  const { row, card } = await report()
  assert.doesNotMatch(row + card, /class="note/)
})

test('report of EMAMI21 Fig. 3: the kernels per lag and the RNN–twin gap drawn as SVG, axes named from the catalogue', { timeout: 120_000 }, async () => {
  const fig3 = partialSweep('emami21-fig3-delay', 'quick', (spec) => {
    const base = spec.base as Record<string, Record<string, unknown>>
    return { ...spec, base: { ...base, student: { ...base.student, width: 30 }, stopping: { maxSteps: 100 } }, axes: [{ path: 'data.delay', values: [0, 6] }], seeds: [0] }
  })
  fig3.put(db, [0, 1], [])
  const out = join(dir, 'fig3.html')
  assert.equal(await runCli(['report', '--db', db, '--preset', 'emami21-fig3-delay', '--out', out], { stdout: () => {}, stderr: () => {}, interactive: false }), 0)
  const html = readFileSync(out, 'utf8')
  for (const id of ['kernel-regime-tau0', 'kernel-regime-tau6', 'kernel-regime-gap']) {
    const figure = new RegExp(`<figure data-figure="${id}"><figcaption>(.*?)</figcaption>(<svg.*?</svg>)`, 's').exec(html)
    assert.ok(figure, `${id} drawn`)
    assert.match(figure[2], /lag j/, `${id}: the x axis named from the catalogue`)
  }
  const tau6 = /<figure data-figure="kernel-regime-tau6">(.*?)<\/figure>/s.exec(html)![1]
  for (const label of ['√ρ_j, twin scaling', '|L_j|, RNN', '|L_j|, scaled Conv1D', '|L_j|, Conv1D', '|L_j|, ridge optimum']) assert.ok(tau6.includes(label), `${label} in the legend`)
  assert.match(html, /RNN–twin kernel gap, τ = 6<\/td>/, 'the claim reads the gap per delay')
})
