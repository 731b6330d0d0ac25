// Datasets in a real browser: import a broken S1-like recording (a text column with bad cells), see every bad
// cell with its line and column while roles are detected, ignore that column, import; then preview, rename and
// delete (refused while a run uses it) and pick the dataset in the sweep builder. Screenshots go to test-artifacts/.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, skipWithoutChromium as skip, startServe as serveForTest } from '../helpers/browser'


let server: ChildProcess
let browser: Browser
let page: Page
let dir = ''
let url = ''
const pageErrors: string[] = []

async function startServe(db: string): Promise<string> {
  const started = await serveForTest(db, 1)
  server = started.server
  return started.url
}

const shot = async (name: string) => {
  await page.waitForTimeout(200)
  await page.screenshot({ path: join(ARTIFACTS, `datasets-${name}.png`), fullPage: true })
}

/**
 * An S1-like recording (50 ms bins, 52 neurons' counts, hand velocity and position: the shape of EMAMI21's S1 data)
 * with a hand-written "quality" column whose bad cells are notes and an overflowing number. Large enough (20,000
 * rows) that detecting roles takes a moment, so the spinner shows.
 */
function brokenRecording(): { csv: Buffer; badLines: number[] } {
  const neurons = Array.from({ length: 52 }, (_, i) => `n${String(i + 1).padStart(2, '0')}`)
  const lines = [['time_s', ...neurons, 'vel_x', 'vel_y', 'pos_x', 'pos_y', 'quality'].join(',')]
  const badLines: number[] = []
  for (let i = 0; i < 20_000; i++) {
    const counts = neurons.map((_, n) => (i * 7 + n * 13) % 5 === 0 ? (i + n) % 3 : 0)
    const t = i * 0.05
    const line = lines.length + 1
    const bad = i % 500 === 7
    if (bad) badLines.push(line)
    const quality = bad ? (i % 1000 === 7 ? 'spike sorting unsure' : '1e309') : '1'
    lines.push([t.toFixed(2), ...counts, Math.sin(t).toFixed(4), Math.cos(t).toFixed(4), (Math.sin(t / 3) * 10).toFixed(3), (Math.cos(t / 3) * 10).toFixed(3), quality].join(','))
  }
  return { csv: Buffer.from(lines.join('\n') + '\n'), badLines }
}

before(async () => {
  if (skip) return
  mkdirSync(ARTIFACTS, { recursive: true })
  dir = mkdtempSync(join(tmpdir(), 'impulse-lab-e2e-datasets-'))
  url = await startServe(join(dir, 'e2e.db'))
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS })
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  page.on('pageerror', (error) => pageErrors.push(error.message))
})

