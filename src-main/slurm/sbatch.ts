/** The sbatch script of a job directory (one array task per chunk of runs), and submitting it with sbatch. */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { LOGS_DIR, type SlurmOptions } from './jobDir'
import { checkArray, checkJobDir, checkJobId, checkSlurmOptions, shellQuote } from './scriptValues'

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

/** Comment text on one line: control characters (a newline would end the comment) become spaces. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, ' ')
}

/** The script; every value is checked for its field or shell-quoted (see scriptValues.ts), so none can add a line. */
export function sbatchScript(input: ScriptInput): string {
  const slurm = checkSlurmOptions(input.slurm)
  const dir = checkJobDir(input.dir)
  const jobId = checkJobId(input.jobId)
  const throttle = slurm.maxRunning !== null ? `%${slurm.maxRunning}` : ''
  const lines = [
    '#!/bin/bash',
    `# Impulse Lab sweep ${oneLine(JSON.stringify(input.title))} as a Slurm job array (job ${jobId}, code ${oneLine(input.codeVersion)}).`,
    '# Task K runs the runs job.json lists for it and writes results/task-K.json; bring them into the store with',
    `#   impulse-lab merge ${dir}`,
    `#SBATCH --job-name=impulse-lab-${jobId.slice(0, 8)}`,
    `#SBATCH --array=${checkArray(input.array)}${throttle}`,
    `#SBATCH --output=${join(dir, LOGS_DIR, 'task-%a.out')}`,
    `#SBATCH --cpus-per-task=${slurm.cpusPerTask}`,
    `#SBATCH --ntasks=1`,
  ]
  if (slurm.partition) lines.push(`#SBATCH --partition=${slurm.partition}`)
  if (slurm.account) lines.push(`#SBATCH --account=${slurm.account}`)
  if (slurm.time) lines.push(`#SBATCH --time=${slurm.time}`)
  lines.push(
    'set -euo pipefail',
    `NODE=\${IMPULSE_LAB_NODE:-${shellQuote(input.node)}}`,
    `BIN=\${IMPULSE_LAB_BIN:-${shellQuote(input.bin)}}`,
    `JOB_DIR=\${IMPULSE_LAB_JOB_DIR:-${shellQuote(dir)}}`,
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
