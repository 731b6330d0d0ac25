/**
 * `impulse-lab find ... --slurm-out DIR`: instead of training the search's next round here, write it as a Slurm job
 * array in DIR and stop. `impulse-lab merge DIR` brings the round back; `find --resume SWEEP` (with or without
 * --slurm-out) continues from it. A finished search prints its report instead of writing a job.
 */
import type { SearchInput } from '../../src-shared/search'
import type { Scale } from '../../src-shared/spec/experiment'
import { datasetFileFor, resolveSearchDatasets } from '../datasets/refs'
import { runMemoryLimit } from '../runner/memoryLimit'
import { createStoredSearch } from '../search/driveSearch'
import { exportSearchRound } from '../search/slurmRound'
import { submitScript } from '../slurm/index'
import { isSearch } from '../store/searches'
import { type Command, openStoreFor, UsageError, writeJson, type CliIo } from './command'
import { formatSearchTable, searchReport } from './findOutput'
import { jobDirFlags } from './slurmFlags'

type Args = Parameters<Command['run']>[0]
interface Prepared {
  input: { input: SearchInput; preset: string | null; scale: Scale | null }
  gridRuns: number
}

export async function findRoundOnSlurm(args: Args, io: CliIo, out: string, resume: string | undefined, prepared: Prepared | null): Promise<number> {
  const store = openStoreFor(args.values)
  try {
    let sweepId = resume
    if (sweepId) {
      if (!isSearch(store, sweepId)) throw new UsageError(`"${sweepId}" is not a search in ${store.file} (impulse-lab runs lists sweeps)`)
    } else {
      sweepId = createStoredSearch(store, await resolveSearchDatasets(store, prepared!.input.input, 'import'), { preset: prepared!.input.preset, scale: prepared!.input.scale }, runMemoryLimit())
      io.stderr(`search ${sweepId}: at most ${prepared!.gridRuns} runs as a grid; rounds go out as Slurm jobs, db ${store.file}\n`)
    }
    const created = !resume
    const exported = await exportSearchRound(store, sweepId, {
      ...jobDirFlags(args.values, out),
      planOptions: runMemoryLimit(),
      resolveDataset: (ref) => datasetFileFor(store, ref, 'import'),
    }).catch((error: unknown) => {
      // A refused job directory (a used --out, a bad Slurm value) leaves no empty search behind.
      if (created) store.deleteSweep(sweepId!)
      throw error
    })
    if (exported.kind === 'done') {
      const report = searchReport(store, sweepId)
      if (args.values.json === true) writeJson(io, report)
      else io.stdout(`search ${sweepId} is finished: no round to send out\n${formatSearchTable(report)}`)
      return 0
    }
    const { job, round, probes } = exported
    const slurmJob = args.values.submit === true ? submitScript(job.script) : null
    if (args.values.json === true) writeJson(io, { sweep: { id: sweepId }, round, probes, ...job, slurmJob })
    else {
      io.stdout(`search ${sweepId}, round ${round}: ${probes} probe${probes === 1 ? '' : 's'} in ${job.tasks} array task${job.tasks === 1 ? '' : 's'} at ${job.dir}\n`)
      io.stdout(slurmJob ? `submitted as Slurm job ${slurmJob}\n` : `submit with: sbatch ${job.script}\n`)
      io.stdout(`then: impulse-lab merge ${job.dir} and impulse-lab find --resume ${sweepId} --slurm-out NEXT_DIR\n`)
    }
    return 0
  } finally {
    store.close()
  }
}
