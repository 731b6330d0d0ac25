/**
 * Scale-out on a Slurm cluster: export a sweep as a job directory with an sbatch job array, run one array
 * task, merge finished tasks into the store, resubmit the unfinished ones. The app's "Run on cluster…" and
 * "Merge results…" call these; the CLI commands export-slurm, run-task and merge are thin wrappers.
 */
import { join } from 'node:path'
import type { ClusterJobStatus } from '../../src-shared/api/lab'
import { parseSweepSpec } from '../../src-shared/spec/sweep'
import { datasetFileFor } from '../datasets/refs'
import type { Store } from '../store/store'
import { isSearch } from '../store/searches'
import { exportSearchRound } from '../search/slurmRound'
import { exportSlurmJob, type ExportedJob, type ExportOptions } from './export'
import { readManifest, readTaskStates } from './jobDir'
import { CLUSTER_JOB_NAME, ScriptValueError } from './scriptValues'

const CLUSTER_JOBS_DIR = 'cluster-jobs'

export { exportSlurmJob, resubmitSlurmJob, DEFAULT_BIN, type ExportInput, type ExportOptions, type ExportedJob, type Resubmission } from './export'
export { mergeSlurmJob, type MergeReport } from './merge'
export { runSlurmTask, type TaskOutcome } from './runTask'
export { submitScript } from './sbatch'
export { CLUSTER_JOB_NAME, SLURM_TIME, ScriptValueError, shellQuote } from './scriptValues'
export { type JobManifest, type TaskResult, arraySpec } from './jobDir'

/** "Run on cluster…" for a sweep already in the store: the same spec, preset and scale, datasets from the store (a search: its next round). */
export function exportStoredSweep(store: Store, sweepId: string, options: Omit<ExportOptions, 'resolveDataset'>): Promise<ExportedJob> {
  const sweep = store.getSweep(sweepId)
  if (!sweep) throw new Error(`no sweep "${sweepId}" in ${store.file}`)
  if (isSearch(store, sweepId)) return exportNextRound(store, sweepId, options)
  const { source: _source, ...spec } = sweep.spec
  return exportSlurmJob(
    { sweep: parseSweepSpec(spec), preset: sweep.preset, scale: sweep.scale },
    { ...options, resolveDataset: (ref) => datasetFileFor(store, ref, 'refuse') },
  )
}

/** A search goes out a round at a time: its next round's probes, merged back into the search's own sweep. */
async function exportNextRound(store: Store, sweepId: string, options: Omit<ExportOptions, 'resolveDataset'>): Promise<ExportedJob> {
  const round = await exportSearchRound(store, sweepId, { ...options, resolveDataset: (ref) => datasetFileFor(store, ref, 'refuse') })
  if (round.kind === 'done') throw new Error(`search ${sweepId} is finished: no round to send out`)
  return round.job
}

/** Where the API puts cluster jobs: a folder per job name under the store's data folder, never a path it is given. */
export function clusterJobDir(store: Store, name: string): string {
  if (!CLUSTER_JOB_NAME.test(name)) throw new ScriptValueError(`job name ${JSON.stringify(name)}: expected letters, digits and _ . - (at most 100, not starting with . or -)`)
  return join(store.dataDir, CLUSTER_JOBS_DIR, name)
}

/** The shared API type is the source: the app returns this status as it is. */
type JobStatus = ClusterJobStatus

/** What a job directory holds right now, without touching the store (for a progress view or before merging). */
export function slurmJobStatus(dir: string): JobStatus {
  const manifest = readManifest(dir)
  const status: JobStatus = { jobId: manifest.jobId, title: manifest.title, runs: manifest.runs.length, tasks: manifest.tasks.length, finished: [], failed: [], pending: [] }
  for (const state of readTaskStates(dir, manifest)) {
    if (state.state !== 'finished') status.pending.push(state.task)
    else if (state.result.runs.some((r) => r.status !== 'done')) status.failed.push(state.task)
    else status.finished.push(state.task)
  }
  return status
}
