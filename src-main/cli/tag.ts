/** `impulse-lab tag <id> [TAG...] [--remove TAG]`: tags on a run or sweep (`--where 'tag:good'` finds them). */
import { editTags } from '../store/organise'
import { type Command, dbOption, jsonOption, openStoreFor, requirePositional, writeJson } from './command'

const usage = 'impulse-lab tag <run-or-sweep-id> [TAG...] [--remove TAG]... [--db FILE] [--json]'

export const tagCommand: Command = {
  name: 'tag',
  summary: 'add tags to a run or sweep (--remove takes one off); with no tags, print its tags',
  usage,
  options: { remove: { type: 'string', multiple: true }, ...dbOption, ...jsonOption },
  async run(args, io) {
    const id = requirePositional(args, 'a run or sweep id', usage)
    const remove = (args.values.remove as string[] | undefined) ?? []
    const store = openStoreFor(args.values)
    try {
      const tags = editTags(store, id, { add: args.positionals.slice(1), remove })
      if (args.values.json) writeJson(io, { id, tags })
      else io.stdout(`${id}: ${tags.length ? tags.join(' ') : '(no tags)'}\n`)
      return 0
    } finally {
      store.close()
    }
  },
}
