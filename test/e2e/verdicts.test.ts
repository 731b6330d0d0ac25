// The Reproduce view while a sweep is under way: a preset's sweep is put in a temp store with one run done, one
// failed and the rest queued, `impulse-lab serve` shows it, and Chromium reads the card and the verdict table:
// the verdict is marked provisional (n of m runs), the failed run is counted as left out, and every claim that ran
// has its robustness line. Screenshots go to test-artifacts/.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, skipWithoutChromium as skip, startServe } from '../helpers/browser'
import { partialSweep } from '../helpers/partialSweep'

const PRESET = 'proca-fig1-modes'
let dir = ''
let server: ChildProcess | undefined
let browser: Browser | undefined
let total = 0
let url = ''

before(async () => {
  if (skip) return
  mkdirSync(ARTIFACTS, { recursive: true })
  dir = mkdtempSync(join(tmpdir(), 'impulse-lab-verdicts-e2e-'))
  const db = join(dir, 'lab.db')
  const sweep = partialSweep(PRESET)
  total = sweep.total
  sweep.put(db, [0], [1])
  const started = await startServe(db, 1)
  server = started.server
  url = started.url
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS })
})

after(async () => {
  await browser?.close()
  server?.kill('SIGTERM')
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('a provisional card and its robustness lines, and the same state in the verdict table', { skip, timeout: 120_000 }, async () => {
  const page = await browser!.newPage({ viewport: { width: 1440, height: 1000 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(url)
  const card = page.locator(`article.claim-card[data-preset="${PRESET}"]`)
  await card.waitFor({ timeout: 60_000 })
  const notes = card.locator('.panel-head [data-test=verdict-note]')
  assert.deepEqual(await notes.allInnerTexts(), [`provisional (1 of ${total} runs)`, `leaves out 1 of ${total} runs (failed, cancelled or interrupted)`])
  assert.ok(await card.locator('.panel-head [data-test=verdict].provisional').isVisible(), 'the badge is drawn as provisional')
  const claims = card.locator('section.claim')
  const robustness = card.locator('[data-test=robustness]')
  assert.equal(await robustness.count(), await claims.count(), 'a robustness line per claim')
  for (const line of await robustness.allInnerTexts()) assert.match(line, /^(robust \(|knife-edge: )/)
  assert.ok(await robustness.first().isVisible())
  assert.equal(await page.locator('[data-test=provisional-count]').innerText(), '1 provisional (runs still to come)')
  const row = page.locator(`[data-test=verdict-overview] tr[data-preset="${PRESET}"]`)
  assert.deepEqual(await row.locator('[data-test=verdict-note]').allInnerTexts(), [`provisional (1 of ${total} runs)`, `leaves out 1 of ${total} runs (failed, cancelled or interrupted)`])
  assert.match(await row.locator('td.num').innerText(), new RegExp(`1/${total} running · 1 failed`))
  assert.match(await row.locator('[data-test=row-robustness]').innerText(), /^(robust \(|knife-edge: )/)
  await row.screenshot({ path: join(ARTIFACTS, 'verdicts-overview-provisional.png') })
  await card.scrollIntoViewIfNeeded()
  await page.waitForTimeout(500)
  await card.screenshot({ path: join(ARTIFACTS, 'verdicts-card-provisional.png') })
  assert.deepEqual(errors, [])
  await page.close()
})
