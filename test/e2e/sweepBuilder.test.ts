// The sweep builder and teacher designer in a real browser (Debian's Chromium against `impulse-lab serve`): strict
// specs shown in place (an invalid field keeps the rest of the form, an unknown axis path gets the nearest valid one),
// "Add axis" starts empty, and "Back to poles" keeps a matrices edit. Screenshots go to test-artifacts/.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, chromiumMissing, startServe as serveForTest } from '../helpers/browser'

const FLAGS = CHROMIUM_FLAGS
const skip = chromiumMissing

let server: ChildProcess
let browser: Browser
let page: Page
let dir = ''
const pageErrors: string[] = []

async function startServe(db: string): Promise<string> {
  const started = await serveForTest(db, 1)
  server = started.server
  return started.url
}

async function setInput(selector: string, value: string) {
  const input = page.locator(selector)
  await input.fill(value)
  await input.dispatchEvent('change')
}

before(async () => {
  if (skip) return
  mkdirSync(ARTIFACTS, { recursive: true })
  dir = mkdtempSync(join(tmpdir(), 'impulse-lab-builder-'))
  const url = await startServe(join(dir, 'builder.db'))
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS })
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(url)
  await page.locator('.sidebar').waitFor()
})

after(async () => {
  await browser?.close()
  server?.kill('SIGTERM')
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('sweep builder: errors in place, the rest of the form stays, axis paths get the nearest valid one', { skip, timeout: 120_000 }, async () => {
  await page.click('[data-view=sweep]')
  await page.locator('[data-test=plan-runs]').waitFor()

  // An out-of-range width: its error under the field, the typed value kept, every other field still shown.
  await setInput('[data-test="field-student.width"]', '1000000')
  const widthError = page.locator('[data-test="field-error-student.width"]')
  await widthError.waitFor()
  assert.match((await widthError.textContent()) ?? '', /at most 10,000/)
  assert.equal(await page.inputValue('[data-test="field-student.width"]'), '1000000')
  assert.equal(await page.inputValue('[data-test="field-stopping.maxSteps"]'), '1000', 'the other fields keep their values')
  assert.equal(await page.inputValue('[id="sb-student.kind"]'), 'linear')
  assert.equal(await page.isDisabled('[data-test=sweep-launch]'), true, 'an invalid sweep cannot be launched')
  await page.screenshot({ path: join(ARTIFACTS, 'sweep-builder-invalid-field.png'), fullPage: true })
  await setInput('[data-test="field-student.width"]', '8')
  await widthError.waitFor({ state: 'detached' })

  // "Add axis" starts empty: typing is all there is.
  await page.click('[data-test=axis-add]')
  assert.equal(await page.inputValue('[data-test=axis-path-0]'), '')
  assert.equal(await page.inputValue('[data-test=axis-values-0]'), '')
  await page.locator('[data-test=axis-path-0]').pressSequentially('data.lenght')
  await page.locator('[data-test=axis-values-0]').pressSequentially('2, 4')
  const axisError = page.locator('[data-test=axis-error-0]')
  await axisError.filter({ hasText: 'did you mean data.length?' }).waitFor()
  assert.equal(await page.isDisabled('[data-test=sweep-launch]'), true)
  await page.screenshot({ path: join(ARTIFACTS, 'sweep-builder-axis-suggestion.png'), fullPage: true })

  await page.fill('[data-test=axis-path-0]', 'data.length')
  await axisError.waitFor({ state: 'detached' })
  await page.locator('[data-test=plan-runs]', { hasText: '2 runs' }).waitFor()
  assert.equal(await page.isDisabled('[data-test=sweep-launch]'), false)
  assert.deepEqual(pageErrors, [])
})

test('teacher designer: "Back to poles" keeps an edit of the matrices', { skip, timeout: 60_000 }, async () => {
  await page.click('[data-view=teacher]')
  await page.selectOption('[data-test=teacher-kind]', 'explicit')
  await page.locator('.pole').first().waitFor()
  // Type a 2-state system by hand (eigenvalues 0.5 and −0.25, impulse 0.5^j + 2 (−0.25)^j).
  const matrices = { A: [[0.5, 0], [0, -0.25]], B: [[1], [1]], C: [[1, 2]] }
  const textarea = page.locator('textarea.code')
  await textarea.fill(JSON.stringify(matrices))
  await textarea.dispatchEvent('change')
  // The preview of the edited system (two states) arrives, then the designer takes its poles.
  await page.getByText('effective dimension 2)').waitFor()
  await page.locator('[data-test=back-to-poles]').click()
  await page.locator('.pole').nth(1).waitFor()
  assert.equal(await page.locator('.pole').count(), 2, 'the poles are the edited matrices\' eigenvalues')
  // The designer's A, B, C (modal form) now hold the edited poles and reproduce the edited impulse response.
  const rebuilt = JSON.parse(await textarea.inputValue()) as { A: number[][]; C: number[][] }
  const byPole = new Map(rebuilt.A.map((row, i) => [row[i], rebuilt.C[0][i]]))
  assert.ok(Math.abs((byPole.get(0.5) ?? NaN) - 1) < 1e-6, JSON.stringify(rebuilt))
  assert.ok(Math.abs((byPole.get(-0.25) ?? NaN) - 2) < 1e-6, JSON.stringify(rebuilt))
  await page.screenshot({ path: join(ARTIFACTS, 'teacher-back-to-poles.png'), fullPage: true })
  assert.deepEqual(pageErrors, [])
})
