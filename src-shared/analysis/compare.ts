/**
 * Comparing runs: scalar metrics side by side, grouped by a swept parameter, a spec path, the sweep or tags with mean ± std and median over the rest
 * (seeds; runs that never fitted their training lengths counted apart),
 * a 2-D heat map of a metric, the spec paths that differ, and R² per output. Pure: the service loads the rows.
 */
import type { CompareResult, GroupPoint, RunStatus } from '../api/lab'
import { scalarMetrics } from '../api/results'
import type { MetricValue, Series } from '../api/results'
import { getPath } from '../spec/sweep'
import { curveBand } from './curves'

export interface CompareRun {
  id: string
  sweepId: string
  status: RunStatus
  params: Record<string, unknown>
  spec: unknown
  metrics: Record<string, MetricValue>
  /** Its sweep's title, for grouping by sweep. */
  sweepTitle?: string
  /** The run's own tags and its sweep's. */
  tags?: string[]
}

interface CompareInput {
  runs: CompareRun[]
  groupBy?: string
  /** Lines (and bands) per value of this key, each against `groupBy` on x: Fig. 1a is x = k, split by eigMax. */
  splitBy?: string
  metrics: string[]
  heatmap?: { x: string; y: string; metric: string }
  /** Every finished run's curve, already smoothed and on the chosen x axis. */
  curves: Array<{ runId: string; series: Series }>
  /** At most this many of them are overlaid one by one (all go into the group bands). Default: all. */
  maxCurves?: number
  curveNames: string[]
}

const key = (value: unknown) => JSON.stringify(value ?? null)

/**
 * Runs that never fitted their training lengths (train_fitted = 0, e.g. still on the initial plateau) are left out of
 * group statistics and heat maps and counted apart: their error beyond k says nothing about extrapolation.
 */
const isFitted = (run: CompareRun) => run.metrics.train_fitted !== 0

/** Grouping keys beside spec paths: the sweep a run belongs to, and its tags. */
export const SWEEP_KEY = 'sweep'
export const TAGS_KEY = 'tags'

/** A sweep as charts name it: "title (id)", so two sweeps of one title stay apart; the id alone without a title. */
export function sweepLabel(run: { sweepId: string; sweepTitle?: string }): string {
  return run.sweepTitle ? `${run.sweepTitle} (${run.sweepId})` : run.sweepId
}

/**
 * A run's value for a grouping key: its sweep ("title (id)", so two sweeps of one title stay apart), its tags
 * (sorted, joined), its swept params, else the spec path (so unswept paths group too).
 */
function paramValue(run: CompareRun, name: string): unknown {
  if (name === SWEEP_KEY) return sweepLabel(run)
  if (name === TAGS_KEY) return run.tags?.length ? [...run.tags].sort().join(', ') : '(untagged)'
  return name in run.params ? run.params[name] : getPath(run.spec, name)
}

/** Distinct values, numbers ascending, others in first-seen order. */
function distinct(values: unknown[]): unknown[] {
  const seen = new Map<string, unknown>()
  for (const v of values) if (!seen.has(key(v))) seen.set(key(v), v)
  const out = [...seen.values()]
  return out.every((v) => typeof v === 'number') ? (out as number[]).sort((a, b) => a - b) : out
}

/** Mean, population standard deviation (numpy's default, ddof = 0) and median of the finite values. */
export function meanStd(values: Array<number | null | undefined>): { mean: number; std: number; median: number; n: number } | null {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  if (xs.length === 0) return null
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  return { mean, std: Math.sqrt(variance), median, n: xs.length }
}

/** Leaf paths of a plain JSON value; arrays are leaves (a matrix is one value). */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out)
  } else out.set(prefix, value)
}

export function specDiff(runs: CompareRun[]): CompareResult['diff'] {
  const flat = runs.map((run) => {
    const out = new Map<string, unknown>()
    flatten(run.spec, '', out)
    return out
  })
  const paths = [...new Set(flat.flatMap((f) => [...f.keys()]))].sort()
  return paths
    .filter((path) => new Set(flat.map((f) => key(f.get(path)))).size > 1)
    .map((path) => ({ path, values: Object.fromEntries(runs.map((run, i) => [run.id, flat[i].get(path) ?? null])) }))
}

/** Runs on a finite training set have epochs; population-loss runs count steps only. */
function trainsInEpochs(run: CompareRun): boolean {
  const data = getPath(run.spec, 'data') as { trainSize?: number | null; batchSize?: number } | undefined
  return Boolean(data?.trainSize && data.batchSize)
}

