// The Sweep builder's, Teacher designer's and Datasets view's state in the URL, in Chromium against `impulse-lab
// serve`: each view is changed through its controls, the address is read, the page reloaded, and the state is back.
// Screenshots of the reloaded views go to test-artifacts/. Then Compare's scatter over two small sweeps, coloured by
// sweep, for a look at its legend (sweep titles, not ids); and the desktop app's "Open CSV…" against a stubbed preload.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { ARTIFACTS, closeE2e, type E2eLab, e2eDir, openPage, runCli, skipWithoutChromium as skip, startServe } from '../helpers/browser'

const lab: E2eLab = { dir: '' }
let page: Page
let url = ''
let datasetId = ''
const sweepRuns: string[] = []
const pageErrors: string[] = []

const hashParams = async () => new URLSearchParams((await page.evaluate(() => window.location.hash)).split('?')[1] ?? '')
const shot = async (name: string) => {
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(ARTIFACTS, `editor-url-${name}.png`) })
}

before(async () => {
  if (skip) return
  lab.dir = e2eDir('editor-url')
  const db = join(lab.dir, 'lab.db')
  const csv = join(lab.dir, 'reach.csv')
  writeFileSync(csv, 'time_s,n1,n2,vel_x\n' + Array.from({ length: 80 }, (_, i) => `${(i * 0.05).toFixed(2)},${i % 3},${i % 2},${Math.sin(i / 4).toFixed(3)}`).join('\n') + '\n')
  const imported = runCli(['import', csv, '--name', 'reach', '--db', db, '--json'])
  datasetId = (JSON.parse(imported) as { dataset: { id: string } }).dataset.id
  for (const [title, width] of [['Short lengths, width 3', 3], ['Short lengths, width 5', 5]] as const) {
    const spec = join(lab.dir, `w${width}.json`)
    writeFileSync(spec, JSON.stringify({ title, base: { student: { width }, stopping: { maxSteps: 5 } }, axes: [{ path: 'data.length', values: [2, 4] }], seeds: [0] }))
    const ran = runCli(['run', spec, '--workers', '1', '--db', db, '--json'])
    sweepRuns.push(...(JSON.parse(ran) as { runs: Array<{ id: string }> }).runs.map((r) => r.id))
  }
  const started = await startServe(db, 1)
  lab.server = started.server
  url = started.url
  ;({ browser: lab.browser, page } = await openPage(pageErrors, { viewport: { width: 1280, height: 720 } }))
})

after(() => closeE2e(lab))

test('a reload keeps the Sweep builder\'s preset and edits, the designer\'s teacher and the opened dataset', { skip, timeout: 240_000 }, async () => {
  await page.goto(`${url}#/sweep`)
  await page.locator('[data-test=sweep-preset] option[value=iclr23-fig1a]').waitFor({ state: 'attached' })
  await page.locator('[data-test=sweep-preset]').selectOption('iclr23-fig1a')
  await page.waitForFunction(() => window.location.hash.includes('preset=iclr23-fig1a'))
  const lr = page.locator('[data-test="field-optimizer.lr"]')
  await lr.fill('0.0123')
  await lr.press('Tab')
  await page.locator('[data-test=sweep-seeds]').fill('4')
  await page.waitForFunction(() => window.location.hash.includes('seeds=4') && window.location.hash.includes('0.0123'))
  const sweep = await hashParams()
  assert.equal(sweep.get('preset'), 'iclr23-fig1a')
  assert.deepEqual(JSON.parse(sweep.get('set') ?? ''), { 'optimizer.lr': 0.0123 }, 'only the change is in the address')
  await page.reload()
  await page.locator('[data-test=plan-runs]').waitFor({ timeout: 60_000 })
  assert.equal(await page.locator('[data-test=sweep-preset]').inputValue(), 'iclr23-fig1a')
  assert.equal(await page.locator('[data-test="field-optimizer.lr"]').inputValue(), '0.0123')
  assert.equal(await page.locator('[data-test=sweep-seeds]').inputValue(), '4')
  await shot('sweep-1280')

  await page.goto(`${url}#/teacher`)
  await page.locator('[data-test=teacher-kind]').selectOption('delay')
  const dim = page.locator('#tf-dim')
  await dim.fill('7')
  await dim.press('Tab')
  await page.waitForFunction(() => window.location.hash.includes('kind=delay') && window.location.hash.includes('dim=7'))
  await page.reload()
  await page.locator('#tf-dim').waitFor()
  assert.equal(await page.locator('[data-test=teacher-kind]').inputValue(), 'delay')
  assert.equal(await page.locator('#tf-dim').inputValue(), '7')
  await shot('teacher-1280')

  await page.goto(`${url}#/datasets`)
  await page.locator(`[data-test=dataset-open-${datasetId}]`).click()
  await page.locator('[data-test=dataset-detail]').waitFor()
  await page.waitForFunction((id) => window.location.hash.includes(`ds=${id}`), datasetId)
  await page.reload()
  await page.locator('[data-test=dataset-detail]').waitFor()
  assert.match(await page.locator('[data-test=dataset-detail] > .panel-head h3').innerText(), new RegExp(`${datasetId} · reach`))
  await shot('datasets-1280')
  assert.deepEqual(pageErrors, [])
})

