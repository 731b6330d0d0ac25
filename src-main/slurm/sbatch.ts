/** The sbatch script of a job directory (one array task per chunk of runs), and submitting it with sbatch. */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { LOGS_DIR, type SlurmOptions } from './jobDir'

interface ScriptInput {
  /** Absolute job directory (must be visible from the compute nodes: a shared file system). */
  dir: string
  title: string
  jobId: string
  /** Task ids in Slurm's --array syntax (0-9, or 2,5-7 for a resubmission). */
  array: string
  slurm: SlurmOptions
  /** The node binary and bin/impulse-lab.mjs the tasks run; IMPULSE_LAB_NODE / IMPULSE_LAB_BIN override at run time. */
  node: string
  bin: string
  codeVersion: string
}

/** Quote for bash inside double quotes. */
function quoted(text: string): string {
  return `"${text.replace(/(["\\$`])/g, '\\$1')}"`
}

export function sbatchScript(input: ScriptInput): string {
  const { slurm } = input
  const throttle = slurm.maxRunning !== null ? `%${slurm.maxRunning}` : ''
  const lines = [
    '#!/bin/bash',
    `# Impulse Lab sweep ${JSON.stringify(input.title)} as a Slurm job array (job ${input.jobId}, code ${input.codeVersion}).`,
    '# Task K runs the runs job.json lists for it and writes results/task-K.json; bring them into the store with',
    `#   impulse-lab merge ${input.dir}`,
    `#SBATCH --job-name=impulse-lab-${input.jobId.slice(0, 8)}`,
    `#SBATCH --array=${input.array}${throttle}`,
    `#SBATCH --output=${join(input.dir, LOGS_DIR, 'task-%a.out')}`,
    `#SBATCH --cpus-per-task=${slurm.cpusPerTask}`,
    `#SBATCH --ntasks=1`,
  ]
  if (slurm.partition) lines.push(`#SBATCH --partition=${slurm.partition}`)
  if (slurm.time) lines.push(`#SBATCH --time=${slurm.time}`)
  lines.push(
    'set -euo pipefail',
    `NODE=\${IMPULSE_LAB_NODE:-${quoted(input.node)}}`,
    `BIN=\${IMPULSE_LAB_BIN:-${quoted(input.bin)}}`,
    `JOB_DIR=\${IMPULSE_LAB_JOB_DIR:-${quoted(input.dir)}}`,
    'exec "$NODE" "$BIN" run-task "$JOB_DIR" --task "$SLURM_ARRAY_TASK_ID"',
    '',
  )
  return lines.join('\n')
}

/** Submit a script with `sbatch --parsable`; returns Slurm's job id. Throws with sbatch's own message. */
export function submitScript(script: string, env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync('sbatch', ['--parsable', script], { encoding: 'utf8', env, timeout: 60_000 })
  if (result.error) throw new Error(`sbatch: ${result.error.message}`)
  if (result.status !== 0) throw new Error(`sbatch: ${(result.stderr || result.stdout).trim() || `exit status ${result.status}`}`)
  return result.stdout.trim().split(';')[0]
}
