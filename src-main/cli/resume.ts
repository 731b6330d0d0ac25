/** `impulse-lab resume <sweep-id>`: run again only the runs of a sweep that did not finish (failed, cancelled, interrupted). */
import { availableParallelism } from 'node:os'
import { type Command, dbOption, intOption, jsonOption, openStoreFor, requirePositional, UsageError } from './command'
import { executeSweep } from './execute'
import { isSearch } from '../store/searches'

const usage = 'impulse-lab resume <sweep-id> [--workers N] [--db FILE] [--json]'

export const resumeCommand: Command = {
  name: 'resume',
  summary: 'run the unfinished runs of a sweep again (done runs are kept)',
  usage,
  options: { workers: { type: 'string' }, ...dbOption, ...jsonOption },
  async run(args, io) {
    const sweepId = requirePositional(args, 'a sweep id', usage)
    const store = openStoreFor(args.values)
    try {
      const sweep = store.getSweepSummary(sweepId)
      if (!sweep) throw new UsageError(`no sweep "${sweepId}" in ${store.file}`)
      // A search's next rounds depend on its outcomes: only `find --resume` continues it (resume would just rerun runs).
      if (isSearch(store, sweepId)) throw new UsageError(`${sweepId} is a boundary search: continue it with impulse-lab find --resume ${sweepId}`)
      if (sweep.counts.running > 0) throw new UsageError(`sweep ${sweepId} has ${sweep.counts.running} runs running in another process`)
      const unfinished = sweep.total - sweep.counts.done
      const workers = Math.max(1, Math.min(intOption(args.values, 'workers', availableParallelism()), unfinished))
      io.stderr(`resuming ${sweepId}: ${unfinished} of ${sweep.total} runs to run on ${workers} workers\n`)
      return await executeSweep({
        store,
        workers,
        json: args.values.json === true,
        io,
        start: (scheduler) => ({ sweepId, runIds: scheduler.resume(sweepId) }),
      })
    } finally {
      store.close()
    }
  },
}