test('Compare\'s scatter coloured by sweep offers and draws the sweeps', { skip, timeout: 120_000 }, async () => {
  await page.goto(`${url}#/compare?runs=${sweepRuns.join(',')}&x=data.length&metrics=final_loss`)
  await page.locator('[data-test=scatter-chart]').waitFor({ timeout: 60_000 })
  await page.locator('[data-test=scatter-colour]').selectOption('sweep')
  await page.locator('[data-test=scatter-y]').selectOption('final_loss')
  await page.locator('[data-test=scatter-x]').selectOption('data.length')
  await page.waitForTimeout(500)
  await page.locator('[data-test=scatter-chart]').scrollIntoViewIfNeeded()
  await page.locator('[data-test=scatter-chart]').screenshot({ path: join(ARTIFACTS, 'editor-url-scatter-by-sweep.png') })
  assert.match(await page.locator('[data-test=scatter-chart]').innerText(), /coloured by sweep/)
  assert.deepEqual(pageErrors, [])
})

test('desktop mode: the Datasets view\'s "Open CSV…" asks main for a file and previews it by the handle it answers', { skip, timeout: 60_000 }, async () => {
  // The preload's `window.lab`, stubbed: what the page sends is recorded, so the test sees it never sends a path.
  const desktop = await lab.browser!.newPage({ viewport: { width: 1280, height: 720 } })
  // As text: a function would carry the test transpiler's helpers into the page.
  await desktop.addInitScript(`
    const calls = []
    const preview = { fileName: 'reach.csv', rows: 3, binWidth: 0.05, durationSeconds: 0.15, warnings: [], problems: [], problemCount: 0, columns: [{ name: 'time_s', role: 'time', sample: [0, 0.05, 0.1] }, { name: 'n1', role: 'neuron', sample: [1, 0, 2] }, { name: 'vel_x', role: 'behavior', sample: [0.5, 0.2, 0.1] }] }
    const answers = {
      appInfo: { version: 'test', mode: 'electron', dbPath: 'lab.db', workers: 1 },
      chooseDatasetFile: { fileName: 'reach.csv', fileHandle: '${'ab'.repeat(16)}' },
      previewDataset: preview,
    }
    window.labCalls = calls
    window.lab = new Proxy({}, {
      get: (_target, method) => method === 'then' ? undefined : method.startsWith('on') ? () => () => {} : async (request) => {
        calls.push([method, request])
        return method in answers ? answers[method] : []
      },
    })
  `)
  await desktop.goto(`${url}#/datasets`)
  await desktop.locator('[data-test=dataset-dialog]').waitFor()
  await desktop.screenshot({ path: join(ARTIFACTS, 'editor-url-desktop-datasets.png') })
  await desktop.locator('[data-test=dataset-dialog]').click()
  await desktop.locator('[data-test=dataset-preview]').waitFor()
  await desktop.screenshot({ path: join(ARTIFACTS, 'editor-url-desktop-open-csv.png') })
  const calls = (await desktop.evaluate(() => (window as unknown as { labCalls: Array<[string, unknown]> }).labCalls)).filter(([m]) => m === 'chooseDatasetFile' || m === 'previewDataset')
  assert.deepEqual(calls[0], ['chooseDatasetFile', {}])
  assert.deepEqual(JSON.parse(JSON.stringify(calls[1])), ['previewDataset', { fileName: 'reach.csv', fileHandle: 'ab'.repeat(16) }], 'the handle, no path')
  assert.equal(await desktop.locator('[data-test=dataset-name]').inputValue(), 'reach')
  await desktop.close()
})
