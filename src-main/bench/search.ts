/**
 * The boundary search against the full grid it replaces (`impulse-lab bench --case search`): iclr23-critical-length
 * run both ways through the real scheduler on 2 workers, in one bench run — runs, wall time and whether k* agrees per
 * d̂. Quick scale by default (about a minute); IMPULSE_LAB_BENCH_SEARCH_SCALE=paper for the paper scale (the grid
 * alone is 1,840 runs).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findPreset } from '../../src-shared/presets/index'
import { pointsFromRuns } from '../../src-shared/search'
import type { Scale } from '../../src-shared/spec/experiment'
import { Scheduler } from '../runner/scheduler'
import { createStoredSearch, driveSearch } from '../search/driveSearch'
import { loadSearchInput } from '../search/searchInput'
import { Store } from '../store/store'
import type { BenchCase, BenchRow } from './types'

const PRESET = 'iclr23-critical-length'
const WORKERS = 2

export const searchBench: BenchCase = {
  name: 'search',
  async run() {
    const scale: Scale = process.env.IMPULSE_LAB_BENCH_SEARCH_SCALE === 'paper' ? 'paper' : 'quick'
    const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-bench-search-'))
    const store = Store.open(join(dir, 'bench.db'))
    const scheduler = new Scheduler(store, { workers: WORKERS })
    try {
      const { input } = loadSearchInput(PRESET, { scale })
      let t = performance.now()
      const search = await driveSearch(store, scheduler, createStoredSearch(store, input, { preset: PRESET, scale }))
      const searchS = (performance.now() - t) / 1000
      t = performance.now()
      const grid = await scheduler.submit({ sweep: findPreset(PRESET)!.build(scale), preset: PRESET, scale })
      await scheduler.waitForSweep(grid.sweepId)
      const gridS = (performance.now() - t) / 1000
      const metrics = store.sweepMetrics(grid.sweepId)
      const gridRuns = store.sweepRuns(grid.sweepId).filter((r) => r.status === 'done').map((r) => ({ params: r.params, metrics: metrics.get(r.id) ?? {} }))
      const gridPoints = pointsFromRuns(gridRuns, { outer: 'teacher.dim', inner: 'data.length' })
      const kStars = (points: typeof gridPoints) => points.map((p) => `${String(p.value)}:${p.kStar ?? '—'}`).join(' ')
      const agree = search.state.points.every((p, i) => p.kStar === gridPoints[i]?.kStar)
      const note = `k* by d̂ (d̂:k*) search ${kStars(search.state.points)}; grid ${kStars(gridPoints)}; ${agree ? 'same' : 'DIFFERENT'}`
      const rows: BenchRow[] = [
        { case: 'search', name: `${PRESET} ${scale}: search runs (${WORKERS} workers)`, value: search.state.runs, unit: 'runs', note: `${((100 * search.state.runs) / grid.runIds.length).toFixed(1)}% of the grid` },
        { case: 'search', name: `${PRESET} ${scale}: full grid runs`, value: grid.runIds.length, unit: 'runs' },
        { case: 'search', name: `${PRESET} ${scale}: search wall time`, value: searchS, unit: 's', note },
        { case: 'search', name: `${PRESET} ${scale}: full grid wall time`, value: gridS, unit: 's', speedup: gridS / searchS },
      ]
      return rows
    } finally {
      await scheduler.dispose()
      store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
