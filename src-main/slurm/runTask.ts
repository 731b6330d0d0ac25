/**
 * One array task on a compute node (`impulse-lab run-task DIR --task K`): runs its runs in this process with the same
 * runExperiment the local workers call, on the frozen specs, and writes results/task-K.json atomically at the end.
 */
import { hostname } from 'node:os'
import { join } from 'node:path'
import type { Progress } from '../../src-shared/api/results'
import { runExperiment } from '../../src-shared/experiments/index'
import { parseExperimentSpec } from '../../src-shared/spec/experiment'
import { loadDatasetFile } from '../datasets/datasetFile'
import { codeVersion } from '../runner/codeVersion'
import { chooseBackend } from '../engine/backend/choose'
import { JOB_FORMAT, readManifest, type TaskResult, taskResultFile, type TaskRunResult, writeFileAtomic } from './jobDir'

export interface TaskOutcome {
  file: string
  done: number
  failed: number
}

/** Run task `task` of the job in `dir`. `log` receives one line per run (the task's Slurm output file). */
export function runSlurmTask(dir: string, task: number, log: (line: string) => void = () => {}): TaskOutcome {
  const manifest = readManifest(dir)
  const indices = manifest.tasks[task]
  if (!Number.isInteger(task) || indices === undefined) {
    throw new Error(`--task: ${task} is not a task of this job (0..${manifest.tasks.length - 1})`)
  }
  const startedAt = new Date().toISOString()
  // this task's kernels, chosen as a local worker chooses them
  const { backend } = chooseBackend()
  const runs: TaskRunResult[] = indices.map((index) => {
    const planned = manifest.runs.find((r) => r.index === index)
    const started = performance.now()
    try {
      if (!planned) throw new Error(`job.json lists run ${index} for task ${task} but has no such run`)
      // The same path as a local worker: validate the spec, load the dataset, run the procedure.
      const spec = parseExperimentSpec(planned.spec)
      const ref = spec.data.dataset
      const dataset = ref !== undefined ? loadDatasetFile(join(dir, manifest.datasets[ref] ?? missingDataset(ref))) : undefined
      let last = 0
      const onProgress = (progress: Progress): void => {
        const now = performance.now()
        if (now - last < 60_000) return
        last = now
        log(`run ${index}: step ${progress.step} of ${progress.totalSteps}, loss ${progress.loss}`)
      }
      const result = runExperiment(spec, { onProgress, dataset, backend })
      const elapsedMs = performance.now() - started
      log(`run ${index}: done in ${(elapsedMs / 1000).toFixed(1)} s`)
      return { index, status: 'done', result, elapsedMs }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      log(`run ${index}: failed: ${reason}`)
      return { index, status: 'failed', reason, elapsedMs: performance.now() - started }
    }
  })
  const report: TaskResult = {
    format: JOB_FORMAT,
    jobId: manifest.jobId,
    task,
    host: hostname(),
    codeVersion: codeVersion(),
    startedAt,
    finishedAt: new Date().toISOString(),
    runs,
  }
  const file = taskResultFile(dir, task)
  writeFileAtomic(file, `${JSON.stringify(report)}\n`)
  const failed = runs.filter((r) => r.status === 'failed').length
  return { file, done: runs.length - failed, failed }
}

function missingDataset(ref: string): never {
  throw new Error(`data.dataset: "${ref}" was not copied into the job directory`)
}
