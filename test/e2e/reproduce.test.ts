// The reproduction end to end: presets run at quick scale into a temp store through the CLI, `impulse-lab report`
// writes the HTML, Chromium opens it (verdict table, one figure), then the Reproduce view (the landing page) shows
// the same verdicts and exports the same report. Screenshots go to test-artifacts/.
// Every preset at quick scale takes about 15 minutes on 2 cores, so by default a fast set runs (the others show
// "not run at this scale"); IMPULSE_LAB_REPRODUCE_ALL=1 runs them all, as CI's reproduction job does.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { chromium, type Browser } from 'playwright-core'
import { ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, skipWithoutChromium as skip, ROOT, startServe as serveForTest } from '../helpers/browser'
import { presets } from '../../src-shared/presets'

/** The S1 recording: IMPULSE_LAB_S1, else the datasets folder beside the checkout (as the EMAMI21 bench finds it). */
const S1 = process.env.IMPULSE_LAB_S1 ?? join(ROOT, '../shared/datasets/s1_reaching.csv')
const FAST = ['iclr23-fig1a', 'iclr23-fig5-impulse', 'aistats22-fig3-slackness', 'aistats22-counterexamples', 'proca-fig1-modes', 'emami21-table1-s1']
const chosen = process.env.IMPULSE_LAB_REPRODUCE_ALL === '1' ? presets.map((p) => p.id) : FAST
const run = promisify(execFile)
const cli = (args: string[]) => run(process.execPath, [join(ROOT, 'bin/impulse-lab.mjs'), ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 })

let dir = ''
let db = ''
let server: ChildProcess | undefined
let browser: Browser | undefined
const ran: string[] = []

before(async () => {
  if (skip) return
  mkdirSync(ARTIFACTS, { recursive: true })
  dir = mkdtempSync(join(tmpdir(), 'impulse-lab-reproduce-'))
  db = join(dir, 'reproduce.db')
  for (const id of chosen) {
    const needsDataset = presets.find((p) => p.id === id)!.needsDataset
    if (needsDataset && !existsSync(S1)) continue
    const started = Date.now()
    await cli(['run', id, '--scale', 'quick', '--db', db, '--workers', '2', ...(needsDataset ? ['--set', `data.dataset=${S1}`] : [])])
    ran.push(id)
    console.log(`# ${id}: ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS })
})

after(async () => {
  await browser?.close()
  server?.kill('SIGTERM')
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('impulse-lab report: a verdict row for every preset and figures as inline SVG, opened in Chromium', { skip, timeout: 1_800_000 }, async (t) => {
  if (!existsSync(S1)) t.diagnostic(`S1 recording not found at ${S1}: emami21-table1-s1 is not run, its card says so`)
  const out = join(dir, 'report.html')
  await cli(['report', '--scale', 'quick', '--db', db, '--out', out])
  const html = readFileSync(out, 'utf8')
  assert.ok(!/<script|<link|src="http/.test(html), 'self-contained: no scripts, no external resources')
  const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } })
  await page.goto(`file://${out}`)
  const rows = page.locator('#verdict-table tbody tr')
  assert.equal(await rows.count(), presets.length, 'one row per preset')
  for (const id of presets.map((p) => p.id)) {
    const verdict = (await page.locator(`#verdict-table tr[data-preset="${id}"] td:nth-child(4)`).innerText()).trim()
    assert.ok(['holds', 'partly', 'fails', 'not run at this scale'].includes(verdict), `${id}: ${verdict}`)
    if (!ran.includes(id)) assert.equal(verdict, 'not run at this scale', `${id} did not run`)
  }
  // These quick sweeps reproduce their paper: a claim regression shows here as well as in the claim tests.
  for (const id of ['aistats22-fig3-slackness', 'aistats22-counterexamples', 'proca-fig1-modes']) {
    assert.equal((await page.locator(`#verdict-table tr[data-preset="${id}"] td:nth-child(4)`).innerText()).trim(), 'holds', id)
  }
  const figure = page.locator('#preset-iclr23-fig1a figure').first()
  assert.match(await figure.locator('figcaption').innerText(), /Extrapolation error against training length k/)
  const svgText = await figure.locator('svg').innerHTML()
  assert.match(svgText, /training length k/, 'the x axis is named from the catalogue')
  assert.match(svgText, /zero solution/, 'the zero solution is drawn beside the student')
  assert.ok((await figure.locator('svg path').count()) > 10, 'the figure has drawn lines')
  await page.locator('#verdict-table').screenshot({ path: join(ARTIFACTS, 'report-verdicts.png') })
  await page.locator('#preset-iclr23-fig1a').screenshot({ path: join(ARTIFACTS, 'report-iclr23-fig1a.png') })
  if (ran.includes('emami21-table1-s1')) {
    const table = page.locator('#preset-emami21-table1-s1 [data-test=r2-table]')
    assert.match(await table.innerText(), /ridge optimum/)
    assert.match(await table.innerText(), /0\.6565/, 'the paper\'s Conv1D R² (whole, x) beside ours')
    await page.locator('#preset-emami21-table1-s1').screenshot({ path: join(ARTIFACTS, 'report-emami21-table1.png') })
  }
  await page.close()
})

test('the Reproduce view is the landing page: cards with verdicts, Table 1 as a table, Export report', { skip, timeout: 300_000 }, async () => {
  const started = await serveForTest(db, 2)
  server = started.server
  const url = started.url
  const page = await browser!.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(url)
  await page.locator('.claim-card').first().waitFor({ timeout: 60_000 })
  assert.equal(await page.locator('.claim-card').count(), presets.length, 'a card per preset')
  const fig1a = page.locator('[data-preset="iclr23-fig1a"]')
  assert.notEqual((await fig1a.locator('[data-test=verdict]').first().innerText()).trim(), 'not run at this scale')
  assert.ok(await fig1a.locator('canvas').count() > 0, 'its figure is drawn')
  const unrun = presets.find((p) => !ran.includes(p.id))
  if (unrun) {
    const card = page.locator(`[data-preset="${unrun.id}"]`)
    assert.match(await card.locator('[data-test=run-quick]').innerText(), /Run quick · (~\d|< 1 s)/, 'an unrun card offers a run with its estimated time')
  }
  if (ran.includes('emami21-table1-s1')) {
    await page.locator('[data-preset="emami21-table1-s1"] [data-test=r2-table]').scrollIntoViewIfNeeded()
    const r2 = await page.locator('[data-preset="emami21-table1-s1"] [data-test=r2-table]').innerText()
    assert.match(r2, /scaled Conv1D/)
    assert.match(r2, /ridge optimum[\s\S]*least squares \(no penalty\)/, 'the closed forms below the models')
    await page.locator('#card-emami21-table1-s1').screenshot({ path: join(ARTIFACTS, 'reproduce-table1-card.png') })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.locator('#card-emami21-table1-s1').screenshot({ path: join(ARTIFACTS, 'reproduce-table1-card-dark.png') })
    await page.emulateMedia({ colorScheme: 'light' })
  }
  await page.waitForTimeout(800)
  await page.screenshot({ path: join(ARTIFACTS, 'reproduce-view.png') })
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export-report]')])
  const exported = readFileSync((await download.path())!, 'utf8')
  assert.match(exported, /id="verdict-table"/)
  assert.equal(download.suggestedFilename(), 'impulse-lab-report-quick.html')
  assert.deepEqual(errors, [])
})
