/**
 * Run-time estimates for the sweep builder: a rough operation count per run (what a step costs for each student),
 * calibrated by the seconds per operation of runs this store has finished. Estimates, not promises.
 */
import type { ExperimentSpec } from '../spec/experiment'

/** Before any run has finished here: about 0.5 G useful operations per second in a worker, plus start-up. */
export const DEFAULT_SECONDS_PER_OP = 2e-9
export const RUN_OVERHEAD_SECONDS = 0.05

/** Operations one run performs (forward + backward), up to a constant the calibration absorbs. */
export function runCost(spec: ExperimentSpec): number {
  const d = spec.student.width
  const k = spec.data.length
  const b = spec.data.batchSize
  const steps = Math.max(1, spec.stopping.maxSteps)
  const horizon = spec.metrics.horizon
  let perStep: number
  switch (spec.student.kind) {
    case 'linear': {
      const transition = spec.student.parameterization === 'diagonal' ? d : d * d
      perStep = spec.data.loss === 'population' ? 3 * k * transition : 3 * b * k * (transition + d)
      break
    }
    case 'gru':
      perStep = 3 * b * k * 3 * d * (d + 1)
      break
    case 'lstm':
      perStep = 3 * b * k * 4 * d * (d + 1)
      break
    default:
      perStep = 3 * b * k * k
  }
  return steps * perStep + horizon * d * d
}

/** Median seconds per operation over finished runs, or the default when there are none. */
export function calibrate(finished: Array<{ spec: ExperimentSpec; elapsedMs: number }>): number {
  const rates = finished
    .filter((r) => r.elapsedMs > 0)
    .map((r) => Math.max(0, r.elapsedMs / 1000 - RUN_OVERHEAD_SECONDS) / runCost(r.spec))
    .filter((x) => x > 0 && Number.isFinite(x))
    .sort((a, b) => a - b)
  return rates.length ? rates[Math.floor(rates.length / 2)] : DEFAULT_SECONDS_PER_OP
}

export function estimateSeconds(specs: ExperimentSpec[], secondsPerOp: number, workers: number): { total: number; perRun: number } {
  const perRuns = specs.map((spec) => RUN_OVERHEAD_SECONDS + runCost(spec) * secondsPerOp)
  const sum = perRuns.reduce((a, b) => a + b, 0)
  // Runs are spread over the workers; the longest run bounds the wall time from below.
  const total = Math.max(sum / Math.max(1, Math.min(workers, specs.length)), Math.max(0, ...perRuns))
  return { total, perRun: specs.length ? sum / specs.length : 0 }
}
