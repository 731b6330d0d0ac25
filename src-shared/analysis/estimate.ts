/**
 * Run-time estimates for the sweep builder, the Reproduce cards and a sweep's ETA: the cost model's seconds for each
 * run (analysis/costModel.ts, at this machine's measured rates), times a correction learnt from finished runs of the
 * same kind (procedure, student, loss) when there are any. A kind never run here is priced by the model alone, never
 * by other kinds' measurements. Estimates, not promises: maxSteps bounds a run a stopping criterion may end early.
 */
import type { ExperimentSpec } from '../spec/experiment'
import { batchable, sweepBatchSize } from '../experiments/batchPolicy'
import { coldSeconds, mainFamily, runWork, workSeconds, type DatasetShape, type KernelFamily, type MachineRates } from './costModel'

/** Scheduler work around each run (claiming it, sending the spec, writing the result in one transaction). */
export const RUN_OVERHEAD_SECONDS = 0.05
/** Starting a worker process and loading the engine, paid once per worker a sweep starts. */
export const WORKER_START_SECONDS = 0.8
/** A kind's correction is bounded: a few odd runs (a machine busy with other work) cannot move it further. */
const MAX_CORRECTION = 30

/** Runs whose modelled costs share their error: the same procedure, student kind and parameterisation, loss. */
export function costClass(spec: ExperimentSpec): string {
  const student = spec.student as { kind: string; parameterization?: string }
  return [spec.experiment, student.kind, student.parameterization ?? '', spec.data.loss].join('/')
}

export interface Calibration {
  rates: MachineRates
  /** How much slower each worker runs now than on a core of its own (other processes sharing the cores); 1 if unknown. */
  contention?: number
  /** Starting a worker (process, engine) on a free core, as measured on this machine; else the default. */
  workerStartSeconds?: number
  /** Measured over modelled seconds, the median per cost class of finished runs. */
  byClass: Map<string, number>
  /** The scheduler's seconds around each run measured on this store's finished runs (starts included); else the default. */
  runOverheadSeconds?: number
  /** The shape of a dataset a spec names, where known. */
  dataset?: (ref: string) => DatasetShape | undefined
}

function median(xs: number[]): number | null {
  const sorted = xs.filter((x) => x > 0 && Number.isFinite(x)).sort((a, b) => a - b)
  if (!sorted.length) return null
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : Math.sqrt(sorted[mid - 1] * sorted[mid])
}

/** Modelled seconds of one run's work in its worker, before any correction. */
export function modelSeconds(spec: ExperimentSpec, rates: MachineRates, dataset?: Calibration['dataset']): number {
  const shape = spec.data.dataset !== undefined ? dataset?.(spec.data.dataset) : undefined
  return workSeconds(runWork(spec, shape), rates)
}

/** The median measured/modelled ratio per cost class over finished runs (their time in the worker). */
export function calibrate(rates: MachineRates, finished: Array<{ spec: ExperimentSpec; elapsedMs: number }>, dataset?: Calibration['dataset']): Calibration {
  const ratios = new Map<string, number[]>()
  for (const run of finished) {
    const modelled = modelSeconds(run.spec, rates, dataset)
    if (!(run.elapsedMs > 0) || !(modelled > 0)) continue
    const cls = costClass(run.spec)
    ratios.set(cls, [...(ratios.get(cls) ?? []), run.elapsedMs / 1000 / modelled])
  }
  const byClass = new Map<string, number>()
  for (const [cls, xs] of ratios) {
    const m = median(xs)
    if (m !== null) byClass.set(cls, Math.min(MAX_CORRECTION, Math.max(1 / MAX_CORRECTION, m)))
  }
  return { rates, byClass, dataset }
}

/** Seconds of one run in its worker: the model, corrected by its kind's finished runs. */
export function runSeconds(spec: ExperimentSpec, calibration: Calibration): number {
  // a kind's own measured runs already show how this machine runs it; the load only adjusts the model's price
  return modelSeconds(spec, calibration.rates, calibration.dataset) * (calibration.byClass.get(costClass(spec)) ?? calibration.contention ?? 1)
}

/**
 * The scheduler's mean seconds per run beyond the run's own time in its worker (claiming it, a worker's start when it
 * needed one, sending the result, writing it): a property of the machine and the app, not of the kind, so every
 * finished run tells it. Null below `minRuns` runs.
 */
export function measuredRunOverhead(runs: Array<{ startedAt: number | null; finishedAt: number | null; elapsedMs: number | null }>, minRuns = 10): number | null {
  const gaps = runs.flatMap((r) => (r.startedAt !== null && r.finishedAt !== null && r.elapsedMs !== null ? [Math.max(0, r.finishedAt - r.startedAt - r.elapsedMs) / 1000] : []))
  return gaps.length >= minRuns ? gaps.reduce((a, b) => a + b, 0) / gaps.length : null
}

/** Wall-clock seconds of a sweep on `workers` workers, and the mean seconds per run. */
export function estimateSeconds(specs: readonly ExperimentSpec[], calibration: Calibration, workers: number): { total: number; perRun: number } {
  // the fixed costs are CPU work too: stretched like the runs when other processes share the cores
  const stretch = calibration.contention ?? 1
  const overhead = calibration.runOverheadSeconds ?? RUN_OVERHEAD_SECONDS * stretch
  // runs batched into one worker pass share its dispatch and its store round trip (experiments/batchPolicy.ts)
  const batch = sweepBatchSize(specs, workers)
  const perRuns = specs.map((spec) => overhead / (batchable(spec) ? batch : 1) + runSeconds(spec, calibration))
  const used = Math.max(1, Math.min(workers, specs.length))
  // each worker compiles a family's code on its first run of that family (a short first run pays its share)
  const families = new Map<KernelFamily, { runs: number; seconds: number }>()
  for (const spec of specs) {
    const terms = runWork(spec)
    const family = mainFamily(terms)
    const seen = families.get(family) ?? { runs: 0, seconds: 0 }
    families.set(family, { runs: seen.runs + 1, seconds: Math.max(seen.seconds, coldSeconds(terms, calibration.rates)) })
  }
  const cold = [...families.values()].reduce((s, { runs, seconds }) => s + seconds * stretch * Math.min(used, runs), 0)
  const sum = perRuns.reduce((a, b) => a + b, 0) + cold
  // Runs are spread over the workers; the longest run bounds the wall time from below.
  const start = (calibration.workerStartSeconds ?? WORKER_START_SECONDS) * stretch
  const total = specs.length ? start + Math.max(sum / used, Math.max(0, ...perRuns)) : 0
  return { total, perRun: specs.length ? sum / specs.length : 0 }
}

/**
 * CPU seconds a sweep's workers spend in all (their starts, the runs, the scheduler's work per run, compiling) at
 * free-core rates: what the estimate promises of the machine's work whatever else runs on it, and what the estimates
 * bench compares on a shared machine, where wall time depends on load that comes and goes during the sweep.
 */
export function sweepCpuSeconds(specs: readonly ExperimentSpec[], calibration: Calibration, workers: number): number {
  if (!specs.length) return 0
  const { perRun } = estimateSeconds(specs, { ...calibration, contention: 1 }, workers)
  const used = Math.max(1, Math.min(workers, specs.length))
  return (calibration.workerStartSeconds ?? WORKER_START_SECONDS) * used + perRun * specs.length
}
