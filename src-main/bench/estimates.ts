/**
 * Estimates against measurements (`bench --case estimates`): every preset at quick scale, each on a fresh store so
 * no run of its kind has been measured, estimated by the lab service as the app shows it, then run through the
 * scheduler's workers end to end. A row per preset, and the worst max(estimate / measured, measured / estimate) of the
 * sweep's CPU seconds (its workers' and the scheduler's, from /proc) against the estimate's: on a shared machine the
 * wall time follows load that comes and goes during the sweep; the wall-time estimate and measurement are in the note.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { presets } from '../../src-shared/presets'
import { validSweep } from '../../src-shared/spec/sweep'
import { sweepCpuSeconds, type Calibration } from '../../src-shared/analysis/estimate'
import type { ExperimentSpec, ExperimentSpecInput } from '../../src-shared/spec/experiment'
import { Scheduler } from '../runner'
import { Store } from '../store'
import { LabService } from '../lab/labService'
import { measureRates, measureWorkerCosts } from '../lab/costCalibration'
import { forkNodeWorker } from '../runner'
import { importCsv } from '../datasets'
import { storeCalibration } from '../lab/estimateCalibration'
import { ownCpuSeconds, processCpuSeconds } from './processCpu'
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
    const priced: Array<{ id: string; specs: ExperimentSpec[]; calibration: Calibration; cpu: number }> = []
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
        const checked = validSweep(sweep)
        const plan = await service.sweeps.planSweep({ sweep: checked })
        // the same calibration the plan used, at free-core rates: the CPU seconds the workers should spend
        const specs = checked.runs.map((r) => r.spec)
        const calibration = storeCalibration(store, rates, WORKERS, 1)
        const cpuEstimate = sweepCpuSeconds(specs, calibration, WORKERS)
        // kept for pricing again with a second measurement of the rates (the dataset's shape read while the store is open)
        const shapes = new Map(specs.flatMap((spec) => (spec.data.dataset !== undefined ? [[spec.data.dataset, calibration.dataset?.(spec.data.dataset)] as const] : [])))
        priced.push({ id: preset.id, specs, calibration: { ...calibration, dataset: (ref) => shapes.get(ref) }, cpu: cpuEstimate })
        const pids = new Set<number>()
        const watch = scheduler.onRunStarted((e) => {
          if (e.workerPid !== null) pids.add(e.workerPid)
        })
        const t0 = performance.now()
        const cpu0 = ownCpuSeconds()
        const { sweepId } = await scheduler.submit({ sweep: checked, preset: preset.id, scale: 'quick' })
        const summary = await scheduler.waitForSweep(sweepId)
        const measured = (performance.now() - t0) / 1000
        // the workers are still alive (idle) here: their whole lives' CPU, starts included, plus the scheduler's
        const workerCpu = [...pids].map(processCpuSeconds)
        const cpu = ownCpuSeconds() - cpu0 + workerCpu.reduce<number>((s, c) => s + (c ?? NaN), 0)
        watch()
        if (summary.counts.done !== summary.total) throw new Error(`${preset.id}: only ${summary.counts.done} of ${summary.total} runs finished`)
        // CPU seconds where /proc tells them (wall time on a shared machine is the load's as much as the model's)
        const [est, got] = Number.isFinite(cpu) ? [cpuEstimate, cpu] : [plan.estimatedSeconds, measured]
        const ratio = Math.max(est / got, got / est)
        if (ratio > worst) [worst, worstName] = [ratio, preset.id]
        rows.push({
          case: 'estimates',
          name: `${preset.id} quick (${plan.runs} runs): CPU estimate ${cpuEstimate.toPrecision(3)} s, measured`,
          value: Number.isFinite(cpu) ? cpu : NaN,
          unit: 's',
          note: `CPU estimate / measured ${(cpuEstimate / cpu).toPrecision(3)}; wall: estimate ${plan.estimatedSeconds.toPrecision(3)} s, measured ${measured.toPrecision(3)} s (${(plan.estimatedSeconds / measured).toPrecision(3)}); load ${loadAtPlan.toFixed(1)} at the estimate, ${loadavg()[0].toFixed(1)} after`,
        })
      } finally {
        service.dispose()
        await scheduler.dispose()
        store.close()
        rmSync(dir, { recursive: true, force: true })
      }
    }
    // nothing changed but the moment (and the load): the rates measured again must price every preset alike
    const againBefore = loadavg()[0]
    const again = measureRates()
    let moved = 0
    let movedName = ''
    for (const p of priced) {
      const second = sweepCpuSeconds(p.specs, { ...p.calibration, rates: again }, WORKERS)
      const ratio = Math.max(second / p.cpu, p.cpu / second)
      if (ratio > moved) [moved, movedName] = [ratio, p.id]
    }
    rows.push({ case: 'estimates', name: 'estimate moved by measuring the rates again (worst preset)', value: moved, unit: '×', note: `${movedName}; load ${before.toFixed(1)} at the first measurement, ${againBefore.toFixed(1)} at the second` })
    rows.push({ case: 'estimates', name: 'worst estimate / measured ratio', value: worst, unit: '×', note: `${worstName}; CPU seconds of the sweep (workers and scheduler) against the estimate's, wall time where /proc is missing` })
    return rows
  },
}
