/**
 * `impulse-lab export-slurm <preset | spec.json> --out DIR`: write a Slurm job directory for a sweep (job array, one
 * task per run or per --chunk runs); `export-slurm --resubmit DIR` writes an array of only its unfinished tasks.
 */
import { datasetFileFor } from '../datasets/refs'
import { exportSlurmJob, resubmitSlurmJob, submitScript } from '../slurm/index'
import type { Store } from '../store/store'
import { type Command, dbOption, intOption, jsonOption, openStoreFor, stringOption, UsageError, writeJson } from './command'
import { jobDirFlags } from './slurmFlags'
import { loadSweepInput } from './sweepInput'

const usage =
  'impulse-lab export-slurm <preset-id | spec.json> [--scale quick|lab|paper] [--set path=value]... --out DIR ' +
  '[--partition P] [--account A] [--time T] [--cpus-per-task N] [--chunk N] [--max-running N] [--submit] [--db FILE] [--json]\n' +
  '       impulse-lab export-slurm --resubmit DIR [--submit] [--json]'

export const exportSlurmCommand: Command = {
  name: 'export-slurm',
  summary: 'write a sweep as a Slurm job array directory (or --resubmit its unfinished tasks)',
  usage,
  options: {
    scale: { type: 'string' },
    set: { type: 'string', multiple: true },
    out: { type: 'string' },
    partition: { type: 'string' },
    account: { type: 'string' },
    time: { type: 'string' },
    'cpus-per-task': { type: 'string' },
    chunk: { type: 'string' },
    'max-running': { type: 'string' },
    resubmit: { type: 'string' },
    submit: { type: 'boolean', default: false },
    ...dbOption,
    ...jsonOption,
  },
  async run(args, io) {
    const json = args.values.json === true
    const resubmit = stringOption(args.values, 'resubmit')
    if (resubmit !== undefined) {
      if (args.positionals.length > 0) throw new UsageError(`--resubmit takes the job directory only\nusage: ${usage}`)
      const result = resubmitSlurmJob(resubmit)
      const slurmJob = result.script && args.values.submit === true ? submitScript(result.script) : null
      if (json) writeJson(io, { ...result, slurmJob })
      else if (!result.script) io.stdout(`every task of ${result.dir} has finished: nothing to resubmit\n`)
      else {
        io.stdout(`${result.script}: ${result.tasks.length} unfinished task${result.tasks.length === 1 ? '' : 's'}\n`)
        io.stdout(slurmJob ? `submitted as Slurm job ${slurmJob}\n` : `submit with: sbatch ${result.script}\n`)
      }
      return 0
    }
    const target = args.positionals[0]
    const out = stringOption(args.values, 'out')
    if (!target || !out) throw new UsageError(`missing ${!target ? 'a preset id or spec file' : '--out DIR'}\nusage: ${usage}`)
    const input = loadSweepInput(target, { scale: stringOption(args.values, 'scale'), set: (args.values.set as string[] | undefined) ?? [] })
    let store: Store | undefined
    try {
      const flags = jobDirFlags(args.values, out)
      const job = await exportSlurmJob(input, {
        ...flags,
        slurm: {
          ...flags.slurm,
          cpusPerTask: intOption(args.values, 'cpus-per-task', 1),
          maxRunning: stringOption(args.values, 'max-running') === undefined ? null : intOption(args.values, 'max-running', 1),
        },
        // Only a sweep that names a dataset opens the store (to copy the dataset file into the job directory).
        resolveDataset: (ref) => datasetFileFor((store ??= openStoreFor(args.values)), ref, 'import'),
      })
      const slurmJob = args.values.submit === true ? submitScript(job.script) : null
      if (json) writeJson(io, { ...job, slurmJob })
      else {
        io.stdout(`${job.dir}: ${job.runs} run${job.runs === 1 ? '' : 's'} in ${job.tasks} array task${job.tasks === 1 ? '' : 's'}\n`)
        io.stdout(slurmJob ? `submitted as Slurm job ${slurmJob}\n` : `submit with: sbatch ${job.script}\n`)
        io.stdout(`then: impulse-lab merge ${job.dir}\n`)
      }
      return 0
    } finally {
      store?.close()
    }
  },
}
