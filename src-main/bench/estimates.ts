/**
 * Estimates against measurements (`bench --case estimates`): every preset at quick scale, each on a fresh store so
 * no run of its kind has been measured, estimated by the lab service as the app shows it, then run through the
 * scheduler's workers end to end. A row per preset, and the worst max(estimate / measured, measured / estimate).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { presets } from '../../src-shared/presets'
import { validSweep } from '../../src-shared/spec/sweep'
import type { ExperimentSpecInput } from '../../src-shared/spec/experiment'
import { Scheduler } from '../runner'
import { Store } from '../store'
import { LabService } from '../lab/labService'
import { measureRates, measureWorkerCosts } from '../lab/costCalibration'
import { forkNodeWorker } from '../runner'
import { importCsv } from '../datasets'
import type { BenchCase, BenchRow } from './types'
import { S1_RECORDING as S1 } from './s1'

const WORKERS = 2
/** The S1 recording beside the checkout, or where IMPULSE_LAB_S1 says (a worktree elsewhere). */

export const estimatesBench: BenchCase = {
  name: 'estimates',
  async run() {
    const started = performance.now()
    // measured once, as at the app's first start; every fresh store below uses them
    const before = loadavg()[0]
    const measuredRates = measureRates()
    const calibrationS = (performance.now() - started) / 1000
    const workerStarted = performance.now()
    // the first worker of this process also bundles the worker's sources (the app ships them bundled): measured twice
    await measureWorkerCosts(forkNodeWorker)
    const worker = await measureWorkerCosts(forkNodeWorker)
    const workerS = (performance.now() - workerStarted) / 1000
    const rates = { rates: measuredRates, load: (before + loadavg()[0]) / 2, worker }
    const rows: BenchRow[] = [
      { case: 'estimates', name: 'cost-model calibration (micro-benchmark, every kernel family)', value: calibrationS, unit: 's', note: `load ${before.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after` },
      { case: 'estimates', name: 'worker costs probe (a real worker, in the background)', value: workerS, unit: 's', note: `start ${worker.workerStartSeconds.toFixed(3)} s, per run ${worker.runOverheadSeconds.toFixed(4)} s on a free core` },
    ]
    let worst = 0
    let worstName = ''
    for (const preset of presets) {
      const sweep = preset.build('quick')
      if (preset.needsDataset) {
        if (!existsSync(S1)) {
          rows.push({ case: 'estimates', name: `${preset.id} quick`, value: NaN, unit: 's', note: `${S1} not found: skipped` })
          continue
        }
      }
      const dir = mkdtempSync(join(tmpdir(), 'impulse-estimates-'))
      const store = Store.open(join(dir, 'bench.db'))
      if (preset.needsDataset) {
        // imported first, as the app does, so the estimate reads the dataset's shape from the store
        const { dataset } = await importCsv(store, S1)
        sweep.base = { ...(sweep.base as ExperimentSpecInput), data: { ...(sweep.base as ExperimentSpecInput).data, dataset: dataset.id } } as typeof sweep.base
      }
      const scheduler = new Scheduler(store, { workers: WORKERS })
      const service = new LabService(store, scheduler, { mode: 'browser', version: 'bench', rates: () => rates })
      try {
        const loadAtPlan = loadavg()[0]
        const plan = await service.sweeps.planSweep({ sweep: validSweep(sweep) })
        const t0 = performance.now()
        const { sweepId } = await scheduler.submit({ sweep, preset: preset.id, scale: 'quick' })
        const summary = await scheduler.waitForSweep(sweepId)
        const measured = (performance.now() - t0) / 1000
        if (summary.counts.done !== summary.total) throw new Error(`${preset.id}: only ${summary.counts.done} of ${summary.total} runs finished`)
        const ratio = Math.max(plan.estimatedSeconds / measured, measured / plan.estimatedSeconds)
        if (ratio > worst) [worst, worstName] = [ratio, preset.id]
        rows.push({
          case: 'estimates',
          name: `${preset.id} quick (${plan.runs} runs): estimate ${plan.estimatedSeconds.toPrecision(3)} s`,
          value: measured,
          unit: 's',
          note: `estimate / measured ${(plan.estimatedSeconds / measured).toPrecision(3)}; load ${loadAtPlan.toFixed(1)} at the estimate, ${loadavg()[0].toFixed(1)} after`,
        })
      } finally {
        service.dispose()
        await scheduler.dispose()
        store.close()
        rmSync(dir, { recursive: true, force: true })
      }
    }
    rows.push({ case: 'estimates', name: 'worst estimate / measured ratio', value: worst, unit: '×', note: worstName })
    return rows
  },
}
