// Run management in a real browser (Debian's Chromium via playwright-core) against `impulse-lab serve`: pick metric
// columns and sort by one, filter with the query language, tag and note a run, multi-select into Compare, aggregate
// curves by group with a band, delete a sweep to the trash and restore it, the menu's shortcuts. Screenshots go to test-artifacts/runs-*.png.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { ARTIFACTS, closeE2e, type E2eLab, e2eDir, openPage, runCli as cli, skipWithoutChromium as skip, startServe as serveForTest } from '../helpers/browser'


const lab: E2eLab = { dir: '' }
let page: Page
let url = ''
const pageErrors: string[] = []

async function startServe(db: string): Promise<string> {
  const started = await serveForTest(db, 1)
  lab.server = started.server
  return started.url
}

async function shot(name: string) {
  await page.waitForTimeout(400) // let chart animations settle
  await page.screenshot({ path: join(ARTIFACTS, `runs-${name}.png`), fullPage: true })
}

/** The text of every cell of a runs-table column, by its header's data-sort key. */
async function columnValues(key: string): Promise<string[]> {
  const index = await page.locator('[data-test=runs-table] thead th').evaluateAll((ths, k) => ths.findIndex((th) => th.getAttribute('data-sort') === k), key)
  assert.ok(index >= 0, `no column ${key}`)
  return page.locator(`[data-test=runs-table] tbody tr.run-row td:nth-child(${index + 1})`).allInnerTexts()
}

const total = () => page.locator('[data-test=runs-total]').innerText()

before(async () => {
  if (skip) return
  lab.dir = e2eDir('runs')
  const db = join(lab.dir, 'runs.db')
  // Two finished sweeps: ICLR23 Fig. 1a (6 lengths × 3 seeds) and a second, smaller one to delete and restore.
  // The stable teacher arm only (--set on a swept path replaces its axis), so the counts below are the preset's lengths × seeds.
  cli(['run', 'iclr23-fig1a', '--scale', 'quick', '--set', 'teacher.eigMax=1', '--workers', '2', '--db', db, '--json'])
  cli(['run', 'iclr23-fig1a', '--scale', 'quick', '--set', 'teacher.eigMax=1', '--set', 'data.length=5', '--set', 'seeds=[0,1]', '--db', db, '--json'])
  url = await startServe(db)
  ;({ browser: lab.browser, page } = await openPage(pageErrors, { viewport: { width: 1440, height: 900 } }, (text) => /status of 400/.test(text)))
})

after(() => closeE2e(lab))

