/** `impulse-lab merge DIR`: import a Slurm job directory's finished tasks into the store as one sweep (idempotent). */
import { mergeSlurmJob, type MergeReport } from '../slurm/index'
import { isSearch } from '../store/searches'
import { type Command, dbOption, jsonOption, openStoreFor, requirePositional, writeJson } from './command'

const usage = 'impulse-lab merge <job-dir> [--db FILE] [--json]'

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'import the finished tasks of a Slurm job directory into the store as one sweep',
  usage,
  options: { ...dbOption, ...jsonOption },
  async run(args, io) {
    const dir = requirePositional(args, 'a job directory', usage)
    const store = openStoreFor(args.values)
    let report: MergeReport
    let search = false
    try {
      report = mergeSlurmJob(store, dir)
      search = isSearch(store, report.sweepId)
    } finally {
      store.close()
    }
    if (args.values.json === true) writeJson(io, report)
    else io.stdout(describeMerge(report))
    for (const warning of report.warnings) io.stderr(`warning: ${warning}\n`)
    if (search && report.done === report.runs) io.stderr(`continue the search with: impulse-lab find --resume ${report.sweepId} [--slurm-out NEXT_DIR]\n`)
    if (report.done === report.runs) return 0
    io.stderr(
      `impulse-lab merge: ${report.runs - report.done} of ${report.runs} runs have no result ` +
        `(${report.missing.length} task${report.missing.length === 1 ? '' : 's'} missing, ${report.failed.length} run${report.failed.length === 1 ? '' : 's'} failed); ` +
        `resubmit with: impulse-lab export-slurm --resubmit ${report.dir}\n`,
    )
    return 1
  },
}

function describeMerge(report: MergeReport): string {
  const lines = [
    `${report.created ? 'created' : 'updated'} sweep ${report.sweepId} from ${report.dir}: ` +
      `${report.imported} run${report.imported === 1 ? '' : 's'} imported, ${report.done} of ${report.runs} done`,
  ]
  for (const m of report.missing) lines.push(`  missing task ${m.task} (runs ${m.indices.join(', ')}): ${m.reason}`)
  for (const f of report.failed) lines.push(`  failed task ${f.task}, run ${f.index}: ${f.reason}`)
  return `${lines.join('\n')}\n`
}
