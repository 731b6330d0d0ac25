// Linkable, readable views, in Debian's Chromium against `impulse-lab serve`: "Compare" from a paper card groups as
// the figure does; two sweeps stay apart grouped by sweep; Compare's and the runs view's state survive a reload, a
// long selection becomes a short saved-view id, named views reopen; an unknown run id is said in place; parallel
// coordinates and the scatter draw; departure notes pass WCAG AA; sweep titles stay short; the loss plot is usable at
// 1280×720; a step-based run is never put on an "epoch" axis. Screenshots at 1280×720 and 1440×900, light and dark.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { ARTIFACTS, closeE2e, type E2eLab, e2eDir, openPage, runCli as cli, skipWithoutChromium as skip, startServe } from '../helpers/browser'
import { contrastRatio } from '../../src-shared/charts/palette'

/** Two sweeps of one swept parameter (k) that must not pool, and a sweep of 8 differently styled students. */
const PRESETS = ['iclr23-fig1a', 'iclr23-fig3a', 'aistats22-fig1-memoryless']
const LONG_TITLE = 'AISTATS22 Fig. 1 memoryless teacher, four students on plain and adversarial data, rerun after the tolerance change for the workshop draft'

const lab: E2eLab = { dir: '' }
let page: Page
let url = ''
const pageErrors: string[] = []
/** Set while a step asks for something missing or impossible on purpose: its 400/404 is the answer, not an error. */
let expectingRefusals = false
const sweepIds = new Map<string, string>()

