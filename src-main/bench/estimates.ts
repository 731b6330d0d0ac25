/**
 * Estimates against measurements (`bench --case estimates`): every preset at quick scale, each on a fresh store so
 * no run of its kind has been measured, estimated by the lab service as the app shows it, then run through the
 * scheduler's workers end to end. A row per preset, and the worst max(estimate / measured, measured / estimate).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { presets } from '../../src-shared/presets'
import { parseSweepSpec } from '../../src-shared/spec/sweep'
import type { ExperimentSpecInput } from '../../src-shared/spec/experiment'
import { Scheduler } from '../runner'
import { Store } from '../store'
import { LabService } from '../lab/labService'
import { measureRates } from '../lab/costCalibration'
import type { BenchCase, BenchRow } from './types'

const WORKERS = 2
/** The S1 recording beside the checkout, or where IMPULSE_LAB_S1 says (a worktree elsewhere). */
const S1 = process.env.IMPULSE_LAB_S1 ?? fileURLToPath(new URL('../../../shared/datasets/s1_reaching.csv', import.meta.url))

export const estimatesBench: BenchCase = {
  name: 'estimates',
  async run() {
    const started = performance.now()
    // measured once, as at the app's first start; every fresh store below uses them
    const before = loadavg()[0]
    const rates = { rates: measureRates(), load: (before + loadavg()[0]) / 2 }
    const calibrationS = (performance.now() - started) / 1000
    const rows: BenchRow[] = [{ case: 'estimates', name: 'cost-model calibration (micro-benchmark, every kernel family)', value: calibrationS, unit: 's' }]
    let worst = 0
    let worstName = ''
    for (const preset of presets) {
      const sweep = preset.build('quick')
      if (preset.needsDataset) {
        if (!existsSync(S1)) {
          rows.push({ case: 'estimates', name: `${preset.id} quick`, value: NaN, unit: 's', note: `${S1} not found: skipped` })
          continue
        }
        sweep.base = { ...(sweep.base as ExperimentSpecInput), data: { ...(sweep.base as ExperimentSpecInput).data, dataset: S1 } } as typeof sweep.base
      }
      const dir = mkdtempSync(join(tmpdir(), 'impulse-estimates-'))
      const store = Store.open(join(dir, 'bench.db'))
      const scheduler = new Scheduler(store, { workers: WORKERS })
      const service = new LabService(store, scheduler, { mode: 'browser', version: 'bench', rates: () => rates })
      try {
        const plan = await service.planSweep({ sweep: parseSweepSpec(sweep) })
        const t0 = performance.now()
        const { sweepId } = scheduler.submit({ sweep, preset: preset.id, scale: 'quick' })
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
          note: `estimate / measured ${(plan.estimatedSeconds / measured).toPrecision(3)}; load ${loadavg()[0].toFixed(1)} (${rates.load.toFixed(1)} at calibration)`,
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
