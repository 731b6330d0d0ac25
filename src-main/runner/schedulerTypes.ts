/** The scheduler's options and the events it reports (./scheduler.ts). */
import type { Scale, SweepSpecInput } from '../../src-shared/spec/experiment'
import type { CheckedSweep } from '../../src-shared/spec/sweep'
import type { DatasetPaths } from '../datasets/refs'
import type { RunStatus, SweepStatus } from '../../src-shared/api/status'
import type { StoredSweepSummary } from '../store/types'
import type { WorkerFactory } from './transport'

export interface SchedulerOptions {
  /** Worker processes (default: os.availableParallelism()). */
  workers?: number
  /** How workers are started (default: Node child processes; the desktop app passes Electron utility processes). */
  createWorker?: WorkerFactory
  /** Recorded with each run (default: git commit or package version). */
  codeVersion?: string
  /** May a sweep name its dataset by a CSV path, imported at submit (default), or only by a stored id or name (the API)? */
  datasetPaths?: DatasetPaths
  /** Idle workers are stopped after this long without work (default 10 s). */
  idleTimeoutMs?: number
  /**
   * A worker that sends nothing (no heartbeat, no progress) for this long is hung or stopped: it is killed and its run
   * fails saying so. Default: $IMPULSE_LAB_WORKER_TIMEOUT seconds, else DEFAULT_WORKER_TIMEOUT_MS.
   */
  workerTimeoutMs?: number
  /** The most runs one worker pass trains together (batchDispatch.ts; default MAX_BATCH, 1: every run alone). */
  batchLimit?: number
}

/** Workers beat every 2 s and between progress reports; two minutes of silence is far beyond any step of a run. */
export const DEFAULT_WORKER_TIMEOUT_MS = 120_000

export function workerTimeoutFromEnv(): number | undefined {
  const seconds = Number(process.env.IMPULSE_LAB_WORKER_TIMEOUT)
  return process.env.IMPULSE_LAB_WORKER_TIMEOUT && seconds > 0 ? seconds * 1000 : undefined
}

export interface SubmitSweep {
  /** A sweep as written, checked here; or one validSweep already checked, stored without another parse. */
  sweep: SweepSpecInput | CheckedSweep
  preset?: string | null
  scale?: Scale | null
  /** Defaults to the sweep's title. */
  title?: string
}

export interface RunStartedEvent {
  runId: string
  sweepId: string
  workerPid: number | null
}
export interface RunProgressEvent {
  runId: string
  sweepId: string
  step: number
  totalSteps: number
  loss: number | null
}
export interface RunFinishedEvent {
  runId: string
  sweepId: string
  status: Extract<RunStatus, 'done' | 'failed' | 'cancelled'>
  reason: string | null
  elapsedMs: number | null
}
export interface SweepFinishedEvent {
  sweepId: string
  status: SweepStatus
  summary: StoredSweepSummary
}
