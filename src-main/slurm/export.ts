/**
 * Writing a job directory for a sweep (`export-slurm`), and a resubmission script for its unfinished tasks
 * (`export-slurm --resubmit`). Slurm does the scheduling; nothing here waits for or watches jobs.
 */
import { randomUUID } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type { ClusterExport } from '../../src-shared/api/lab'
import type { Scale, SweepSpec } from '../../src-shared/spec/experiment'
import { expandSweep, type PlannedRun } from '../../src-shared/spec/sweep'
import { codeVersion } from '../runner/codeVersion'
import {
  arraySpec,
  DATASETS_DIR,
  JOB_FORMAT,
  type JobManifest,
  readManifest,
  readTaskStates,
  SCRIPT,
  type SearchRound,
  type SlurmOptions,
  unfinishedTasks,
  writeFileAtomic,
  writeManifest,
} from './jobDir'
import { sbatchScript } from './sbatch'
import { checkJobDir, checkSlurmOptions } from './scriptValues'

/** bin/impulse-lab.mjs of this checkout: what the tasks run unless IMPULSE_LAB_BIN says otherwise. */
export const DEFAULT_BIN = new URL('../../bin/impulse-lab.mjs', import.meta.url).pathname

/** What to export: a parsed sweep and where it came from (a preset at a scale, or a spec file: nulls). */
export interface ExportInput {
  sweep: SweepSpec
  preset: string | null
  scale: Scale | null
  /** Only these runs of the sweep (a boundary search's round); default: every run. */
  runs?: PlannedRun[]
  /** The boundary search round these runs are: merge adds them to that search's sweep. */
  search?: SearchRound
}

export interface ExportOptions {
  out: string
  /** Runs per array task (default 1: one task per run). */
  chunk?: number
  slurm?: Partial<SlurmOptions>
  /** data.dataset reference → dataset file; needed only when a run names a dataset (the store's resolver). */
  resolveDataset?: (ref: string) => Promise<string>
  node?: string
  bin?: string
}

/** The app adds Slurm's job id when it submits (`ClusterExport.submittedJobId`). */
export type ExportedJob = Omit<ClusterExport, 'submittedJobId'>

function scriptInput(manifest: JobManifest, dir: string, array: string, node: string, bin: string) {
  return { dir, title: manifest.title, jobId: manifest.jobId, array, slurm: manifest.slurm, node, bin, codeVersion: manifest.codeVersion }
}

/** Freeze the sweep into `out` (which must be new or empty): job.json, job.sbatch, results/, logs/, datasets/. */
export async function exportSlurmJob(input: ExportInput, options: ExportOptions): Promise<ExportedJob> {
  const dir = resolve(options.out)
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new Error(`--out ${options.out}: exists and is not empty (resubmit an existing job with --resubmit ${options.out})`)
  }
  const chunk = options.chunk ?? 1
  if (!Number.isInteger(chunk) || chunk < 1) throw new Error(`--chunk: expected a positive integer, got ${chunk}`)
  const slurm: SlurmOptions = {
    cpusPerTask: options.slurm?.cpusPerTask ?? 1,
    maxRunning: options.slurm?.maxRunning ?? null,
    ...(options.slurm?.partition ? { partition: options.slurm.partition } : {}),
    ...(options.slurm?.account ? { account: options.slurm.account } : {}),
    ...(options.slurm?.time ? { time: options.slurm.time } : {}),
  }
  // What reaches job.sbatch is checked before anything is written: a refused value leaves no directory behind.
  checkSlurmOptions(slurm)
  checkJobDir(dir)
  // Validate every run before writing anything: a bad spec names its field and leaves no directory behind.
  const runs = input.runs ?? expandSweep(input.sweep)
  const tasks: number[][] = []
  for (let i = 0; i < runs.length; i += chunk) tasks.push(runs.slice(i, i + chunk).map((r) => r.index))

  const datasets: Record<string, string> = {}
  const refs = [...new Set(runs.map((r) => r.spec.data.dataset).filter((ref): ref is string => ref !== undefined))]
  if (refs.length > 0 && !options.resolveDataset) throw new Error('data.dataset: this sweep needs a store to resolve its datasets')
  const files = await Promise.all(refs.map((ref) => options.resolveDataset!(ref)))

  mkdirSync(join(dir, DATASETS_DIR), { recursive: true })
  refs.forEach((ref, i) => {
    const name = `${i}-${basename(files[i])}`
    copyFileSync(files[i], join(dir, DATASETS_DIR, name))
    datasets[ref] = join(DATASETS_DIR, name)
  })
  const manifest: JobManifest = {
    format: JOB_FORMAT,
    jobId: randomUUID(),
    title: input.sweep.title,
    preset: input.preset,
    scale: input.scale,
    sweep: input.sweep,
    runs,
    tasks,
    datasets,
    codeVersion: codeVersion(),
    createdAt: new Date().toISOString(),
    slurm,
    ...(input.search ? { search: input.search } : {}),
  }
  writeManifest(dir, manifest)
  const script = join(dir, SCRIPT)
  const all = tasks.length === 1 ? '0' : `0-${tasks.length - 1}`
  writeFileAtomic(script, sbatchScript(scriptInput(manifest, dir, all, options.node ?? process.execPath, options.bin ?? DEFAULT_BIN)))
  return { dir, script, jobId: manifest.jobId, runs: runs.length, tasks: tasks.length }
}

export interface Resubmission {
  dir: string
  /** The new script, or null when every task has finished. */
  script: string | null
  tasks: number[]
}

/** Write resubmit-N.sbatch: the same job array restricted to the tasks without a complete result. */
export function resubmitSlurmJob(out: string, options: { node?: string; bin?: string } = {}): Resubmission {
  const dir = resolve(out)
  const manifest = readManifest(dir)
  const tasks = unfinishedTasks(readTaskStates(dir, manifest))
  if (tasks.length === 0) return { dir, script: null, tasks }
  const taken = new Set(readdirSync(dir))
  let n = 1
  while (taken.has(`resubmit-${n}.sbatch`)) n++
  const script = join(dir, `resubmit-${n}.sbatch`)
  writeFileAtomic(script, sbatchScript(scriptInput(manifest, dir, arraySpec(tasks), options.node ?? process.execPath, options.bin ?? DEFAULT_BIN)))
  return { dir, script, tasks }
}