export function buildComparison(input: CompareInput): CompareResult {
  const { runs } = input
  const values = Object.fromEntries(runs.map((run) => [run.id, scalarMetrics(run.metrics)]))
  const paramNames = [...new Set(runs.flatMap((run) => Object.keys(run.params)))]
  const params = paramNames.filter((name) => new Set(runs.map((run) => key(run.params[name]))).size > 1)
  const labelParams = params.length ? params : paramNames
  const label = (run: CompareRun) => labelParams.map((p) => `${p.split('.').pop()}=${key(run.params[p])}`).join(' ') || run.id
  const metrics = [...new Set(runs.flatMap((run) => Object.keys(values[run.id])))].sort()

  let groups: CompareResult['groups'] = null
  if (input.groupBy) {
    const groupBy = input.groupBy
    const groupValues = distinct(runs.map((run) => paramValue(run, groupBy)))
    const splitBy = input.splitBy && input.splitBy !== groupBy ? input.splitBy : undefined
    const splits = splitBy ? distinct(runs.map((run) => paramValue(run, splitBy))).map((value) => ({ value, runs: runs.filter((run) => key(paramValue(run, splitBy)) === key(value)) })) : [{ value: undefined, runs }]
    groups = {
      param: groupBy,
      ...(splitBy ? { split: splitBy } : {}),
      lines: input.metrics.flatMap((metric) =>
        splits.map((split) => ({
          metric,
          ...(splitBy ? { group: split.value } : {}),
          points: groupValues.flatMap((value): GroupPoint[] => {
            const members = split.runs.filter((run) => key(paramValue(run, groupBy)) === key(value))
            const fitted = members.filter(isFitted)
            const stats = meanStd(fitted.map((run) => values[run.id][metric]))
            return stats ? [{ value, ...stats, unfitted: members.length - fitted.length }] : []
          }),
        })),
      ),
    }
  }

  let heatmap: CompareResult['heatmap'] = null
  if (input.heatmap) {
    const { x, y, metric } = input.heatmap
    const xValues = distinct(runs.map((run) => paramValue(run, x)))
    const yValues = distinct(runs.map((run) => paramValue(run, y)))
    const z = yValues.map((yv) =>
      xValues.map((xv) => {
        const members = runs.filter((run) => isFitted(run) && key(paramValue(run, x)) === key(xv) && key(paramValue(run, y)) === key(yv))
        return meanStd(members.map((run) => values[run.id][metric]))?.mean ?? null
      }),
    )
    heatmap = { x, y, xValues, yValues, metric, z }
  }

  const byId = new Map(runs.map((run) => [run.id, run]))
  const curves = input.curves.slice(0, input.maxCurves ?? input.curves.length).flatMap(({ runId, series }) => {
    const run = byId.get(runId)
    return run ? [{ runId, label: label(run), series }] : []
  })

  let bands: CompareResult['bands'] = null
  if ((input.splitBy || input.groupBy) && input.curves.length > 0) {
    const groupBy = (input.splitBy || input.groupBy)!
    const withRun = input.curves.flatMap((c) => (byId.has(c.runId) ? [{ ...c, run: byId.get(c.runId)! }] : []))
    const groupValues = distinct(withRun.map((c) => paramValue(c.run, groupBy)))
    bands = {
      param: groupBy,
      groups: groupValues.map((value) => curveBand(value, withRun.filter((c) => key(paramValue(c.run, groupBy)) === key(value)).map((c) => c.series))),
    }
  }

  const diff = specDiff(runs)
  const r2Runs = runs.filter((run) => run.metrics.r2 !== null && typeof run.metrics.r2 === 'object' && !Array.isArray(run.metrics.r2))
  const r2Columns = [...new Set(r2Runs.flatMap((run) => Object.keys(run.metrics.r2 as object)))]
  const r2 = {
    columns: r2Columns,
    rows: r2Runs.map((run) => ({ runId: run.id, label: label(run), values: run.metrics.r2 as Record<string, number | null> })),
  }

  return {
    runs: runs.map((run) => ({ id: run.id, label: label(run), sweepId: run.sweepId, ...(run.sweepTitle ? { sweepTitle: run.sweepTitle } : {}), status: run.status, params: run.params })),
    params,
    epochs: runs.length > 0 && runs.every(trainsInEpochs),
    groupKeys: [SWEEP_KEY, TAGS_KEY, ...params, ...diff.map((d) => d.path).filter((p) => !params.includes(p))],
    metrics,
    values,
    groups,
    heatmap,
    curves,
    curveCount: input.curves.length,
    bands,
    curveNames: input.curveNames,
    diff,
    r2,
  }
}

