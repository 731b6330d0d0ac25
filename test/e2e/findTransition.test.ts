// "Find transition" in the Sweep builder, in a real browser against `impulse-lab serve`: a search preset fills the
// mode in, the budget shows before launch (at most N runs beside the grid's), a bad inner path is named, and a
// launched search fills its k* table and figures live. Screenshots go to test-artifacts/.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, skipWithoutChromium as skip, startServe } from '../helpers/browser'

let server: ChildProcess
let browser: Browser
let page: Page
let dir = ''
const pageErrors: string[] = []

before(async () => {
  if (skip) return
  mkdirSync(ARTIFACTS, { recursive: true })
  dir = mkdtempSync(join(tmpdir(), 'impulse-lab-find-'))
  const started = await startServe(join(dir, 'find.db'), 2)
  server = started.server
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS })
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } })
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(started.url)
  await page.locator('.sidebar').waitFor()
})

after(async () => {
  await browser?.close()
  server?.kill('SIGTERM')
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('find transition: budget before launch, errors named, live k* table and figures', { skip, timeout: 240_000 }, async () => {
  await page.click('[data-view=sweep]')
  await page.locator('[data-test=plan-runs]').waitFor()
  await page.selectOption('[data-test=sweep-preset]', 'iclr23-critical-length')
  await page.locator('[data-test=plan-runs]', { hasText: '120 runs' }).waitFor()
  assert.equal(await page.isChecked('[data-test=search-enable]'), true, 'a search preset turns the mode on')
  const budget = page.locator('[data-test=search-budget]')
  await budget.waitFor()
  // 4 d̂ × 2 seeds × (⌈log2 16⌉ bisection + 1 verification + 2 for a non-monotone chain).
  assert.match((await budget.textContent()) ?? '', /at most 56 runs/)
  assert.match((await page.locator('.find-transition').textContent()) ?? '', /a full grid would run 120/)

  await page.fill('[data-test=search-inner]', 'data.lenght')
  await page.locator('[data-test=search-error]', { hasText: 'add an axis for data.lenght' }).waitFor()
  await page.fill('[data-test=search-inner]', 'data.length')
  await budget.waitFor()
  await page.fill('[data-test=search-until]', 'extrapolation_eror < 0.1')
  await page.locator('[data-test=search-error]', { hasText: 'did you mean extrapolation_error?' }).waitFor()
  await page.screenshot({ path: join(ARTIFACTS, 'find-transition-error.png'), fullPage: true })
  await page.fill('[data-test=search-until]', 'extrapolates')
  await budget.waitFor()

  // Every toast the page shows, kept (they vanish after a few seconds) to count them once the search is over.
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { seenToasts: string[] }).seenToasts = [])
    new MutationObserver((records) => {
      for (const r of records) for (const node of Array.from(r.addedNodes)) if (node instanceof HTMLElement && node.classList.contains('toast')) seen.push(node.textContent ?? '')
    }).observe(document.body, { childList: true, subtree: true })
  })
  await page.click('[data-test=search-launch]')
  const results = page.locator('[data-test=search-results]')
  await page.locator('[data-test=search-status]').waitFor()
  await page.locator('[data-test=search-status]', { hasText: ': done,' }).waitFor({ timeout: 200_000 })
  const status = (await page.locator('[data-test=search-status]').textContent()) ?? ''
  const rounds = Number(/in (\d+) rounds/.exec(status)?.[1])
  assert.ok(rounds >= 2, status)
  const rows = await page.locator('[data-test=search-points] tbody tr').allTextContents()
  assert.equal(rows.length, 4, 'one row per d̂')
  assert.match(rows[0], /^1\s*4\s*\[3, 4\]/, 'd̂ = 1: k* = 4, bracket [3, 4] (the CLI and the grid find the same)')
  assert.ok((await results.locator('canvas').count()) >= 3, 'phase diagram, k* by d̂, k* by effective order')
  await page.locator('.toast', { hasText: 'finished' }).waitFor()
  const toasts = await page.evaluate(() => (window as unknown as { seenToasts: string[] }).seenToasts)
  assert.equal(toasts.filter((t) => /finished/.test(t)).length, 1, `one "finished" toast for ${rounds} rounds: ${JSON.stringify(toasts)}`)

  // The results sit under the builder at full width, not in its narrow column.
  for (const [width, height] of [[1280, 720], [1440, 900]]) {
    await page.setViewportSize({ width, height })
    await page.waitForTimeout(400)
    const box = (await results.boundingBox())!
    const panel = (await page.locator('.find-transition').boundingBox())!
    assert.ok(box.width > 2 * panel.width, `${width}×${height}: results ${box.width}px wide beside the ${panel.width}px column`)
    const phase = (await results.locator('canvas').first().boundingBox())!
    assert.ok(phase.width > 0.8 * box.width, `${width}×${height}: the phase diagram spans the results (${phase.width} of ${box.width}px)`)
    await results.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(ARTIFACTS, `find-transition-done-${width}x${height}.png`) })
  }
  await results.screenshot({ path: join(ARTIFACTS, 'find-transition-done.png') })

  // Other inputs: the old results stay visible but are marked stale; Clear removes them.
  assert.equal(await page.locator('[data-test=search-stale]').count(), 0)
  await page.fill('[data-test=sweep-seeds]', '3')
  await page.locator('[data-test=search-stale]').waitFor()
  assert.match((await page.locator('[data-test=search-shown]').textContent()) ?? '', /stale/)
  await page.screenshot({ path: join(ARTIFACTS, 'find-transition-stale.png') })
  await page.fill('[data-test=sweep-seeds]', '2')
  await page.locator('[data-test=search-stale]').waitFor({ state: 'detached' })
  await page.click('[data-test=search-clear]')
  await results.waitFor({ state: 'detached' })
  await page.setViewportSize({ width: 1440, height: 1000 })
  assert.deepEqual(pageErrors, [])
})

test('teacher designer: "Find k* for this teacher" opens the builder searching k = 2..30 for that teacher', { skip, timeout: 60_000 }, async () => {
  await page.click('[data-view=teacher]')
  await page.click('[data-test=teacher-find-kstar]')
  await page.locator('[data-test=plan-runs]', { hasText: '87 runs' }).waitFor()
  assert.equal(await page.isChecked('[data-test=search-enable]'), true)
  await page.locator('.find-transition', { hasText: 'a full grid would run 87' }).waitFor()
  assert.equal(await page.inputValue('[data-test=sweep-preset]'), '')
  await page.screenshot({ path: join(ARTIFACTS, 'find-transition-teacher.png'), fullPage: true })
  assert.deepEqual(pageErrors, [])
})
