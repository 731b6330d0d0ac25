/**
 * Which queued runs a worker pass trains together (batched runs, experiments/runBatch.ts): runs of one sweep whose
 * students step through the fused diagonal kernel (diagonal linear students on the population loss, the ICLR23 Fig. 1a
 * kind), up to batchSize of them. Other runs go alone. Batching changes no result: each run computes exactly what it
 * computes alone.
 */
import type { ExperimentSpec } from '../../src-shared/spec/experiment'

/** The most runs one pass takes: a batch of Fig. 1a paper runs is then ~0.4 s, so progress and cancels stay prompt. */
export const MAX_BATCH = 32

/** A run the scheduler has queued; its spec is read from the store once, when batches are formed. */
export interface QueuedRun {
  runId: string
  sweepId: string
  spec?: ExperimentSpec | null
}

/** Whether a run can share a pass: its student steps through the batch kernel (engine/diagonalBatch.ts). */
export function batchable(spec: ExperimentSpec): boolean {
  return spec.experiment === 'train' && spec.student.kind === 'linear' && spec.student.parameterization === 'diagonal' &&
    spec.data.loss === 'population' && spec.data.dataset === undefined
}

/**
 * Runs per pass for `runs` batchable runs on `workers` workers: enough passes to keep every worker busy to the end,
 * each at most MAX_BATCH. The scheduler uses it on what is queued; a cost model prices a sweep with it.
 */
export function batchSize(runs: number, workers: number, limit = MAX_BATCH): number {
  return Math.max(1, Math.min(limit, Math.ceil(runs / Math.max(1, workers))))
}

/** The batch size a whole sweep starts with on `workers` workers (1: its runs go alone). */
export function sweepBatchSize(specs: readonly ExperimentSpec[], workers: number, limit = MAX_BATCH): number {
  return batchSize(specs.filter(batchable).length, workers, limit)
}

/**
 * Take `first`'s batch mates off the queue: queued runs of its sweep that are batchable like it, as many as
 * batchSize allows for what is queued. Returns the batch, `first` first.
 */
export function takeBatch(queue: QueuedRun[], first: QueuedRun, workers: number,
  specOf: (runId: string) => ExperimentSpec | undefined, limit = MAX_BATCH): QueuedRun[] {
  const isBatchable = (run: QueuedRun): boolean => {
    if (run.spec === undefined) run.spec = specOf(run.runId) ?? null
    return run.spec !== null && batchable(run.spec)
  }
  if (limit <= 1 || !isBatchable(first)) return [first]
  const mates: number[] = []
  for (let i = 0; i < queue.length; i++) if (queue[i].sweepId === first.sweepId && isBatchable(queue[i])) mates.push(i)
  const take = mates.slice(0, batchSize(mates.length + 1, workers, limit) - 1)
  const batch = [first, ...take.map((i) => queue[i])]
  for (let j = take.length - 1; j >= 0; j--) queue.splice(take[j], 1)
  return batch
}
