/**
 * Which runs train together in one worker pass (batched runs, ./runBatch.ts), and how many: a sweep's runs whose
 * students step through the fused diagonal kernel (diagonal linear students on the population loss: ICLR23 Fig. 1a and
 * its kind). Other runs go alone: they would train one after the other in a pass, gaining nothing and balancing worse.
 * Shared by the scheduler, which forms the batches, and the cost model, which prices a sweep at batched rates.
 */
import type { ExperimentSpec } from '../spec/experiment'

/** The most runs one pass takes: a batch of Fig. 1a paper runs is then ~0.4 s, so progress and cancels stay prompt. */
export const MAX_BATCH = 32

/** Whether a run can share a pass: its student steps through the batch kernel (Arena.diagonalBatch). */
export function batchable(spec: ExperimentSpec): boolean {
  return spec.experiment === 'train' && spec.student.kind === 'linear' && spec.student.parameterization === 'diagonal' &&
    spec.data.loss === 'population' && spec.data.dataset === undefined
}

/**
 * Runs per pass for `runs` batchable runs queued on `workers` workers: ⌈runs / workers⌉, at most `limit`, so the
 * workers finish together (two workers and 9 runs: passes of 5, 2, 1, 1).
 */
export function batchSize(runs: number, workers: number, limit = MAX_BATCH): number {
  return Math.max(1, Math.min(limit, Math.ceil(runs / Math.max(1, workers))))
}

/** The batch size a whole sweep starts with on `workers` workers (1: its runs go alone). */
export function sweepBatchSize(specs: readonly ExperimentSpec[], workers: number, limit = MAX_BATCH): number {
  return batchSize(specs.filter(batchable).length, workers, limit)
}
