/** Mapping SQLite rows of the run store to the typed rows of types.ts. */
import { RUN_STATUSES, type RunStatus, type SweepStatus } from '../../src-shared/api/status'
import type { StoredRun, StoredSweep, StoredSweepSummary } from './types'
import type { Scale, SweepSpec } from '../../src-shared/spec/experiment'

/** Columns of a StoredRun: everything but the spec, which can be large and is read on demand. */
export const RUN_COLUMNS = `id, sweep_id, idx, params, seed, status, reason, warnings, step, total_steps, loss,
  started_at, finished_at, elapsed_ms, code_version, worker_pid, created_at, note, deleted_at`

export interface RunRecord {
  id: string
  sweep_id: string
  idx: number
  params: string
  seed: number
  status: RunStatus
  reason: string | null
  warnings: string
  step: number | null
  total_steps: number | null
  loss: number | null
  started_at: number | null
  finished_at: number | null
  elapsed_ms: number | null
  code_version: string | null
  worker_pid: number | null
  created_at: number | null
  note: string | null
  deleted_at: number | null
}

export interface SweepRecord {
  id: string
  preset: string | null
  scale: string | null
  title: string
  spec: string
  created_at: number
  status: SweepStatus
  note: string | null
  deleted_at: number | null
}

/** Tags come from the tags table, added by the caller (Store.tagsOf). */
export function runFromRow(row: RunRecord, tags: string[] = []): StoredRun {
  return {
    id: row.id,
    sweepId: row.sweep_id,
    index: row.idx,
    params: JSON.parse(row.params) as Record<string, unknown>,
    seed: row.seed,
    status: row.status,
    reason: row.reason,
    warnings: JSON.parse(row.warnings) as string[],
    step: row.step,
    totalSteps: row.total_steps,
    loss: row.loss,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    elapsedMs: row.elapsed_ms,
    codeVersion: row.code_version,
    workerPid: row.worker_pid,
    createdAt: row.created_at,
    note: row.note,
    tags,
    deletedAt: row.deleted_at,
  }
}

export function sweepFromRow(row: SweepRecord, tags: string[] = []): StoredSweep {
  return {
    id: row.id,
    preset: row.preset,
    scale: row.scale as Scale | null,
    title: row.title,
    spec: JSON.parse(row.spec) as SweepSpec,
    createdAt: row.created_at,
    status: row.status,
    note: row.note,
    tags,
    deletedAt: row.deleted_at,
  }
}

export function emptyCounts(): Record<RunStatus, number> {
  return Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>
}

/** A sweep row as a summary; its runs are counted in by status (countRuns). */
export function sweepSummaryFromRow(row: SweepRecord, tags: string[] = []): StoredSweepSummary {
  return {
    id: row.id,
    preset: row.preset,
    scale: row.scale as StoredSweepSummary['scale'],
    title: row.title,
    createdAt: row.created_at,
    status: row.status,
    note: row.note,
    tags,
    deletedAt: row.deleted_at,
    counts: emptyCounts(),
    total: 0,
  }
}

/** Count `n` runs of a status into a sweep summary. */
export function countRuns(summary: StoredSweepSummary, status: RunStatus, n: number): void {
  summary.counts[status] = n
  summary.total += n
}
