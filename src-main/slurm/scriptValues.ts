/**
 * What may reach a generated sbatch script. `#SBATCH` lines are read by sbatch, not by the shell, and cannot be
 * quoted, so every value written there must match a strict pattern for its field; the values the shell reads (node,
 * program, job directory) are single-quoted. A value that does not fit is refused, naming the field.
 */
import type { SlurmOptions } from './jobDir'

/** Slurm partition and account names: letters, digits, `_ . + -` (what sacctmgr and slurm.conf take). */
const SLURM_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.+-]{0,63}$/
/** Slurm's time formats we write: [D-]HH:MM:SS. */
export const SLURM_TIME = /^(\d{1,3}-)?\d{1,2}:[0-5]\d:[0-5]\d$/
/** A path written on an `#SBATCH --output=` line: absolute, no whitespace, quotes, `$`, `%` patterns or controls. */
const SBATCH_PATH = /^\/[A-Za-z0-9_.,+@=/-]*$/
/** Job directory names the API accepts under the store's cluster folder. */
export const CLUSTER_JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/
/** Array ranges as arraySpec writes them: 0-9, 2,5-7. */
const ARRAY = /^\d+(-\d+)?(,\d+(-\d+)?)*$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export class ScriptValueError extends Error {
  readonly status = 400
}

function refuse(field: string, value: unknown, expected: string): never {
  throw new ScriptValueError(`${field}: ${JSON.stringify(value)} is not ${expected}`)
}

export function checkSlurmName(field: string, value: string): string {
  return SLURM_NAME.test(value) ? value : refuse(field, value, 'a Slurm name (letters, digits, _ . + -; at most 64)')
}

export function checkSlurmTime(value: string): string {
  return SLURM_TIME.test(value) ? value : refuse('time', value, 'a time limit [D-]HH:MM:SS')
}

export function checkCount(field: string, value: number, max = 100_000): number {
  return Number.isSafeInteger(value) && value >= 1 && value <= max ? value : refuse(field, value, `an integer from 1 to ${max}`)
}

/** A job directory the script names on its `#SBATCH --output=` line. */
export function checkJobDir(dir: string): string {
  return SBATCH_PATH.test(dir) && !dir.split('/').includes('..') ? dir : refuse('job directory', dir, 'an absolute path of letters, digits and _ . , + @ = - / (no spaces, quotes or $)')
}

export function checkArray(value: string): string {
  return ARRAY.test(value) ? value : refuse('array', value, 'a task range such as 0-9 or 2,5-7')
}

export function checkJobId(value: string): string {
  return UUID.test(value) ? value : refuse('job id', value, 'a job UUID')
}

/** Every Slurm option of a manifest, checked (job.json may have been edited by hand since it was exported). */
export function checkSlurmOptions(slurm: SlurmOptions): SlurmOptions {
  if (slurm.partition !== undefined) checkSlurmName('partition', slurm.partition)
  if (slurm.account !== undefined) checkSlurmName('account', slurm.account)
  if (slurm.time !== undefined) checkSlurmTime(slurm.time)
  checkCount('cpus-per-task', slurm.cpusPerTask, 1024)
  if (slurm.maxRunning !== null) checkCount('max-running', slurm.maxRunning)
  return slurm
}

/** Quote for the shell: single quotes, each embedded quote closed, escaped and reopened. Nothing inside expands. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}
