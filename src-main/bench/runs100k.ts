/**
 * Run management at scale (`impulse-lab bench --case runs-100k`): a store of 100,000 finished runs, each with 10
 * scalar metrics and a 200-point loss curve, queried through the LabService as the runs table and Compare do.
 * Budgets: first page < 150 ms, a filtered and sorted page < 300 ms, Compare of 1,000 runs grouped by a parameter
 * with aggregated curves < 1 s. The store is built once into the temp folder and reused by later runs of the case.
 */
import { existsSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseExperimentSpec } from '../../src-shared/spec/experiment'
import { parseSweepSpec, type PlannedRun } from '../../src-shared/spec/sweep'
import type { RunResult } from '../../src-shared/api/results'
import { labRequests } from '../../src-shared/api/lab'
import { LabService } from '../lab/labService'
import { Scheduler } from '../runner'
import { SCHEMA_VERSION, Store } from '../store'
import type { BenchCase, BenchRow } from './types'

const SWEEPS = 100
const LENGTHS = [4, 8, 12, 16, 20, 24, 28, 32, 36, 40]
const RATES = [0.001, 0.003, 0.01, 0.03]
const SEEDS = 25
const RUNS = SWEEPS * LENGTHS.length * RATES.length * SEEDS
const CURVE_POINTS = 200
const METRICS = ['final_loss', 'initial_loss', 'test_loss', 'extrapolation_error', 'extrapolation_mse', 'zero_error', 'balance_ratio', 'a_norm', 'b_norm', 'c_norm']
const REPEATS = 5

/** The cached store's file name says what it holds, so a change of shape or schema builds a new one. */
const storeFile = () => join(tmpdir(), `impulse-lab-bench-runs-${RUNS}-v${SCHEMA_VERSION}.db`)

/** A deterministic value in [0, 1) for run i and metric m (no PRNG state to carry across sweeps). */
function hash01(i: number, m: number): number {
  const x = Math.sin(i * 12.9898 + m * 78.233) * 43758.5453
  return x - Math.floor(x)
}

function buildStore(file: string): void {
  const partial = `${file}.building`
  rmSync(partial, { force: true })
  const store = Store.open(partial)
  try {
    const base = parseExperimentSpec({ teacher: { kind: 'iclr23-balanced', dim: 3 }, student: { width: 20, parameterization: 'diagonal' }, stopping: { maxSteps: 2000 } })
    const sweepSpec = parseSweepSpec({
      title: 'bench',
      base: {},
      axes: [{ path: 'data.length', values: LENGTHS }, { path: 'optimizer.lr', values: RATES }],
      seeds: Array.from({ length: SEEDS }, (_, s) => s),
    })
    let global = 0
    for (let s = 0; s < SWEEPS; s++) {
      // Specs are built from one validated base (every run differs only in swept values), not parsed 100,000 times.
      const runs: PlannedRun[] = []
      for (const length of LENGTHS) {
        for (const lr of RATES) {
          for (let seed = 0; seed < SEEDS; seed++) {
            const spec = { ...base, data: { ...base.data, length }, optimizer: { ...base.optimizer, lr }, seed }
            runs.push({ index: runs.length, params: { 'data.length': length, 'optimizer.lr': lr, seed }, spec })
          }
        }
      }
      store.transaction(() => {
        const { sweep, runIds } = store.createSweep({ preset: 'iclr23-fig1a', scale: 'paper', title: `bench sweep ${s + 1}`, spec: sweepSpec, runs })
        runIds.forEach((id, i) => {
          const n = global++
          const length = runs[i].params['data.length'] as number
          const metrics = Object.fromEntries(METRICS.map((name, m) => [name, m === 3 ? (hash01(n, m) * 8) / length : hash01(n, m)]))
          const y = Array.from({ length: CURVE_POINTS }, (_, t) => Math.exp(-t / (20 + length)) * (1 + 0.2 * hash01(n, t)))
          const result: RunResult = {
            metrics,
            series: { loss_curve: { x: y.map((_, t) => t * 10), y } },
            models: {},
            warnings: [],
            steps: CURVE_POINTS * 10,
          }
          store.claimRun(id, 'bench')
          store.finishRun(id, result, 1000 + (n % 500))
        })
        store.settleSweepStatus(sweep.id)
      })
    }
  } finally {
    store.close()
  }
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(partial + suffix)) renameSync(partial + suffix, file + suffix)
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

async function timed(fn: () => Promise<unknown>): Promise<{ median: number; first: number }> {
  const times: number[] = []
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now()
    await fn()
    times.push(performance.now() - started)
  }
  return { median: median(times), first: times[0] }
}

export const runs100kBench: BenchCase = {
  name: 'runs-100k',
  async run(): Promise<BenchRow[]> {
    const file = storeFile()
    let note = `store reused from ${file}`
    if (!existsSync(file)) {
      const started = performance.now()
      buildStore(file)
      note = `store built in ${((performance.now() - started) / 1000).toFixed(0)} s into ${file}`
    }
    const store = Store.open(file)
    const scheduler = new Scheduler(store, { workers: 1 })
    const service = new LabService(store, scheduler, { mode: 'browser', version: 'bench' })
    const rows: BenchRow[] = []
    const row = (name: string, t: { median: number; first: number }, budget: number) =>
      rows.push({ case: 'runs-100k', name, value: t.median, unit: 'ms', note: `budget ${budget} ms; first call ${t.first.toFixed(0)} ms; median of ${REPEATS}` })
    try {
      const columns = ['final_loss', 'extrapolation_error', 'data.length']
      const firstPage = labRequests.listRuns.parse({ columns, limit: 100 })
      row(`runs table, first page of ${RUNS.toLocaleString('en-US')} runs (listRuns, 3 columns)`, await timed(() => service.runs.listRuns(firstPage)), 150)
      row(`sweep list, ${SWEEPS} sweeps counted by status (listSweeps)`, await timed(() => service.sweeps.listSweeps(labRequests.listSweeps.parse({}))), 150)
      const filtered = labRequests.listRuns.parse({
        query: 'data.length >= 12 and extrapolation_error < 0.1 and optimizer.lr <= 0.01',
        sort: { key: 'extrapolation_error', dir: 'desc' },
        columns,
        limit: 100,
      })
      const page = await service.runs.listRuns(filtered)
      row(`filtered and sorted page (${page.total.toLocaleString('en-US')} matches, sorted by a metric)`, await timed(() => service.runs.listRuns(filtered)), 300)
      const byParam = labRequests.listRuns.parse({ query: 'seed = 3', sort: { key: 'data.length', dir: 'asc' }, columns, limit: 100, offset: 2000 })
      row('filtered by a param, sorted by a param, page 21', await timed(() => service.runs.listRuns(byParam)), 300)
      const ids = (await service.runs.listRuns(labRequests.listRuns.parse({ query: 'optimizer.lr = 0.003', limit: 1000 }))).rows.map((r) => r.id)
      const compare = labRequests.compare.parse({ runIds: ids, groupBy: 'data.length', metrics: ['extrapolation_error', 'final_loss'], curve: 'loss_curve' })
      row(`Compare of ${ids.length} runs grouped by data.length, curves aggregated per group`, await timed(() => service.runs.compare(compare)), 1000)
      rows[0].note = `${rows[0].note}; ${note}`
    } finally {
      service.dispose()
      await scheduler.dispose()
      store.close()
    }
    return rows
  },
}
