/** Messages between the scheduler and a training worker (utility process in the app, child process in the CLI). */
import { z } from 'zod'
import type { EncodedRunResult, Progress } from './results'
import type { ExperimentSpec } from '../spec/experiment'

export type ToWorker =
  /** threads: how many the run's matrix products may use (the scheduler's share of the cores for it). */
  | { type: 'run'; runId: string; spec: ExperimentSpec; datasetFile?: string; threads?: number }
  /**
   * Runs of one sweep that share their shapes, trained together in one pass (experiments/runBatch.ts); each reports
   * its own progress and result as a lone run does.
   */
  | { type: 'batch'; runs: Array<{ runId: string; spec: ExperimentSpec }>; threads?: number }
  /** Drop one run of the batch in progress (cancelled); the others go on. */
  | { type: 'cancel'; runId: string }
  | { type: 'shutdown' }

export type FromWorker =
  | { type: 'ready'; pid: number }
  /** Sent every couple of seconds, also mid-run: a worker silent past the scheduler's timeout is killed. */
  | { type: 'heartbeat' }
  | ({ type: 'progress'; runId: string } & Progress)
  | { type: 'done'; runId: string; result: EncodedRunResult; elapsedMs: number }
  | { type: 'error'; runId: string; message: string }

/**
 * Validates what a worker sends before the scheduler trusts it (results are checked for shape, not content: series
 * arrive as binary blobs or JSON text and models as JSON text, encodeRunResult).
 */
export const FromWorkerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pid: z.number() }),
  z.object({ type: z.literal('heartbeat') }),
  z.object({
    type: z.literal('progress'),
    runId: z.string(),
    step: z.number(),
    totalSteps: z.number(),
    loss: z.number().nullable(),
  }),
  z.object({
    type: z.literal('done'),
    runId: z.string(),
    elapsedMs: z.number(),
    result: z.object({
      metrics: z.record(z.string(), z.unknown()),
      series: z.record(z.string(), z.union([z.string(), z.instanceof(Uint8Array)])),
      models: z.record(z.string(), z.string()),
      warnings: z.array(z.string()),
      steps: z.number(),
      failure: z.string().optional(),
    }),
  }),
  z.object({ type: z.literal('error'), runId: z.string(), message: z.string() }),
])