after(async () => {
  await browser?.close()
  server?.kill('SIGTERM')
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('a broken CSV: every bad cell listed, its column ignored, the import retried and landed; then manage it', { skip, timeout: 180_000 }, async () => {
  await page.goto(url)
  await page.locator('.sidebar').waitFor()
  // The start token opened the page and then left the address bar (it lives in an HttpOnly cookie now).
  assert.doesNotMatch(page.url(), /token=/)

  await page.click('[data-view=datasets]')
  const { csv, badLines } = brokenRecording()
  await page.setInputFiles('[data-test=dataset-file]', { name: 's1_broken.csv', mimeType: 'text/csv', buffer: csv })
  await page.locator('[data-test=dataset-detecting]').waitFor({ timeout: 10_000 })
  await shot('detecting')
  await page.locator('[data-test=csv-problems]').waitFor({ timeout: 60_000 })
  const listed = await page.locator('[data-test=csv-problem]').evaluateAll((rows) => rows.map((r) => Array.from(r.children).map((c) => c.textContent ?? '')))
  assert.deepEqual(listed.map((r) => Number(r[0])), badLines, 'every bad cell is listed with its line')
  assert.ok(listed.every((r) => r[1] === 'quality'))
  assert.ok(listed.some((r) => /"1e309" is too large for a 64-bit number/.test(r[2])))
  assert.ok(listed.some((r) => /"spike sorting unsure" is not a number/.test(r[2])))
  assert.match((await page.locator('[data-test=csv-problems] .error').textContent()) ?? '', new RegExp(`^\\s*${badLines.length} bad cells`))
  assert.ok(await page.locator('[data-test=dataset-import]').isDisabled(), 'import is refused while there are bad cells')
  await shot('broken')

  await page.click('[data-test=ignore-quality]')
  await page.locator('[data-test=csv-problems]').waitFor({ state: 'detached', timeout: 60_000 })
  assert.equal(await page.locator('[data-test=role-quality]').inputValue(), 'ignore')
  assert.equal(await page.locator('[data-test=role-vel_x]').inputValue(), 'behavior')
  assert.equal(await page.locator('#ds-bin').inputValue(), '0.05')
  await shot('ignored')
  await page.fill('[data-test=dataset-name]', 's1_reaching')
  await page.click('[data-test=dataset-import]')
  const row = page.locator('[data-test=datasets-table] tr', { hasText: 's1_reaching' })
  await row.waitFor({ timeout: 60_000 })
  const id = ((await row.locator('td').first().textContent()) ?? '').trim()
  assert.match(id, /^d\w+$/)

  // Preview and rename.
  await page.click(`[data-test=dataset-open-${id}]`)
  await page.locator('[data-test=dataset-detail]').waitFor()
  assert.match((await page.locator('[data-test=dataset-detail]').textContent()) ?? '', /used by no run/)
  await page.click(`[data-test=dataset-rename-${id}]`)
  await page.fill('[data-test=dataset-rename-input]', 'S1 reaching')
  await page.press('[data-test=dataset-rename-input]', 'Enter')
  await page.locator('[data-test=datasets-table] td', { hasText: /^S1 reaching$/ }).waitFor()
  await shot('imported')

  // The sweep builder's Dataset field is a picker of the stored datasets.
  await page.click('[data-view=sweep]')
  await page.selectOption('[data-test=sweep-preset]', 'emami21-table1-s1')
  const picker = page.locator('[data-test=dataset-picker]')
  await picker.locator('option', { hasText: 'S1 reaching' }).waitFor({ state: 'attached' })
  await picker.selectOption(id)
  assert.equal(await picker.inputValue(), id)
  await shot('picker')

  // A dataset a run uses is not deleted: the refusal names the run (launched by name, stored by id).
  const res = await page.evaluate(async (ref) => {
    const r = await fetch('/api/launchSweep', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sweep: { base: { experiment: 'rnn-conv-twins', teacher: { kind: 'none' }, student: { kind: 'linear', width: 4, widthScaling: true, init: { kind: 'emami21' } }, data: { loss: 'empirical', length: 4, target: 'last', batchSize: 16, trainFraction: 0.7, zscore: true, dataset: ref }, optimizer: { kind: 'sgd', lr: 0.01 }, stopping: { maxSteps: 5 }, options: { models: ['rnn'] } }, axes: [], seeds: [0] } }),
    })
    return r.status
  }, 'S1 reaching')
  assert.equal(res, 200)
  await page.click('[data-view=datasets]')
  await page.click(`[data-test=dataset-delete-${id}]`)
  const refusal = page.locator('[data-test=datasets-error]')
  await refusal.waitFor()
  assert.match((await refusal.textContent()) ?? '', new RegExp(`dataset ${id} "S1 reaching" is used by 1 run \\(r\\w+\\): delete those first`))
  await page.locator('[data-test=dataset-detail]', { hasText: /used by 1 run \(r\w+\)/ }).waitFor()
  assert.match((await page.locator('[data-test=dataset-detail]').textContent()) ?? '', /s1_broken\.csv \(uploaded\)/)
  await shot('delete-refused')
  assert.deepEqual(pageErrors, [])
})
