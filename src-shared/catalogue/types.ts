/**
 * The metric catalogue's entry types: what a metric or series name means, how to label it, which way is better.
 * Names with a `{model}`, `{target}` or `{n}` slot are families (`r2_{model}` covers r2_rnn, r2_conv1d, ...).
 */

/** What an x axis counts. Each meaning has one axis label (AXIS_LABELS), so no chart shows a bare "x". */
export type AxisMeaning =
  | 'step'
  | 'epoch'
  | 'lag'
  | 'length'
  | 'training-length'
  | 'eigen-real'
  | 'mode-b'
  | 'mode-index'
  | 'grid'
  | 'kernel-entry'

/** lower: smaller is better (errors, losses); higher: larger is better (R²); null: neither (a setting, a count). */
export type Better = 'lower' | 'higher' | null

/** scalar: one number; by-length: an array over x (index 0 = x 1); keyed: numbers by output column; vector: one per mode. */
export type MetricShape = 'scalar' | 'by-length' | 'keyed' | 'vector'

export interface MetricEntry {
  /** snake_case, as stored; may hold `{model}` / `{target}` slots. */
  name: string
  /** Human label for tables, chart axes and tooltips; slots are filled in by `describeMetric`. */
  label: string
  unit: string | null
  /** What it is, in a sentence. */
  definition: string
  /** Where the paper defines or uses it (e.g. "ICLR23 App. B.3"). */
  section: string
  better: Better
  shape: MetricShape
  /** For by-length and vector metrics: what the index counts. */
  x?: AxisMeaning
}

export interface SeriesEntry {
  name: string
  /** Legend label. */
  label: string
  x: AxisMeaning
  /** y-axis label. */
  y: string
  definition: string
  section: string
  /** Series with the same chart id are drawn on one chart (train/test × model); may hold slots. */
  chart: string
  /** Draw y on a log axis (losses). */
  logY?: boolean
}

export interface ChartEntry {
  id: string
  title: string
  x: AxisMeaning
  y: string
  logY?: boolean
  /** Clip y to this range where values run far off (R² from a width-scaled init starts near −70). */
  yRange?: [number, number]
}
