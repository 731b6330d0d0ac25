/** `impulse-lab run-task DIR [--task K]`: run one array task of a Slurm job directory (what job.sbatch calls). */
import { runSlurmTask } from '../slurm/index'
import { type Command, requirePositional, stringOption, UsageError } from './command'

const usage = 'impulse-lab run-task <job-dir> [--task K]   (K defaults to $SLURM_ARRAY_TASK_ID)'

export const runTaskCommand: Command = {
  name: 'run-task',
  summary: 'run one task of a Slurm job directory and write its result file (called by the sbatch script)',
  usage,
  options: { task: { type: 'string' } },
  async run(args, io) {
    const dir = requirePositional(args, 'a job directory', usage)
    const raw = stringOption(args.values, 'task') ?? process.env.SLURM_ARRAY_TASK_ID
    if (raw === undefined) throw new UsageError(`missing --task (and SLURM_ARRAY_TASK_ID is not set)\nusage: ${usage}`)
    const task = Number(raw)
    if (!Number.isInteger(task) || task < 0) throw new UsageError(`--task: expected a task number, got "${raw}"`)
    const outcome = runSlurmTask(dir, task, (line) => io.stderr(`${line}\n`))
    io.stderr(`task ${task}: ${outcome.done} done, ${outcome.failed} failed -> ${outcome.file}\n`)
    return outcome.failed === 0 ? 0 : 1
  },
}
