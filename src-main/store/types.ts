/**
 * What the run store holds, as the scheduler, the CLI and the lab service read it (mapped from SQLite in rows.ts).
 * The API's shapes for the renderer (src-shared/api/services/) are made from these in src-main/lab/apiShapes.ts.
 */
import type { MetricValue, ModelSnapshot, Series } from '../../src-shared/api/results'
import type { RunStatus, SweepStatus } from '../../src-shared/api/status'
import type { ExperimentSpec, Scale, SweepSpec } from '../../src-shared/spec/experiment'
import type { QueryExpr, RunSort } from '../../src-shared/query/runQuery'

/** A sweep is `running` while a scheduler works on it; `interrupted` when that process went away mid-sweep. */
export interface StoredSweep {
  id: string
  /** Preset id, or null for a custom spec. */
  preset: string | null
  scale: Scale | null
  title: string
  spec: SweepSpec
  /** Milliseconds since the epoch. */
  createdAt: number
  status: SweepStatus
  /** Markdown, or null. */
  note: string | null
  tags: string[]
  /** When it went to the trash (ms), or null. */
  deletedAt: number | null
}

/** A sweep with its runs counted by status (the runs view's sweep list). */
export interface StoredSweepSummary extends Omit<StoredSweep, 'spec'> {
  counts: Record<RunStatus, number>
  total: number
}

/** A run without its spec and results: what a table row needs. */
export interface StoredRun {
  id: string
  sweepId: string
  /** Position in the sweep (PlannedRun.index). */
  index: number
  /** Swept values by spec path, plus `seed`. */
  params: Record<string, unknown>
  seed: number
  status: RunStatus
  /** Why a run failed or was cancelled ("interrupted", "worker killed by SIGKILL", an error message). */
  reason: string | null
  warnings: string[]
  step: number | null
  totalSteps: number | null
  loss: number | null
  startedAt: number | null
  finishedAt: number | null
  elapsedMs: number | null
  codeVersion: string | null
  workerPid: number | null
  /** When its sweep was created (ms). */
  createdAt: number | null
  /** Markdown, or null. */
  note: string | null
  /** The run's own tags (its sweep's tags are on the sweep). */
  tags: string[]
  /** When it went to the trash (ms), or null; a run of a sweep in the trash is in the trash too. */
  deletedAt: number | null
}

/** Everything stored about one run. */
export interface StoredRunDetail extends StoredRun {
  spec: ExperimentSpec
  metrics: Record<string, MetricValue>
  series: Record<string, Series>
  models: Record<string, ModelSnapshot>
}

export interface RunFilter {
  sweepId?: string
  status?: RunStatus | RunStatus[]
  /** A run query (src-shared/query/runQuery.ts), as text or parsed: `data.length >= 12 and tag:good`. */
  where?: string | QueryExpr | null
  /** Any column: created, id, sweep, status, index, elapsed, a spec path or a metric name. */
  sort?: RunSort
  /** List the trash (deleted runs and the runs of deleted sweeps) instead of everything else. */
  trash?: boolean
  /** Param paths and metric names whose values RunPage.values should carry for the page's runs. */
  columns?: string[]
  /** Page size (default 100) and offset. */
  limit?: number
  offset?: number
  /** Without sweepId runs come newest first by default; within a sweep, by index. */
  order?: 'newest' | 'oldest'
}

export interface StoredRunPage {
  runs: StoredRun[]
  /** Runs matching the filter, ignoring limit/offset. */
  total: number
  /** The requested columns' values by run id then column (metrics first, else params); missing ones left out. */
  values: Record<string, Record<string, CellValue>>
}

/** A value in a params or metrics column of the runs table. */
export type CellValue = number | string | boolean | null
