/** The cluster service: a sweep exported as a Slurm job directory, that job's state, and its results merged back. */
import { z } from 'zod'
import { Id, type ServiceCalls, type ServiceHandlers } from './contract'

/** Slurm: a sweep exported as a job directory with an sbatch job array. */
export interface ClusterExport {
  dir: string
  script: string
  jobId: string
  runs: number
  tasks: number
  /** Slurm's job id when "submit now" ran sbatch. */
  submittedJobId: string | null
}

/** What a job directory holds right now (src-main/slurm `slurmJobStatus`). */
export interface ClusterJobStatus {
  jobId: string
  title: string
  runs: number
  tasks: number
  /** Task ids by state: all runs done, some run failed, no usable result yet. */
  finished: number[]
  failed: number[]
  pending: number[]
}

/** A Slurm job's finished tasks merged into the store as one sweep (src-main/slurm `mergeSlurmJob`). */
export interface ClusterMerge {
  jobId: string
  /** The job directory, resolved. */
  dir: string
  sweepId: string
  /** Was the sweep created by this merge (false: an earlier merge of the same job created it)? */
  created: boolean
  runs: number
  /** Runs done in the store after the merge, and those this merge brought in. */
  done: number
  imported: number
  failed: Array<{ task: number; index: number; reason: string }>
  /** Tasks with no usable result file (never ran, still running, killed, or unreadable), with their runs. */
  missing: Array<{ task: number; indices: number[]; reason: string }>
  warnings: string[]
}

/** Values that reach a Slurm script or a folder name: strict patterns, so none can carry a newline, `$(…)` or `..`. */
const SlurmName = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.+-]{0,63}$/, 'expected a Slurm name: letters, digits, _ . + -')
const ClusterJobName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'expected a job name: letters, digits, _ . - (no slashes)')

export const clusterRequests = {
  exportToCluster: z.object({
    sweepId: Id,
    /** The job's folder, by name, under the store's cluster-jobs folder (created; must not exist or be empty). */
    name: ClusterJobName,
    chunk: z.number().int().min(1).max(100000).default(1),
    partition: SlurmName.optional(),
    account: SlurmName.optional(),
    time: z.string().regex(/^(\d{1,3}-)?\d{1,2}:[0-5]\d:[0-5]\d$/, 'expected [D-]HH:MM:SS').optional(),
    submit: z.boolean().default(false),
  }),
  clusterJobStatus: z.object({ name: ClusterJobName }),
  mergeClusterJob: z.object({ name: ClusterJobName }),
} as const

export interface ClusterAnswers {
  exportToCluster: ClusterExport
  clusterJobStatus: ClusterJobStatus
  mergeClusterJob: ClusterMerge
}

export type ClusterApi = ServiceCalls<typeof clusterRequests, ClusterAnswers>
export type ClusterHandlers = ServiceHandlers<typeof clusterRequests, ClusterAnswers>
