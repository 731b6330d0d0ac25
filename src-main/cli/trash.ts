/** `impulse-lab rm`, `restore` and `purge`: runs and sweeps to the trash, back, and gone for good. */
import { purgeTrash, restoreItems, trashCounts, trashItems } from '../store/organise'
import type { Store } from '../store/store'
import { type Command, dbOption, jsonOption, openStoreFor, UsageError, writeJson } from './command'

type Change = { runs: number; sweeps: number }

function describe(verb: string, change: Change): string {
  const part = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`
  return `${verb} ${part(change.sweeps, 'sweep')} and ${part(change.runs, 'run')}\n`
}

function trashCommand(name: string, summary: string, usage: string, verb: string, act: (store: Store, ids: string[]) => Change): Command {
  return {
    name,
    summary,
    usage,
    options: { ...dbOption, ...jsonOption },
    async run(args, io) {
      if (args.positionals.length === 0) throw new UsageError(`missing a run or sweep id\nusage: ${usage}`)
      const store = openStoreFor(args.values)
      try {
        const change = act(store, args.positionals)
        if (args.values.json) writeJson(io, change)
        else io.stdout(describe(verb, change))
        return 0
      } finally {
        store.close()
      }
    },
  }
}

export const rmCommand = trashCommand(
  'rm',
  'move runs or sweeps to the trash (restore brings them back; purge removes them)',
  'impulse-lab rm <run-or-sweep-id>... [--db FILE] [--json]',
  'moved to the trash:',
  trashItems,
)

export const restoreCommand = trashCommand(
  'restore',
  'bring runs or sweeps back from the trash',
  'impulse-lab restore <run-or-sweep-id>... [--db FILE] [--json]',
  'restored',
  restoreItems,
)

const purgeUsage = 'impulse-lab purge (<run-or-sweep-id>... | --all [--yes]) [--db FILE] [--json]'

export const purgeCommand: Command = {
  name: 'purge',
  summary: 'remove trashed runs or sweeps for good (--all: the whole trash, after asking unless --yes)',
  usage: purgeUsage,
  options: { all: { type: 'boolean', default: false }, yes: { type: 'boolean', default: false }, ...dbOption, ...jsonOption },
  async run(args, io) {
    const all = args.values.all === true
    if (all === (args.positionals.length > 0)) throw new UsageError(`give ids or --all, not both or neither\nusage: ${purgeUsage}`)
    const store = openStoreFor(args.values)
    try {
      // emptying the whole trash cannot be undone: say what goes and ask, unless --yes says it was meant
      if (all && args.values.yes !== true) {
        const counts = trashCounts(store)
        const what = describe('', counts).trim()
        if (counts.runs + counts.sweeps > 0) {
          if (!io.confirm) throw new UsageError(`purge --all would remove ${what} for good; add --yes to confirm`)
          if (!(await io.confirm(`Remove ${what} for good? This cannot be undone.`))) {
            io.stderr('nothing purged\n')
            return 1
          }
        }
      }
      const change = purgeTrash(store, all ? undefined : args.positionals)
      if (args.values.json) writeJson(io, change)
      else io.stdout(describe('purged', change))
      return 0
    } finally {
      store.close()
    }
  },
}