test('runs: columns, sort, query, tags and notes, multi-select into Compare with bands, trash', { skip, timeout: 300_000 }, async () => {
  await page.goto(`${url}#/runs`) // the app lands on Reproduce
  await page.locator('[data-test=runs-table] tr.run-row').first().waitFor()
  assert.equal(await total(), '1–20 of 20')

  // Pick a metric column, then sort by it both ways (server-side: the whole store, not the page).
  await page.click('[data-test=columns-button]')
  await page.click('[data-column=extrapolation_error]')
  await page.click('[data-test=columns-button]')
  await page.click('th[data-sort=extrapolation_error]')
  await page.waitForFunction(() => document.querySelector('th[data-sort=extrapolation_error] .sort-mark')?.textContent === '▲')
  await page.waitForTimeout(300)
  const ascending = (await columnValues('extrapolation_error')).map(Number)
  assert.equal(ascending.length, 20)
  assert.deepEqual(ascending, [...ascending].sort((a, b) => a - b))
  await page.click('th[data-sort=extrapolation_error]')
  await page.waitForFunction(() => document.querySelector('th[data-sort=extrapolation_error] .sort-mark')?.textContent === '▼')
  await page.waitForTimeout(300)
  const descending = (await columnValues('extrapolation_error')).map(Number)
  assert.deepEqual(descending, [...ascending].reverse())
  await shot('sorted')

  // The query box filters as you type; a bad query says where it is wrong and keeps the last good page.
  await page.fill('[data-test=runs-filter]', 'data.length >= 8 and')
  await page.locator('[data-test=query-error]').waitFor()
  assert.match(await page.locator('[data-test=query-error]').innerText(), /expected a condition, found the end of the query at column 21/)
  await shot('bad-query')
  await page.fill('[data-test=runs-filter]', 'data.length >= 8 and student.kind = linear')
  await page.waitForFunction(() => document.querySelector('[data-test=runs-total]')?.textContent === '1–9 of 9')
  assert.equal(await page.locator('[data-test=query-error]').count(), 0)
  const lengths = await page.locator('[data-test=runs-table] td.params').allInnerTexts()
  assert.ok(lengths.every((p) => /length=(8|12|16) /.test(p)), lengths.join(' | '))

  // Tag and note the first run; tag: then finds it.
  const tagged = (await page.locator('[data-test=runs-table] tr.run-row').first().getAttribute('data-run'))!
  await page.locator('[data-test=run-organise]').first().click()
  await page.fill('[data-test=organiser-tag-input]', 'good')
  await page.press('[data-test=organiser-tag-input]', 'Enter')
  await page.locator('[data-test=organiser-tag]', { hasText: 'good' }).waitFor()
  await page.fill('[data-test=organiser-note]', 'Extrapolates: **keep** for the paper figure')
  await page.click('[data-test=organiser-save-note]')
  await page.locator('.toast', { hasText: 'Note saved' }).waitFor()
  await page.fill('[data-test=runs-filter]', 'tag:good')
  await page.waitForFunction(() => document.querySelector('[data-test=runs-total]')?.textContent === '1–1 of 1')
  assert.equal(await page.locator('[data-test=runs-table] tr.run-row').getAttribute('data-run'), tagged)
  assert.match(await page.locator('[data-test=runs-table] tr.run-row').innerText(), /good/)
  await shot('tagged')

  // Multi-select six runs of the first sweep into Compare, grouped by length with a band per group.
  await page.fill('[data-test=runs-filter]', 'sweep = s1 and data.length >= 8')
  await page.waitForFunction(() => document.querySelector('[data-test=runs-total]')?.textContent === '1–9 of 9')
  for (let i = 0; i < 6; i++) await page.locator('[data-test=select-run]').nth(i).check()
  assert.match(await page.locator('[data-test=selection-bar]').innerText(), /6 selected/)
  await page.click('[data-test=compare-selected]')
  await page.waitForFunction(() => window.location.hash.startsWith('#/compare?runs='))
  await page.locator('[data-test=diff-table]').waitFor()
  assert.equal(await page.locator('[data-test=diff-table] thead th').count(), 1 + 6)
  await page.selectOption('[data-test=compare-group]', 'data.length')
  await page.locator('[data-test=bands-chart]').waitFor()
  const bandTitle = await page.locator('[data-test=bands-chart] h3').innerText()
  assert.match(bandTitle, /by training length k: mean ± std over 6 runs/)
  await page.selectOption('[data-test=compare-band]', 'median-range')
  await page.fill('[data-test=compare-smoothing]', '0.5')
  await page.waitForFunction(() => /median, min–max over 6 runs, EMA 0\.50/.test(document.querySelector('[data-test=bands-chart] h3')?.textContent ?? ''))
  await shot('compare-bands')

  // Delete the second sweep to the trash, see it there, restore it.
  await page.goto(`${url}#/runs`)
  await page.locator('[data-test=sweeps-table] [data-sweep=s2]').waitFor()
  await page.locator('[data-sweep=s2] [data-test=sweep-delete]').click()
  await page.locator('[data-test=sweeps-table] [data-sweep=s2]').waitFor({ state: 'detached' })
  await page.fill('[data-test=runs-filter]', '')
  await page.waitForFunction(() => document.querySelector('[data-test=runs-total]')?.textContent === '1–18 of 18')
  await page.click('[data-test=trash-toggle]')
  await page.locator('[data-test=sweeps-table] [data-sweep=s2]').waitFor()
  await page.waitForFunction(() => document.querySelector('[data-test=runs-total]')?.textContent === '1–2 of 2')
  await shot('trash')
  await page.locator('[data-sweep=s2] [data-test=sweep-restore]').click()
  await page.locator('[data-test=sweeps-table] [data-sweep=s2]').waitFor({ state: 'detached' })
  await page.click('[data-test=trash-toggle]')
  await page.locator('[data-test=sweeps-table] [data-sweep=s2]').waitFor()
  await page.waitForFunction(() => document.querySelector('[data-test=runs-total]')?.textContent === '1–20 of 20')

  // The desktop menu's shortcuts work in browser mode too.
  await page.keyboard.press('Control+2')
  await page.waitForFunction(() => window.location.hash.startsWith('#/compare'))
  await page.keyboard.press('Control+1')
  await page.waitForFunction(() => window.location.hash.startsWith('#/runs'))
  await page.keyboard.press('Control+n')
  await page.waitForFunction(() => window.location.hash.startsWith('#/sweep'))

  assert.deepEqual(pageErrors, [])
})
