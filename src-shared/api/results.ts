/** What a finished run produces: scalar/array metrics, named series for charts, model snapshots, warnings. */

/** A metric: a number (null where undefined, e.g. R² of a constant column), an array, or numbers keyed by name. */
export type MetricValue = number | null | number[] | Record<string, number | null>

/** A named series for a chart: y against x (x defaults to 0..n-1). Curves are subsampled to ≤ 2,000 points. */
export interface Series {
  x?: number[]
  y: number[]
  /**
   * What this run's series is beyond its name, where a run says more (a trajectory's start, a realization's order).
   * A series' display name is the catalogue's (`seriesLabel`), never written by the procedure that made it.
   */
  label?: string
}

/** A model's parameters by tensor name (row-major), so a trained student or a teacher can be inspected or reloaded. */
export interface ModelSnapshot {
  kind: string
  tensors: Record<string, { shape: number[]; data: number[] }>
}

export interface RunResult {
  /** snake_case names; see docs/specs.md for the ones other tools rely on (final_loss, extrapolation_error, ...). */
  metrics: Record<string, MetricValue>
  /** Charts: loss_curve, impulse_student, impulse_teacher, eigenvalues, ... */
  series: Record<string, Series>
  models: Record<string, ModelSnapshot>
  /** Things a user must know about the run (e.g. "the loss never moved: Adam's gradients sit below eps"). */
  warnings: string[]
  /** Training steps actually taken. */
  steps: number
  /**
   * Why the run failed although it produced these results (a loss that diverged to NaN or ±Infinity): the run is
   * stored failed with this reason, its curves up to that point kept.
   */
  failure?: string
}

/**
 * A result with each series and model already encoded: the worker encodes them, so the process that owns the store
 * writes them as they are instead of parsing a run's curves and serialising them again. A series is a binary blob
 * (seriesCodec.ts) or, where that layout cannot hold it, JSON text; a model is JSON text.
 */
export interface EncodedRunResult extends Omit<RunResult, 'series' | 'models'> {
  series: Record<string, string | Uint8Array>
  models: Record<string, string>
}

/** Progress a procedure reports while it trains (throttled by the worker). */
export interface Progress {
  step: number
  totalSteps: number
  loss: number
}

/** Keep at most `maxPoints` points of a curve, evenly spaced, always including the last one. */
export function subsampleCurve(steps: ArrayLike<number>, values: ArrayLike<number>, maxPoints = 2000): Series {
  const n = values.length
  if (n <= maxPoints) return { x: Array.from(steps), y: Array.from(values) }
  const x: number[] = []
  const y: number[] = []
  for (let i = 0; i < maxPoints; i++) {
    const idx = Math.round((i * (n - 1)) / (maxPoints - 1))
    x.push(steps[idx])
    y.push(values[idx])
  }
  return { x, y }
}

/**
 * Scalar metrics (numbers and nulls) for tables and grouping; numbers keyed by output column are flattened to
 * `name.column` (`r2_conv1d.vel_x`), so every per-model R² can be picked like any scalar.
 */
export function scalarMetrics(metrics: Record<string, MetricValue>): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  for (const [name, value] of Object.entries(metrics)) {
    if (typeof value === 'number' || value === null) out[name] = value
    else if (!Array.isArray(value)) for (const [key, v] of Object.entries(value)) out[`${name}.${key}`] = v
  }
  return out
}
