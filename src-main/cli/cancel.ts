/** `impulse-lab cancel <run-or-sweep-id>`: cancel runs that another impulse-lab process (CLI or app) is running. */
import { cancelStoredRuns } from '../runner/cancel'
import { type Command, dbOption, jsonOption, openStoreFor, requirePositional, UsageError, writeJson } from './command'

const usage = 'impulse-lab cancel <run-or-sweep-id> [--db FILE] [--json]'

export const cancelCommand: Command = {
  name: 'cancel',
  summary: 'cancel a queued or running run, or every unfinished run of a sweep',
  usage,
  options: { ...dbOption, ...jsonOption },
  async run(args, io) {
    const id = requirePositional(args, 'a run or sweep id', usage)
    const store = openStoreFor(args.values)
    try {
      const sweep = store.getSweep(id)
      const run = sweep ? undefined : store.getRun(id)
      if (!sweep && !run) throw new UsageError(`no run or sweep "${id}" in ${store.file}`)
      const candidates = sweep ? store.sweepRunIds(id, ['queued', 'running']) : [id]
      const cancelled = cancelStoredRuns(store, candidates)
      if (sweep) store.settleSweepStatus(id)
      if (args.values.json) writeJson(io, { cancelled })
      else io.stdout(cancelled.length ? `cancelled ${cancelled.join(', ')}\n` : `nothing to cancel in ${id}\n`)
      return 0
    } finally {
      store.close()
    }
  },
}
