/** `impulse-lab note <id> [TEXT]`: the markdown note of a run or sweep. */
import { readFileSync } from 'node:fs'
import { itemKind, setNote } from '../store/organise'
import { type Command, dbOption, jsonOption, openStoreFor, requirePositional, stringOption, UsageError, writeJson } from './command'

const usage = 'impulse-lab note <run-or-sweep-id> [TEXT | --file NOTE.md | --clear] [--db FILE] [--json]'

export const noteCommand: Command = {
  name: 'note',
  summary: 'set (TEXT or --file) or clear a markdown note on a run or sweep; with neither, print it',
  usage,
  options: { file: { type: 'string' }, clear: { type: 'boolean', default: false }, ...dbOption, ...jsonOption },
  async run(args, io) {
    const id = requirePositional(args, 'a run or sweep id', usage)
    const file = stringOption(args.values, 'file')
    const text = args.positionals.slice(1).join(' ')
    const sources = [text !== '', file !== undefined, args.values.clear === true].filter(Boolean).length
    if (sources > 1) throw new UsageError(`give one of TEXT, --file or --clear\nusage: ${usage}`)
    const store = openStoreFor(args.values)
    try {
      if (sources === 1) setNote(store, id, args.values.clear ? null : file !== undefined ? readFileSync(file, 'utf8') : text)
      const note = itemKind(store, id) === 'run' ? store.getRun(id)!.note : store.getSweep(id)!.note
      if (args.values.json) writeJson(io, { id, note })
      else io.stdout(note === null ? `${id}: (no note)\n` : `${note}\n`)
      return 0
    } finally {
      store.close()
    }
  },
}
