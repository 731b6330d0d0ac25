// Estimates, launching and run management in Chromium against `impulse-lab serve`: the scale labels say what a scale
// costs, the sweep builder refuses a GRU on the population loss at its field, a launched sweep shows its estimate
// beside its wall time, a failed run shows why in the table, a misspelt query names the nearest metric, `/` focuses
// the query box, shift-click selects a range that takes tags at once (a tag with a space is refused), emptying the
// trash asks first, and an opened dataset plots its neurons and behaviour. Screenshots: test-artifacts/manage-*.png.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { ARTIFACTS, closeE2e, type E2eLab, e2eDir, openPage, runCli, skipWithoutChromium as skip, startServe } from '../helpers/browser'
import { Store } from '../../src-main/store/index'
import { trashItems } from '../../src-main/store/organise'
import { expandSweep, parseSweepSpec } from '../../src-shared/spec/sweep'
import type { SweepSpecInput } from '../../src-shared/spec/experiment'

const lab: E2eLab = { dir: '' }
let page: Page
let url = ''
const pageErrors: string[] = []
const FAILURE = 'data.loss: gated students train on sampled sequences; set data.loss = "empirical"'

/** Six runs of a length sweep (the last failed, with its reason) and a second sweep in the trash. */
function seed(db: string): void {
  const store = Store.open(db)
  const make = (title: string, spec: SweepSpecInput, fail: number | null) => {
    const planned = expandSweep(spec)
    const { sweep, runIds } = store.createSweep({ preset: null, scale: null, title, spec: parseSweepSpec(spec), runs: planned })
    runIds.forEach((id, i) => {
      store.claimRun(id, 'test')
      if (i === fail) store.failRun(id, FAILURE)
      else store.finishRun(id, { metrics: { extrapolation_error: (i + 1) / 100, final_loss: 0.01 }, series: {}, models: {}, warnings: [], steps: 1 }, 5)
    })
    return sweep.id
  }
  make('Lengths', { title: 'Lengths', base: { teacher: { kind: 'random-stable', dim: 2 }, student: { width: 4 } }, axes: [{ path: 'data.length', values: [4, 8, 12] }], seeds: [0, 1] }, 5)
  const old = make('Old', { title: 'Old', base: { student: { width: 4 } }, seeds: [0, 1] }, null)
  trashItems(store, [old])
  store.close()
}

async function shot(name: string) {
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(ARTIFACTS, `manage-${name}.png`), fullPage: true })
}

before(async () => {
  if (skip) return
  lab.dir = e2eDir('manage')
  const db = join(lab.dir, 'manage.db')
  seed(db)
  const rows = Array.from({ length: 300 }, (_, i) => `${(i * 0.02).toFixed(2)},${i % 3},${(i * 7) % 5},${i % 2},${(i % 4) + 1},${Math.sin(i / 20).toFixed(4)}`)
  writeFileSync(join(lab.dir, 'rec.csv'), ['time,n1,n2,n3,n4,vel_x', ...rows].join('\n'))
  runCli(['import', join(lab.dir, 'rec.csv'), '--name', 'rec', '--db', db])
  const started = await startServe(db, 2)
  lab.server = started.server
  // a 500 in the page is only 'internal error': the serve log says what it was
  lab.server.stderr!.on('data', (d) => /internal error/.test(String(d)) && process.stderr.write(`[serve] ${d}`))
  url = started.url
  ;({ browser: lab.browser, page } = await openPage(pageErrors, { viewport: { width: 1280, height: 720 } }, (text) => /status of 400/.test(text)))
})

after(() => closeE2e(lab))

