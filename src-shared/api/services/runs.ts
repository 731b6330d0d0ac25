/** The runs service: the runs table (query, sort, columns), one run's detail, cancel, re-run, and Compare. */
import { z } from 'zod'
import type { ExperimentSpec } from '../../spec/experiment'
import type { CurveBand } from '../../analysis/curves'
import type { RunResult, Series } from '../results'
import { RunStatusSchema, type RunStatus } from '../status'
import type { SweepSummary } from './sweeps'
import { Id, type ServiceCalls, type ServiceHandlers } from './contract'

export interface RunRow {
  id: string
  sweepId: string
  index: number
  status: RunStatus
  params: Record<string, unknown>
  /** 0..1 */
  progress: number
  step: number | null
  totalSteps: number | null
  loss: number | null
  finalLoss: number | null
  elapsedMs: number | null
  etaSeconds: number | null
  /** Why the run failed or was cancelled ("interrupted", "worker killed by SIGKILL", an error message). */
  reason: string | null
  /** When its sweep was created (ISO). */
  createdAt: string | null
  /** Markdown, or null. */
  note: string | null
  tags: string[]
  /** In the trash (itself, or its sweep). */
  deleted: boolean
  /** The requested columns (listRuns `columns`): metric values, else param values by spec path. */
  values: Record<string, CellValue>
}

/** A value in a params or metrics column of the runs table. */
export type CellValue = number | string | boolean | null

/** The optional columns the runs table can show. */
export interface RunColumns {
  /** Spec paths and variant-axis names. */
  params: string[]
  /** Scalar metric names. */
  metrics: string[]
}

export interface RunPage {
  total: number
  offset: number
  rows: RunRow[]
}

export interface RunDetail {
  run: RunRow
  sweepTitle: string
  spec: ExperimentSpec
  result: RunResult | null
  /** The live loss curve while the run trains (step, loss), from progress messages. */
  liveCurve: Series | null
  /** Eigenvalues of the stored teacher's A (when it has one), for the eigenvalue chart. */
  teacherEigenvalues: Array<{ re: number; im: number }> | null
}

export interface GroupPoint {
  value: unknown
  mean: number
  std: number
  /** Robust to one outlying seed (an unstable teacher's tail can dominate a mean of a few). */
  median: number
  n: number
  /** Runs of this group left out of the statistics because they never fitted their training lengths (train_fitted = 0). */
  unfitted: number
}

export interface CompareResult {
  runs: Array<{ id: string; label: string; sweepId: string; sweepTitle?: string; status: RunStatus; params: Record<string, unknown> }>
  /** Params that vary across the compared runs. */
  params: string[]
  /** Scalar metric names present in any compared run. */
  metrics: string[]
  /** Metric values by run id (scalars only). */
  values: Record<string, Record<string, number | null>>
  /** Every run trains on a finite set, so curves can be put on an epoch axis (population-loss runs cannot). */
  epochs: boolean
  /** Keys `groupBy`/`splitBy` accept: `sweep`, `tags`, swept params, then the other spec paths that differ. */
  groupKeys: string[]
  /** Grouped by `groupBy` (x): one line per metric (and per `splitBy` value, its `group`), mean ± std over the rest. */
  groups: { param: string; split?: string; lines: Array<{ metric: string; group?: unknown; points: GroupPoint[] }> } | null
  heatmap: { x: string; y: string; xValues: unknown[]; yValues: unknown[]; metric: string; z: Array<Array<number | null>> } | null
  /** Overlaid curves: the first `maxCurves` finished runs. */
  curves: Array<{ runId: string; label: string; series: Series }>
  /** How many finished runs have the curve (all of them go into `bands`). */
  curveCount: number
  /** With groupBy: each group's curves on one x grid as mean ± std, median and min–max. */
  bands: { param: string; groups: CurveBand[] } | null
  /** Series names the first finished run has, to pick which curve to overlay. */
  curveNames: string[]
  /** Spec paths whose values differ between the runs, with each run's value. */
  diff: Array<{ path: string; values: Record<string, unknown> }>
  /** R² per output column for runs that report `r2`. */
  r2: { columns: string[]; rows: Array<{ runId: string; label: string; values: Record<string, number | null> }> }
}

export const runsRequests = {
  listRuns: z.object({
    sweepId: Id.optional(),
    status: RunStatusSchema.optional(),
    /** A run query (src-shared/query/runQuery.ts): `data.length >= 12 and extrapolation_error < 0.1 and tag:good`. */
    query: z.string().max(2000).default(''),
    sort: z.object({ key: z.string().min(1).max(200), dir: z.enum(['asc', 'desc']) }).optional(),
    /** Param paths and metric names whose values each row's `values` carries. */
    columns: z.array(z.string().min(1).max(200)).max(50).default([]),
    /** The trash instead of everything else. */
    trash: z.boolean().default(false),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
  }),
  listRunColumns: z.object({}),
  getRun: z.object({ runId: Id }),
  cancelRun: z.object({ runId: Id }),
  rerun: z.object({ runId: Id, changes: z.record(z.string(), z.unknown()).default({}) }),
  compare: z.object({
    sweepId: Id.optional(),
    runIds: z.array(Id).max(10000).optional(),
    groupBy: z.string().max(200).optional(),
    /** Lines and bands per value of this key (`sweep`, `tags` or a spec path), each against `groupBy`. */
    splitBy: z.string().max(200).optional(),
    metrics: z.array(z.string().max(100)).max(8).default(['final_loss']),
    heatmap: z.object({ x: z.string(), y: z.string(), metric: z.string() }).optional(),
    curve: z.string().max(100).default('loss_curve'),
    /** At most this many curves are overlaid (the first runs); every run's curve goes into the group bands. */
    maxCurves: z.number().int().min(0).max(200).default(30),
    /** EMA weight for the curves (TensorBoard's smoothing slider): 0 = raw. */
    smoothing: z.number().min(0).max(0.999).default(0),
    /** The curves' x: `step` as stored, `epoch`, or the name of another series whose values become x. */
    xAxis: z.string().min(1).max(100).default('step'),
  }),
} as const

export interface RunsAnswers {
  listRuns: RunPage
  listRunColumns: RunColumns
  getRun: RunDetail
  cancelRun: RunRow
  rerun: SweepSummary
  compare: CompareResult
}

export type RunsApi = ServiceCalls<typeof runsRequests, RunsAnswers>
export type RunsHandlers = ServiceHandlers<typeof runsRequests, RunsAnswers>
export type CompareRequest = z.output<typeof runsRequests.compare>
