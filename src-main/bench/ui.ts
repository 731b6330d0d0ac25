/**
 * The runs view with a 10,000-run store (first page in under 1 s): the LabService's first page and sweep
 * list, and, when Debian's Chromium is installed, the real renderer in browser mode from navigation until the table
 * shows its first 100 rows.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expandSweep, parseSweepSpec } from '../../src-shared/spec/sweep'
import type { RunResult } from '../../src-shared/api/results'
import { Store } from '../store'
import { startLabHost, type LabHost } from '../server/labHost'
import { ensureRendererBuilt } from '../server/renderer'
import type { BenchCase, BenchRow } from './types'

export const LARGE_STORE_RUNS = 10_000
const FIRST_PAGE_BUDGET_MS = 1000
const CHROMIUM = '/usr/bin/chromium'
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

/** A store holding one sweep of `runs` finished runs (k = 1..100 × seeds), each with metrics and a short loss curve. */
export function seedLargeStore(file: string, runs = LARGE_STORE_RUNS): string {
  const store = Store.open(file)
  try {
    const seeds = Math.ceil(runs / 100)
    const spec = parseSweepSpec({
      title: `${runs} runs`,
      base: { stopping: { maxSteps: 50 } },
      axes: [{ path: 'data.length', values: Array.from({ length: Math.min(100, runs) }, (_, i) => i + 1) }],
      seeds: Array.from({ length: seeds }, (_, i) => i),
    })
    const planned = expandSweep(spec).slice(0, runs)
    const { sweep, runIds } = store.createSweep({ preset: null, scale: null, title: spec.title, spec, runs: planned })
    store.transaction(() => {
      runIds.forEach((id, i) => {
        const loss = Array.from({ length: 50 }, (_, s) => Math.exp(-s / 10) * (1 + (i % 7) / 10))
        const result: RunResult = {
          metrics: { final_loss: loss[49], extrapolation_error: 1 / (1 + (i % 100)), zero_error: 1 },
          series: { loss_curve: { x: loss.map((_, s) => s), y: loss } },
          models: {},
          warnings: [],
          steps: 50,
        }
        store.claimRun(id, 'bench')
        store.finishRun(id, result, 10)
      })
    })
    return sweep.id
  } finally {
    store.close()
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

/** Milliseconds from navigating to the runs view until its table shows `rows` rows, in headless Chromium. */
async function measureRunsViewInBrowser(host: LabHost, rows: number, repeats = 3): Promise<number[]> {
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS })
  try {
    const times: number[] = []
    for (let i = 0; i < repeats; i++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      const started = performance.now()
      await page.goto(`${host.server.url}#/runs`)
      await page.waitForFunction((n) => document.querySelectorAll('[data-test=runs-table] .run-row').length >= n, rows, { timeout: 30_000 })
      times.push(performance.now() - started)
      await page.close()
    }
    return times
  } finally {
    await browser.close()
  }
}

export const uiBench: BenchCase = {
  name: 'ui',
  async run(): Promise<BenchRow[]> {
    const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-bench-ui-'))
    const rows: BenchRow[] = []
    try {
      const seedStarted = performance.now()
      seedLargeStore(join(dir, 'large.db'))
      const seedS = (performance.now() - seedStarted) / 1000
      const staticDir = await ensureRendererBuilt()
      const host = await startLabHost({ dbPath: join(dir, 'large.db'), staticDir, workers: 1 })
      try {
        const api: number[] = []
        for (let i = 0; i < 5; i++) {
          const t = performance.now()
          await host.service.sweeps.listSweeps({ trash: false })
          await host.service.runs.listRuns({ query: '', columns: [], trash: false, offset: 0, limit: 100 })
          api.push(performance.now() - t)
        }
        rows.push({ case: 'ui', name: `runs view data, first page of ${LARGE_STORE_RUNS} runs (listSweeps + listRuns)`, value: median(api), unit: 'ms', note: `store seeded in ${seedS.toFixed(1)} s` })
        if (existsSync(CHROMIUM)) {
          const times = await measureRunsViewInBrowser(host, 100)
          rows.push({ case: 'ui', name: `runs view rendered in Chromium, first page of ${LARGE_STORE_RUNS} runs`, value: median(times), unit: 'ms', note: `budget ${FIRST_PAGE_BUDGET_MS} ms; median of ${times.length} page loads` })
        } else rows.push({ case: 'ui', name: 'runs view rendered in Chromium', value: Number.NaN, unit: 'ms', note: `${CHROMIUM} not installed` })
      } finally {
        await host.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    return rows
  },
}