async function api<T>(method: string, body: unknown): Promise<T> {
  const { origin, searchParams } = new URL(url)
  const res = await fetch(`${origin}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${searchParams.get('token')}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return ((await res.json()) as { result: T }).result
}

/** The app at a hash route (the token stays in the query). */
async function open(hash: string) {
  await page.goto(`${url}${hash}`)
  await page.locator('.sidebar').waitFor()
}

const hashParams = async () => new URLSearchParams((await page.evaluate(() => window.location.hash)).split('?')[1] ?? '')

async function shot(name: string) {
  await page.waitForTimeout(500) // chart animations settle
  await page.screenshot({ path: join(ARTIFACTS, `views-${name}.png`) })
}

/** A CSS colour (rgb()/rgba()) as #rrggbb; transparent backgrounds are resolved by the caller. */
function toHex(css: string): string {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? []).map(Number)
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`
}

/** Each departure note's text colour against the first opaque background behind it. */
async function departureContrasts(): Promise<number[]> {
  const pairs = await page.locator('.departures li').evaluateAll((items) =>
    items.map((item) => {
      let node: Element | null = item
      let background = 'rgba(0, 0, 0, 0)'
      while (node && /rgba\(.*, 0\)|transparent/.test(background)) {
        background = getComputedStyle(node).backgroundColor
        node = node.parentElement
      }
      return [getComputedStyle(item).color, background]
    }),
  )
  return pairs.map(([fg, bg]) => contrastRatio(toHex(fg), toHex(bg)))
}

before(async () => {
  if (skip) return
  lab.dir = e2eDir('views')
  const db = join(lab.dir, 'views.db')
  for (const id of PRESETS) {
    const out = JSON.parse(cli(['run', id, '--scale', 'quick', '--workers', '2', '--db', db, '--json'])) as { sweep: { id: string } }
    sweepIds.set(id, out.sweep.id)
  }
  const started = await startServe(db, 1)
  lab.server = started.server
  url = started.url
  await api('renameSweep', { sweepId: sweepIds.get('aistats22-fig1-memoryless'), title: LONG_TITLE })
  ;({ browser: lab.browser, page } = await openPage(pageErrors, { viewport: { width: 1440, height: 900 } }, (text) => expectingRefusals && /status of 40[04]/.test(text)))
})

after(() => closeE2e(lab))

test('Compare from a paper card: x = k, one line per eigMax arm; the epoch axis is not offered for population-loss runs', { skip, timeout: 400_000 }, async () => {
  await open('#/reproduce')
  const card = page.locator('.claim-card[data-preset="iclr23-fig1a"]')
  await card.locator('[data-test=card-compare]').click()
  await page.locator('[data-test=group-chart]').waitFor({ timeout: 60_000 })
  const params = await hashParams()
  assert.equal(params.get('sweep'), sweepIds.get('iclr23-fig1a'))
  assert.equal(params.get('x'), 'data.length')
  assert.equal(params.get('split'), 'teacher.eigMax')
  assert.equal(await page.locator('[data-test=compare-group]').inputValue(), 'data.length')
  assert.equal(await page.locator('[data-test=compare-split]').inputValue(), 'teacher.eigMax')
  assert.match(await page.locator('[data-test=group-chart] h3').innerText(), /one line per/)
  await shot('compare-card-1440-light')
  // Population-loss runs count steps: "epoch" cannot be chosen, and a link asking for it falls back to steps.
  assert.equal(await page.locator('[data-test=compare-x] option[value=epoch]').isDisabled(), true)
  expectingRefusals = true
  await open(`#/compare?sweep=${sweepIds.get('iclr23-fig1a')}&against=epoch`)
  await page.locator('[data-test=group-chart]').waitFor({ timeout: 60_000 })
  await page.waitForFunction(() => !window.location.hash.includes('against=epoch'))
  expectingRefusals = false
  assert.equal(await page.locator('[data-test=compare-x]').inputValue(), 'step')
})

test('two sweeps grouped by sweep stay apart; parallel coordinates and scatter draw from the same runs', { skip, timeout: 120_000 }, async () => {
  const runs = await api<{ rows: Array<{ id: string; sweepId: string }> }>('listRuns', { query: '', limit: 1000 })
  const ids = runs.rows.filter((r) => r.sweepId === sweepIds.get('iclr23-fig1a') || r.sweepId === sweepIds.get('iclr23-fig3a')).map((r) => r.id)
  await open(`#/compare?runs=${ids.join(',')}&x=data.length&split=sweep&metrics=extrapolation_error`)
  await page.locator('[data-test=group-table]').waitFor({ timeout: 60_000 })
  const groups = new Set((await page.locator('[data-test=group-table] tbody tr td:first-child').allInnerTexts()).map((t) => t.trim()))
  assert.deepEqual([...groups].sort(), [`ICLR23 Fig. 1a (${sweepIds.get('iclr23-fig1a')})`, `ICLR23 Fig. 3a (${sweepIds.get('iclr23-fig3a')})`])
  // The long selection is in the URL as a short saved-view id, and reloading it gives the same comparison.
  const params = await hashParams()
  assert.match(params.get('v') ?? '', /^v\d+$/)
  assert.ok((await page.evaluate(() => window.location.hash.length)) < 100)
  await page.reload()
  await page.locator('[data-test=group-table]').waitFor({ timeout: 60_000 })
  assert.equal(await page.locator('[data-test=compare-split]').inputValue(), 'sweep')

  for (const chart of ['parallel-chart', 'scatter-chart']) {
    const canvas = page.locator(`[data-test=${chart}] canvas`).first()
    await canvas.waitFor()
    assert.ok(((await canvas.boundingBox())?.height ?? 0) >= 300, `${chart} is drawn`)
  }
  await page.selectOption('[data-test=scatter-colour]', 'sweep')
  assert.match(await page.locator('[data-test=scatter-chart] h3').innerText(), /coloured by sweep/)
  await shot('compare-sweeps-1440-light')
  await page.locator('[data-test=scatter-chart]').scrollIntoViewIfNeeded()
  await shot('compare-explore-1440-light')
})

test('Compare\'s curve, smoothing and bands survive a reload; a named view reopens', { skip, timeout: 120_000 }, async () => {
  await open(`#/compare?sweep=${sweepIds.get('iclr23-fig3a')}`)
  await page.locator('[data-test=bands-chart]').waitFor({ timeout: 60_000 })
  await page.selectOption('[data-test=compare-band]', 'median-range')
  await page.locator('[data-test=compare-smoothing]').evaluate((input: HTMLInputElement) => {
    input.value = '0.5'
    input.dispatchEvent(new Event('input', { bubbles: true }))
  })
  await page.waitForFunction(() => window.location.hash.includes('smooth=0.5') && window.location.hash.includes('band=median-range'))
  await page.reload()
  await page.locator('[data-test=bands-chart]').waitFor({ timeout: 60_000 })
  assert.equal(await page.locator('[data-test=compare-band]').inputValue(), 'median-range')
  assert.equal(await page.locator('[data-test=compare-smoothing]').inputValue(), '0.5')
  assert.match(await page.locator('[data-test=bands-chart] h3').innerText(), /EMA 0\.50/)

  await page.fill('[data-test=view-name]', 'fig 3a smoothed')
  await page.click('[data-test=save-view]')
  await open('#/runs')
  await open('#/compare?sweep=' + sweepIds.get('iclr23-fig1a'))
  await page.locator('[data-test=group-chart]').waitFor({ timeout: 60_000 })
  await page.click('[data-test=saved-views]')
  await page.locator('[data-test=saved-list] a', { hasText: 'fig 3a smoothed' }).click()
  await page.waitForFunction((sweep) => window.location.hash.includes(`sweep=${sweep}`) || /v=v\d+/.test(window.location.hash), sweepIds.get('iclr23-fig3a'))
  await page.locator('[data-test=bands-chart]').waitFor({ timeout: 60_000 })
  assert.equal(await page.locator('[data-test=compare-sweep]').inputValue(), sweepIds.get('iclr23-fig3a'))
  assert.equal(await page.locator('[data-test=compare-band]').inputValue(), 'median-range')
})

test('the runs view keeps its query, sort and columns in the URL and as its last state', { skip, timeout: 120_000 }, async () => {
  await open('#/runs')
  await page.fill('[data-test=runs-filter]', 'data.length >= 8')
  await page.click('th[data-sort=index]')
  await page.click('th[data-sort=index]')
  await page.waitForFunction(() => window.location.hash.includes('sort=-index') && window.location.hash.includes('q=data.length'))
  await page.reload()
  await page.locator('[data-test=runs-table]').waitFor()
  assert.equal(await page.locator('[data-test=runs-filter]').inputValue(), 'data.length >= 8')
  assert.equal(await page.locator('th[data-sort=index] .sort-mark').innerText(), '▼')
  // Leave for another view and come back through the sidebar: the last state, not a blank view.
  await page.click('[data-view=compare]')
  await page.click('[data-view=runs]')
  await page.locator('[data-test=runs-table]').waitFor()
  assert.equal(await page.locator('[data-test=runs-filter]').inputValue(), 'data.length >= 8')
  assert.match(await page.evaluate(() => window.location.hash), /sort=-index/)
})

test('an unknown run id in a URL is answered in place, never with the previous run', { skip, timeout: 60_000 }, async () => {
  const runs = await api<{ rows: Array<{ id: string }> }>('listRuns', { query: '', limit: 1 })
  await open(`#/run?id=${runs.rows[0].id}`)
  await page.locator('[data-test=loss-chart]').waitFor({ timeout: 30_000 })
  expectingRefusals = true
  await open('#/run?id=r9zz')
  await page.locator('[data-test=run-error]').waitFor({ timeout: 30_000 })
  assert.equal((await page.locator('[data-test=run-error]').innerText()).trim(), 'no run r9zz in this store')
  assert.equal(await page.locator('[data-test=loss-chart]').count(), 0, 'the previous run is not shown')
  await open('#/compare?runs=r9zz')
  await page.locator('[data-test=compare-error]').waitFor({ timeout: 30_000 })
  assert.match(await page.locator('[data-test=compare-error]').innerText(), /no run r9zz in this store/)
  expectingRefusals = false
})

for (const [width, height] of [[1280, 720], [1440, 900]]) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`readable at ${width}×${height}, ${scheme}: AA departure notes, short sweep titles, a usable loss plot`, { skip, timeout: 120_000 }, async () => {
      await page.setViewportSize({ width, height })
      await page.emulateMedia({ colorScheme: scheme })
      await open('#/reproduce')
      await page.locator('.claim-card[data-preset="aistats22-fig1-memoryless"] canvas').first().waitFor({ timeout: 60_000 })
      const ratios = await departureContrasts()
      assert.ok(ratios.length > 0, 'the quick-scale cards have departure notes')
      assert.ok(ratios.every((r) => r >= 4.5), `departure contrast ratios ${ratios.map((r) => r.toFixed(2)).join(', ')} (WCAG AA: ≥ 4.5)`)
      await page.locator('.claim-card[data-preset="aistats22-fig1-memoryless"]').scrollIntoViewIfNeeded()
      await shot(`reproduce-${width}-${scheme}`)

      await open('#/runs')
      const title = page.locator(`[data-sweep="${sweepIds.get('aistats22-fig1-memoryless')}"] .sweep-title`)
      await title.waitFor()
      const lineHeight = await title.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 1.2 * parseFloat(getComputedStyle(el).fontSize))
      const titleHeight = (await title.boundingBox())!.height
      assert.ok(titleHeight <= 2.5 * lineHeight, `the long sweep title takes ${(titleHeight / lineHeight).toFixed(1)} lines`)
      await shot(`runs-${width}-${scheme}`)

      const runs = await api<{ rows: Array<{ id: string }> }>('listRuns', { sweepId: sweepIds.get('aistats22-fig1-memoryless'), limit: 1 })
      await open(`#/run?id=${runs.rows[0].id}`)
      const loss = page.locator('[data-test=loss-chart] canvas').first()
      await loss.waitFor({ timeout: 30_000 })
      assert.ok((await loss.boundingBox())!.height >= 300, 'the loss chart is at least 300 px tall')
      await shot(`run-${width}-${scheme}`)

      await open(`#/compare?sweep=${sweepIds.get('aistats22-fig1-memoryless')}&split=student`)
      await page.locator('[data-test=bands-chart]').waitFor({ timeout: 60_000 })
      await shot(`compare-${width}-${scheme}`)
    })
  }
}

test('no errors in the page along the way', { skip }, () => {
  assert.deepEqual(pageErrors, [])
})
