/**
 * EMAMI21 Table 1 as a table for any real-data sweep: per run (whole recording, limited data, ...) the test R² of
 * every model on every output column, the ridge optimum beside them, and the paper's numbers where the run is one of
 * Table 1's two variants.
 */
import { TWIN_MODEL_LABELS, TWIN_MODEL_NAMES } from '../catalogue'
import { EMAMI21_TABLE1, r2Targets } from './emami21'
import { metricOf } from './runs'
import { runLabel } from './figureLines'
import type { ClaimRun } from './types'

interface R2TableRow {
  /** `rnn`, `scaled_conv1d`, `conv1d`, or a closed-form decoder: `ridge`, `least_squares`. */
  model: string
  label: string
  ours: Array<number | null>
  /** The paper's Table 1 values for the same outputs (x, y), where it gives them. */
  paper: Array<number | null>
  /** How a trained model got its numbers (null for the closed forms): starting step size, back-offs, epochs, converged (1/0). */
  training: { lr: number | null; backoffs: number | null; epochs: number | null; converged: number | null } | null
}

interface R2TableBlock {
  /** The run's variant (e.g. "whole", "limited 4.5 min") or its params. */
  label: string
  runParams: Record<string, unknown>
  rows: R2TableRow[]
  /** Per target: constant on the training rows, so its R² is left out for every model. */
  constant: boolean[]
}

export interface R2Table {
  targets: string[]
  blocks: R2TableBlock[]
}

const CLOSED_FORMS = ['ridge', 'least_squares']

function paperVariant(run: ClaimRun): keyof typeof EMAMI21_TABLE1 | null {
  const recording = run.params.recording
  if (recording === 'whole') return 'whole'
  if (typeof recording === 'string' && recording.startsWith('limited')) return 'limited'
  return null
}

/** null when no run has per-model R² (not a real-data EMAMI21 sweep). */
export function r2Table(runs: readonly ClaimRun[], withPaper: boolean): R2Table | null {
  const withR2 = runs.filter((r) => r2Targets(r).length > 0 && TWIN_MODEL_NAMES.some((m) => r.metrics[`r2_${m}`] !== undefined))
  if (withR2.length === 0) return null
  const targets = r2Targets(withR2[0])
  // A block is named by its variant; runs that differ only by seed are named by their seed as well.
  const withoutSeed = withR2.map((run) => runLabel(run, Object.keys(run.params).filter((p) => p !== 'seed')))
  const labels = new Set(withoutSeed).size === withR2.length ? withoutSeed : withR2.map((run) => runLabel(run, Object.keys(run.params)))
  const blocks = withR2.map((run, i) => {
    const variant = withPaper ? paperVariant(run) : null
    // the closed forms below the trained models: ridge (what a penalty reaches), least squares (where plain GD on the Conv1D converges)
    const models = [...TWIN_MODEL_NAMES.filter((m) => run.metrics[`r2_${m}`] !== undefined), ...CLOSED_FORMS.filter((m) => run.metrics[`r2_${m}`] !== undefined)]
    const rows = models.map((model) => ({
      model,
      label: TWIN_MODEL_LABELS[model] ?? model,
      ours: targets.map((t) => metricOf(run, `r2_${model}.${t}`)),
      paper: targets.map((_, axis) => (variant && !CLOSED_FORMS.includes(model) ? ((EMAMI21_TABLE1[variant] as Record<string, readonly number[]>)[model]?.[axis] ?? null) : null)),
      training: CLOSED_FORMS.includes(model) ? null : { lr: metricOf(run, `lr_${model}`), backoffs: metricOf(run, `backoffs_${model}`), epochs: metricOf(run, `epochs_${model}`), converged: metricOf(run, `converged_${model}`) },
    }))
    return { label: labels[i] || 'run', runParams: run.params, rows, constant: targets.map((t) => metricOf(run, `target_constant.${t}`) === 1) }
  })
  return { targets, blocks }
}

/** The table from a comparison's flattened scalars (`r2_rnn.vel_x`), for Compare on any real-data sweep. */
export function r2TableFromScalars(runs: ReadonlyArray<{ params: Record<string, unknown>; values: Record<string, number | null> }>): R2Table | null {
  const claimRuns = runs.map(({ params, values }) => {
    const metrics: Record<string, Record<string, number | null>> = {}
    for (const [name, v] of Object.entries(values)) {
      const dot = name.indexOf('.')
      if (dot > 0 && name.startsWith('r2')) (metrics[name.slice(0, dot)] ??= {})[name.slice(dot + 1)] = v
    }
    return { params, metrics, series: {} }
  })
  return r2Table(claimRuns, claimRuns.some((r) => r.params.recording !== undefined))
}
