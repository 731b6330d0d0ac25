/**
 * Run-time estimates for the sweep builder: a rough operation count per run (what a step costs for each student),
 * calibrated by the seconds per operation that runs of the same kind (procedure, student, loss) took on this machine.
 * The operation count is only comparable within a kind, so one earlier run of the same kind is what makes an
 * estimate good. A kind never run here takes the geometric mean of the measured kinds' rates, one vote per kind: rates
 * of different kinds differ by orders of magnitude (small runs are bound by start-up and per-step overhead), so a
 * median pooled over runs lets whichever kind ran most decide (it once put a first EMAMI21 sweep at hours), while the
 * log-scale centre stays within an order of magnitude either way. Estimates, not promises.
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

/** Runs whose operation counts are comparable: the same procedure, student kind and parameterisation, loss. */
export function costClass(spec: ExperimentSpec): string {
  const student = spec.student as { kind: string; parameterization?: string }
  return [spec.experiment, student.kind, student.parameterization ?? '', spec.data.loss].join('/')
}

/** Seconds per operation by cost class, and their geometric mean for classes never run here. */
export interface Calibration {
  byClass: Map<string, number>
  overall: number
}

function median(xs: number[]): number | null {
  const sorted = xs.filter((x) => x > 0 && Number.isFinite(x)).sort((a, b) => a - b)
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : null
}

/** Median seconds per operation per cost class over finished runs; the default when none has finished. */
export function calibrate(finished: Array<{ spec: ExperimentSpec; elapsedMs: number }>): Calibration {
  const rates = new Map<string, number[]>()
  for (const run of finished) {
    if (!(run.elapsedMs > 0)) continue
    const rate = Math.max(0, run.elapsedMs / 1000 - RUN_OVERHEAD_SECONDS) / runCost(run.spec)
    const cls = costClass(run.spec)
    rates.set(cls, [...(rates.get(cls) ?? []), rate])
  }
  const byClass = new Map<string, number>()
  for (const [cls, xs] of rates) {
    const m = median(xs)
    if (m !== null) byClass.set(cls, m)
  }
  const logs = [...byClass.values()].map(Math.log)
  return { byClass, overall: logs.length ? Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length) : DEFAULT_SECONDS_PER_OP }
}

export function estimateSeconds(specs: readonly ExperimentSpec[], calibration: Calibration, workers: number): { total: number; perRun: number } {
  const perRuns = specs.map((spec) => RUN_OVERHEAD_SECONDS + runCost(spec) * (calibration.byClass.get(costClass(spec)) ?? calibration.overall))
  const sum = perRuns.reduce((a, b) => a + b, 0)
  // Runs are spread over the workers; the longest run bounds the wall time from below.
  const total = Math.max(sum / Math.max(1, Math.min(workers, specs.length)), Math.max(0, ...perRuns))
  return { total, perRun: specs.length ? sum / specs.length : 0 }
}
