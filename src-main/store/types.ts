/**
 * What the run store holds, as the scheduler, the CLI and the lab service read it (mapped from SQLite in rows.ts).
 * The API's shapes for the renderer (src-shared/api/lab.ts) are made from these in src-main/lab/apiShapes.ts.
 */
import type { MetricValue, ModelSnapshot, Series } from '../../src-shared/api/results'
import type { RunStatus, SweepStatus } from '../../src-shared/api/status'
import type { ExperimentSpec, Scale, SweepSpec } from '../../src-shared/spec/experiment'

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
  /** A run id (prefix), `path=value` for a param (`data.length=12`, `seed=0`), or text found in the params. */
  text?: string
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
}

export interface DatasetMeta {
  columns: Array<{ name: string; role: string }>
  binWidth: number
  rows: number
  [key: string]: unknown
}

export interface StoredDataset {
  id: string
  name: string
  /** Content hash of the imported data (unique: importing the same file twice finds the first import). */
  hash: string
  /** The binary file, relative to Store.dataDir. */
  file: string
  /** Where the data came from (the CSV path at import time). */
  source: string | null
  meta: DatasetMeta
  createdAt: number
}
