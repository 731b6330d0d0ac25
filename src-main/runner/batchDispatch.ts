/**
 * Which queued runs a worker pass trains together: the batch policy (src-shared/experiments/batchPolicy.ts) applied to
 * the scheduler's queue. Batching changes no result: each run computes exactly what it computes alone.
 */
import type { ExperimentSpec } from '../../src-shared/spec/experiment'
import { batchable, batchSize, MAX_BATCH } from '../../src-shared/experiments/batchPolicy'

/** A run the scheduler has queued; its spec is read from the store once, when batches are formed. */
export interface QueuedRun {
  runId: string
  sweepId: string
  spec?: ExperimentSpec | null
}

/**
 * Take `first`'s batch mates off the queue: queued runs of its sweep that are batchable like it, as many as
 * batchSize allows for what is queued (at most `limit`). Returns the batch, `first` first.
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
