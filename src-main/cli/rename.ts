/** `impulse-lab rename <sweep-id> <title>`: a sweep's title. */
import { renameSweep } from '../store/organise'
import { type Command, dbOption, jsonOption, openStoreFor, requirePositional, UsageError, writeJson } from './command'

const usage = 'impulse-lab rename <sweep-id> <title> [--db FILE] [--json]'

export const renameCommand: Command = {
  name: 'rename',
  summary: 'rename a sweep',
  usage,
  options: { ...dbOption, ...jsonOption },
  async run(args, io) {
    const id = requirePositional(args, 'a sweep id', usage)
    const title = args.positionals.slice(1).join(' ')
    if (!title.trim()) throw new UsageError(`missing the new title\nusage: ${usage}`)
    const store = openStoreFor(args.values)
    try {
      renameSweep(store, id, title)
      if (args.values.json) writeJson(io, { id, title: store.getSweep(id)!.title })
      else io.stdout(`${id}: ${store.getSweep(id)!.title}\n`)
      return 0
    } finally {
      store.close()
    }
  },
}
