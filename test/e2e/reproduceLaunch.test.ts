// Run from the Reproduce view, in Chromium against `impulse-lab serve` on an empty store: a card's "Run quick" asks
// main to launch the preset by id (no spec fetched, no dataset picked by the page), and while its runs finish the view
// re-reads only that card, which ends with a verdict. Screenshot: test-artifacts/reproduce-launch.png.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, skipWithoutChromium as skip, startServe } from '../helpers/browser'

const PRESET = 'proca-fig1-modes'
let dir = ''
let server: ChildProcess | undefined
let browser: Browser | undefined
let url = ''

before(async () => {
  if (skip) return
  mkdirSync(ARTIFACTS, { recursive: true })
  dir = mkdtempSync(join(tmpdir(), 'impulse-lab-launch-e2e-'))
  ;({ server, url } = await startServe(join(dir, 'lab.db'), 2))
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS })
})

after(async () => {
  await browser?.close()
  server?.kill('SIGTERM')
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('Run quick launches the preset by id; only its card is re-read until it has a verdict', { skip, timeout: 240_000 }, async () => {
  const page = await browser!.newPage({ viewport: { width: 1440, height: 1000 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  const calls: Array<{ method: string; body: Record<string, unknown> }> = []
  page.on('request', (request) => {
    const match = /\/api\/(\w+)/.exec(new URL(request.url()).pathname)
    if (match && request.method() === 'POST') calls.push({ method: match[1], body: JSON.parse(request.postData() || '{}') })
  })
  await page.goto(url)
  const card = page.locator(`article.claim-card[data-preset="${PRESET}"]`)
  await card.waitFor({ timeout: 60_000 })
  const verdict = card.locator('header [data-test=verdict]')
  assert.equal((await verdict.innerText()).trim(), 'not run at this scale')
  const before = calls.length
  await card.locator('[data-test=run-quick]').click()
  await page.waitForFunction(
    (id) => {
      const badge = document.querySelector(`article.claim-card[data-preset="${id}"] header [data-test=verdict]`)
      return !!badge && !/not run at this scale|provisional/.test(`${badge.className} ${badge.textContent}`)
    },
    PRESET,
    { timeout: 180_000 },
  )
  await page.screenshot({ path: join(ARTIFACTS, 'reproduce-launch.png') })
  const after = calls.slice(before)
  assert.deepEqual(after.filter((c) => c.method === 'launchPreset').map((c) => c.body), [{ id: PRESET, scale: 'quick' }])
  assert.deepEqual(after.filter((c) => ['getPreset', 'launchSweep', 'listDatasets'].includes(c.method)), [], 'the page neither fetches the spec nor picks a dataset')
  const partial = after.filter((c) => c.method === 'reproduction' && Array.isArray(c.body.presets))
  assert.ok(partial.length > 0, 'the card is re-read on its own')
  for (const c of partial) assert.deepEqual(c.body.presets, [PRESET], 'only the card whose sweep changed')
  assert.deepEqual(errors, [])
})
