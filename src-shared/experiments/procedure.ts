/** The signature every experiment procedure implements; the worker calls one per run. */
import type { DatasetTable } from '../api/dataset'
import type { Backend } from '../engine/backend'
import type { Progress, RunResult } from '../api/results'
import type { ExperimentKind, SpecOf } from '../spec/experiment'

export interface RunContext {
  /** Report progress; the worker throttles what it forwards. */
  onProgress(progress: Progress): void
  /** The dataset named by spec.data.dataset, loaded by the worker (procedures never touch the file system). */
  dataset?: DatasetTable
  /** The kernels to train with, chosen by the process entry point (src-main/engine/backend/choose.ts). */
  backend: Backend
}

/** A procedure of one experiment kind receives that kind's spec (its options typed). */
export type Procedure<K extends ExperimentKind = ExperimentKind> = (spec: SpecOf<K>, ctx: RunContext) => RunResult