test('runs table: failed reason, misspelt query, / to the query box, shift-click range, tags at once', { skip, timeout: 300_000 }, async () => {
  await page.goto(`${url}#/runs`)
  await page.locator('[data-test=runs-table] tr.run-row').first().waitFor()

  // the failed run says why, in the table
  const reason = page.locator('[data-test=run-reason]')
  await reason.first().waitFor()
  assert.equal(await reason.count(), 1)
  assert.equal(await reason.first().innerText(), FAILURE)

  // `/` from anywhere on the page lands in the query box
  await page.locator('h2').first().click()
  await page.keyboard.press('/')
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-test')), 'runs-filter')
  await page.keyboard.type('extrapolaton_error < 0.1')
  const queryError = page.locator('[data-test=query-error]')
  await queryError.waitFor()
  assert.match(await queryError.innerText(), /no run has a metric or parameter "extrapolaton_error" \(nearest: extrapolation_error/)
  await shot('query-error')
  await page.fill('[data-test=runs-filter]', '')
  await queryError.waitFor({ state: 'detached' })

  // click the first row, shift-click the fourth: four selected
  const boxes = page.locator('[data-test=runs-table] tr.run-row [data-test=select-run]')
  await boxes.nth(0).click()
  await boxes.nth(3).click({ modifiers: ['Shift'] })
  await page.locator('[data-test=selection-bar]', { hasText: '4 selected' }).waitFor()
  const checked = await boxes.evaluateAll((els) => els.map((el) => (el as HTMLInputElement).checked))
  assert.deepEqual(checked.slice(0, 5), [true, true, true, true, false])

  // a tag with a space is refused with the rule; a comma-separated list lands on every selected run
  await page.fill('[data-test=bulk-tag-input]', 'long k')
  await page.press('[data-test=bulk-tag-input]', 'Enter')
  assert.match(await page.locator('[data-test=bulk-tag-error]').innerText(), /tag "long k": a tag has no spaces \(write long-k/)
  await page.fill('[data-test=bulk-tag-input]', 'long-k, good')
  await page.press('[data-test=bulk-tag-input]', 'Enter')
  await page.locator('[data-test=runs-table] tr.run-row .tag', { hasText: 'long-k' }).nth(3).waitFor()
  assert.equal(await page.locator('[data-test=runs-table] tr.run-row .tag', { hasText: 'long-k' }).count(), 4)
  await shot('selection-tags')
  assert.deepEqual(pageErrors, [])
})

test('empty trash asks, saying how many sweeps and runs go', { skip, timeout: 120_000 }, async () => {
  await page.goto(`${url}#/runs`)
  await page.click('[data-test=trash-toggle]')
  await page.click('[data-test=trash-empty]')
  const confirm = page.locator('[data-test=trash-confirm]')
  await confirm.waitFor()
  assert.match(await confirm.innerText(), /Remove 1 sweep and 2 runs for good\? This cannot be undone\./)
  await shot('trash-confirm')
  await page.click('[data-test=trash-confirm-no]')
  await confirm.waitFor({ state: 'detached' })
  assert.equal(await page.locator('[data-test=sweeps-table] [data-sweep]').count(), 1, 'keeping them leaves the trash as it was')
  await page.click('[data-test=trash-empty]')
  await page.click('[data-test=trash-confirm-yes]')
  await page.locator('[data-test=sweeps-table] [data-sweep]').first().waitFor({ state: 'detached' })
  await page.click('[data-test=trash-toggle]')
  assert.deepEqual(pageErrors, [])
})

test('launching: a GRU on the population loss is refused at its field; a launched sweep shows estimate against actual', { skip, timeout: 300_000 }, async () => {
  await page.goto(`${url}#/sweep`)
  await page.locator('[data-test=plan-runs]').waitFor()
  await page.selectOption('[id="sb-student.kind"]', 'gru')
  const lossError = page.locator('[data-test="field-error-data.loss"]')
  await lossError.waitFor()
  assert.match(await lossError.innerText(), /gated students \(gru\) train on sampled sequences; set data.loss = "empirical"/)
  assert.equal(await page.isDisabled('[data-test=sweep-launch]'), true)
  await shot('builder-gru-population')

  // back to a linear student, small and short; launch and wait for it
  await page.selectOption('[id="sb-student.kind"]', 'linear')
  await lossError.waitFor({ state: 'detached' })
  for (const [field, value] of [['stopping.maxSteps', '200'], ['student.width', '4']]) {
    await page.fill(`[data-test="field-${field}"]`, value)
    await page.locator(`[data-test="field-${field}"]`).dispatchEvent('change')
  }
  await page.locator('[data-test=plan-time]').waitFor()
  assert.equal(await page.isDisabled('[data-test=sweep-launch]'), false)
  await page.click('[data-test=sweep-launch]')
  await page.goto(`${url}#/runs`)
  const timing = page.locator('[data-test=sweep-timing]', { hasText: 'est.' })
  await timing.waitFor({ timeout: 120_000 })
  assert.match(await timing.innerText(), /^took .+ · est\. .+$/)
  await shot('sweep-timing')
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.setViewportSize({ width: 1440, height: 900 })
  await shot('sweep-timing-dark')
  await page.emulateMedia({ colorScheme: 'light' })
  await page.setViewportSize({ width: 1280, height: 720 })
  assert.deepEqual(pageErrors, [])
})

test('reproduce: the scale says what running every figure costs here; a dataset plots its traces', { skip, timeout: 180_000 }, async () => {
  await page.goto(`${url}#/reproduce`)
  const quick = page.locator('[data-test=scale-quick]')
  await page.locator('[data-test=verdict-summary]').waitFor({ timeout: 120_000 })
  const label = await quick.innerText()
  assert.doesNotMatch(label, /seconds\)/)
  assert.match(label, /^quick \(about .+ for all \d+\)$/)
  await shot('reproduce-scale')

  await page.goto(`${url}#/datasets`)
  await page.locator('[data-test^=dataset-open-]').first().click()
  const traces = page.locator('[data-test=dataset-traces] canvas, [data-test=dataset-traces] svg')
  await traces.first().waitFor()
  assert.ok((await traces.count()) >= 2)
  await shot('dataset-traces')
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.setViewportSize({ width: 1440, height: 900 })
  await shot('dataset-traces-dark')
  assert.deepEqual(pageErrors, [])
})
