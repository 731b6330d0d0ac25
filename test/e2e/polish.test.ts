// What a researcher reads first, in Debian's Chromium against `impulse-lab serve`: the Reproduce view's verdict
// overview (one row per paper figure, the same verdicts as the cards, a link to each card), and markdown notes
// rendered safely in the note editor's preview and in run detail. Screenshots go to test-artifacts/polish-*.png.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { presets } from '../../src-shared/presets'
import { ARTIFACTS, closeE2e, type E2eLab, e2eDir, openPage, runCli as cli, skipWithoutChromium as skip, startServe } from '../helpers/browser'

/** Two quick presets of a few seconds each: one whose claim holds, one that holds only partly. */
const RAN = ['aistats22-fig3-slackness', 'iclr23-fig1a']

const lab: E2eLab = { dir: '' }
let page: Page
let url = ''
const pageErrors: string[] = []

before(async () => {
  if (skip) return
  lab.dir = e2eDir('polish')
  const db = join(lab.dir, 'polish.db')
  for (const id of RAN) cli(['run', id, '--scale', 'quick', '--workers', '2', '--db', db, '--json'])
  ;({ server: lab.server, url } = await startServe(db, 1))
  ;({ browser: lab.browser, page } = await openPage(pageErrors, { viewport: { width: 1440, height: 900 } }))
})

after(() => closeE2e(lab))

test('Reproduce overview: a row per figure with the cards\' verdicts and sentences, a link to each card', { skip, timeout: 240_000 }, async () => {
  await page.goto(url)
  const overview = page.locator('[data-test=verdict-overview]')
  await overview.waitFor({ timeout: 60_000 })
  assert.equal(await overview.locator('tbody tr').count(), presets.length, 'one row per preset')
  for (const id of presets.map((p) => p.id)) {
    const row = overview.locator(`tr[data-preset="${id}"]`)
    const card = page.locator(`.claim-card[data-preset="${id}"]`)
    const verdict = (await row.locator('[data-test=verdict]').innerText()).trim()
    assert.equal(verdict, (await card.locator('header [data-test=verdict]').innerText()).trim(), `${id}: the row and the card agree`)
    if (RAN.includes(id)) {
      assert.notEqual(verdict, 'not run at this scale', id)
      const claimSentences = await card.locator('.claim p').allInnerTexts()
      const why = (await row.locator('.sentence').innerText()).replace(/\s*\(\+\d+ more claims?\)$/, '').trim()
      assert.ok(claimSentences.some((s) => s.includes(why)), `${id}: "${why}" is one of its card's claim sentences`)
    } else {
      assert.equal(verdict, 'not run at this scale', id)
      assert.match(await row.locator('.sentence').innerText(), /^Not run at quick scale/)
      assert.equal(await row.locator('[data-test=overview-run-quick]').count(), 1, `${id} offers a quick run`)
    }
  }
  assert.equal((await overview.locator('tr[data-preset="aistats22-fig3-slackness"] [data-test=verdict]').innerText()).trim(), 'holds')
  await overview.screenshot({ path: join(ARTIFACTS, 'polish-overview.png') })

  // The figure's name scrolls its card to the top of the window (a card with cards below it, so it can get there).
  const target = 'iclr23-fig1a'
  const card = page.locator(`.claim-card[data-preset="${target}"]`)
  assert.equal(await card.evaluate((el) => el.getBoundingClientRect().top < window.innerHeight), false, 'the card starts below the fold')
  const before = page.url()
  await overview.locator(`tr[data-preset="${target}"] [data-test=overview-figure]`).click()
  await page.waitForFunction((id) => {
    const top = document.querySelector(`.claim-card[data-preset="${id}"]`)!.getBoundingClientRect().top
    return top >= 0 && top < 200
  }, target, { timeout: 5_000 })
  assert.equal(page.url(), before, 'the link does not change the view')
  assert.deepEqual(pageErrors, [])
})

test('markdown notes: previewed while written, rendered in run detail, raw HTML shown as text', { skip, timeout: 120_000 }, async () => {
  const note = [
    '## Keep for the figure',
    'Extrapolates: **error 0.004** at `k = 16`.',
    '',
    '- seed 2 is the outlier',
    '- rerun with `optimizer.lr=0.01`',
    '',
    '[ICLR23 §5.1](https://example.org/iclr23) <img src="x" onerror="window.__noteXss = 1"><script>window.__noteXss = 2</script>',
  ].join('\n')
  await page.goto(url.replace(/#.*$/, '') + '#/runs')
  const row = page.locator('[data-test=runs-table] tr.run-row').first()
  await row.waitFor()
  const runId = (await row.getAttribute('data-run'))!
  await row.locator('[data-test=run-organise]').click()
  await page.fill('[data-test=organiser-note]', note)
  const preview = page.locator('[data-test=note-preview] [data-test=markdown-note]')
  await preview.locator('strong', { hasText: 'error 0.004' }).waitFor()
  assert.equal(await preview.locator('li').count(), 2)
  await page.locator('[data-test=organiser]').screenshot({ path: join(ARTIFACTS, 'polish-note-editor.png') })
  await page.click('[data-test=organiser-save-note]')
  await page.locator('.toast', { hasText: 'Note saved' }).waitFor()

  await page.goto(url.replace(/#.*$/, '') + `#/run?id=${runId}`)
  const rendered = page.locator('[data-test=run-note] [data-test=markdown-note]')
  await rendered.waitFor()
  assert.equal(await rendered.locator('h2').innerText(), 'Keep for the figure')
  assert.equal(await rendered.locator('strong').innerText(), 'error 0.004')
  assert.equal(await rendered.locator('code').first().innerText(), 'k = 16')
  assert.equal(await rendered.locator('li').count(), 2)
  const link = rendered.locator('a', { hasText: 'ICLR23 §5.1' })
  assert.equal(await link.getAttribute('href'), 'https://example.org/iclr23')
  assert.equal(await link.getAttribute('target'), '_blank', 'links open outside the app')
  assert.match((await link.getAttribute('rel')) ?? '', /noopener/)
  assert.equal(await rendered.locator('script, img').count(), 0, 'raw HTML makes no elements')
  assert.equal(await rendered.locator('[onerror]').count(), 0, 'no event handler survives')
  assert.match(await rendered.innerText(), /<script>window\.__noteXss = 2<\/script>/, 'raw HTML shows as the text it is')
  assert.equal(await page.evaluate(() => (window as unknown as { __noteXss?: number }).__noteXss), undefined)
  assert.doesNotMatch(await rendered.innerText(), /\*\*|##/, 'markdown is rendered, not shown raw')
  await page.locator('[data-test=run-note]').screenshot({ path: join(ARTIFACTS, 'polish-run-note.png') })

  // The editor in run detail opens on the saved text; clearing the note removes the panel.
  await page.click('[data-test=run-edit-note]')
  assert.equal(await page.inputValue('[data-test=run-note] [data-test=organiser-note]'), note)
  await page.fill('[data-test=run-note] [data-test=organiser-note]', '')
  await page.click('[data-test=run-note] [data-test=organiser-save-note]')
  await page.locator('[data-test=run-note]').waitFor({ state: 'detached' })
  await page.locator('[data-test=run-add-note]').waitFor()
  assert.deepEqual(pageErrors, [])
})
