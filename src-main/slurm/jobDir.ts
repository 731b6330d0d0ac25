/**
 * The Slurm job directory: what `export-slurm` freezes (job.json: the sweep, its expanded runs and how they are split
 * into array tasks), what `run-task` writes (results/task-K.json, atomically) and how both are read back.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { RunResult } from '../../src-shared/api/results'
import type { Scale, SweepSpec } from '../../src-shared/spec/experiment'
import type { PlannedRun } from '../../src-shared/spec/sweep'

export const JOB_FORMAT = 'impulse-lab-slurm/1'
const MANIFEST = 'job.json'
export const SCRIPT = 'job.sbatch'
const RESULTS_DIR = 'results'
export const LOGS_DIR = 'logs'
export const DATASETS_DIR = 'datasets'

export interface SlurmOptions {
  partition?: string
  account?: string
  time?: string
  cpusPerTask: number
  /** At most this many array tasks at once (`--array=...%N`); null = as many as Slurm schedules. */
  maxRunning: number | null
}

/** job.json: everything a task needs, so the directory runs without the store or the preset code that built it. */
export interface JobManifest {
  format: typeof JOB_FORMAT
  /** Random id; `merge` finds the sweep it created from it, so merging twice adds nothing. */
  jobId: string
  title: string
  preset: string | null
  scale: Scale | null
  /** The sweep after --scale and --set, as `run` would have stored it. */
  sweep: SweepSpec
  /** Every run, expanded and validated (index, params, spec): tasks read their runs from here, not from presets. */
  runs: PlannedRun[]
  /** Run indices per array task (task K = tasks[K]). */
  tasks: number[][]
  /** Dataset files copied into datasets/, by the spec's data.dataset reference. */
  datasets: Record<string, string>
  codeVersion: string
  createdAt: string
  slurm: SlurmOptions
  /** Set when the runs are one round of a boundary search: merge adds them to that search's sweep. */
  search?: SearchRound
}

/** A boundary search's round sent out as a job: the search's sweep id and the round number. */
export interface SearchRound {
  sweepId: string
  round: number
}

/** One run's outcome as a task reports it. */
export type TaskRunResult =
  | { index: number; status: 'done'; result: RunResult; elapsedMs: number }
  | { index: number; status: 'failed'; reason: string; elapsedMs: number }

/** results/task-K.json. */
export interface TaskResult {
  format: typeof JOB_FORMAT
  jobId: string
  task: number
  host: string
  codeVersion: string
  startedAt: string
  finishedAt: string
  runs: TaskRunResult[]
}

const TaskResultShape = z.object({
  format: z.literal(JOB_FORMAT),
  jobId: z.string(),
  task: z.number().int(),
  codeVersion: z.string(),
  runs: z.array(
    z.union([
      z.object({ index: z.number().int(), status: z.literal('done'), result: z.object({ metrics: z.record(z.string(), z.unknown()) }).passthrough(), elapsedMs: z.number() }),
      z.object({ index: z.number().int(), status: z.literal('failed'), reason: z.string(), elapsedMs: z.number() }),
    ]),
  ),
}).passthrough()

export function taskResultFile(dir: string, task: number): string {
  return join(dir, RESULTS_DIR, `task-${task}.json`)
}

/** Write a file so readers never see half of it: a temporary file in the same directory, then rename. */
export function writeFileAtomic(file: string, text: string): void {
  const temp = `${file}.tmp-${process.pid}-${Date.now().toString(36)}`
  writeFileSync(temp, text)
  renameSync(temp, file)
}

export function readManifest(dir: string): JobManifest {
  const file = join(dir, MANIFEST)
  if (!existsSync(file)) throw new Error(`${dir}: not a Slurm job directory (no ${MANIFEST}; write one with impulse-lab export-slurm)`)
  let doc: JobManifest
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as JobManifest
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`)
  }
  if (doc.format !== JOB_FORMAT) throw new Error(`${file}: format "${String(doc.format)}", expected "${JOB_FORMAT}"`)
  return doc
}

export function writeManifest(dir: string, manifest: JobManifest): void {
  for (const sub of [RESULTS_DIR, LOGS_DIR]) mkdirSync(join(dir, sub), { recursive: true })
  writeFileAtomic(join(dir, MANIFEST), `${JSON.stringify(manifest)}\n`)
}

/** What the results directory says about one task. */
type TaskState =
  | { task: number; state: 'missing' }
  | { task: number; state: 'unreadable'; reason: string }
  | { task: number; state: 'finished'; result: TaskResult }

/** Read every task's result file. A file from another job, or one that does not parse, counts as unreadable. */
export function readTaskStates(dir: string, manifest: JobManifest): TaskState[] {
  const present = new Set(existsSync(join(dir, RESULTS_DIR)) ? readdirSync(join(dir, RESULTS_DIR)) : [])
  return manifest.tasks.map((_, task): TaskState => {
    const name = `task-${task}.json`
    if (!present.has(name)) return { task, state: 'missing' }
    const file = taskResultFile(dir, task)
    try {
      const parsed = TaskResultShape.safeParse(JSON.parse(readFileSync(file, 'utf8')))
      if (!parsed.success) return { task, state: 'unreadable', reason: `${file}: ${parsed.error.issues[0]?.message}` }
      const result = parsed.data as unknown as TaskResult
      if (result.jobId !== manifest.jobId) return { task, state: 'unreadable', reason: `${file}: belongs to job ${result.jobId}` }
      return { task, state: 'finished', result }
    } catch (error) {
      return { task, state: 'unreadable', reason: `${file}: ${(error as Error).message}` }
    }
  })
}

/** Tasks that still have work: no result, an unreadable one, or a failed run. */
export function unfinishedTasks(states: TaskState[]): number[] {
  return states
    .filter((s) => s.state !== 'finished' || s.result.runs.some((run) => run.status !== 'done'))
    .map((s) => s.task)
}

/** Slurm's --array syntax for a sorted list of task ids: 0-3,7,9-10. */
export function arraySpec(tasks: readonly number[]): string {
  const parts: string[] = []
  for (let i = 0; i < tasks.length; ) {
    let j = i
    while (j + 1 < tasks.length && tasks[j + 1] === tasks[j] + 1) j++
    parts.push(j === i ? `${tasks[i]}` : `${tasks[i]}-${tasks[j]}`)
    i = j + 1
  }
  return parts.join(',')
}
