/** `impulse-lab note <id> [TEXT]`: the markdown note of a run or sweep. */
import { closeSync, openSync, readSync } from 'node:fs'
import { itemKind, NOTE_MAX_CHARS, setNote } from '../store/organise'
import { statRegularFile } from '../files/regularFile'
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
      if (sources === 1) setNote(store, id, args.values.clear ? null : file !== undefined ? readNoteFile(file) : text)
      const note = itemKind(store, id) === 'run' ? store.getRun(id)!.note : store.getSweep(id)!.note
      if (args.values.json) writeJson(io, { id, note })
      else io.stdout(note === null ? `${id}: (no note)\n` : `${note}\n`)
      return 0
    } finally {
      store.close()
    }
  },
}

/** A note file: a regular file, read only up to what a note may hold (4 bytes a character at most), then checked. */
function readNoteFile(file: string): string {
  statRegularFile(file, '--file', (message) => new UsageError(message))
  const limit = NOTE_MAX_CHARS * 4
  const buffer = Buffer.alloc(limit + 1)
  const fd = openSync(file, 'r')
  let size = 0
  try {
    for (let n; size <= limit && (n = readSync(fd, buffer, size, buffer.length - size, null)) > 0; ) size += n
  } finally {
    closeSync(fd)
  }
  const text = buffer.toString('utf8', 0, size)
  if (size > limit || text.length > NOTE_MAX_CHARS) {
    throw new UsageError(`--file ${file}: a note is at most ${NOTE_MAX_CHARS.toLocaleString('en-US')} characters; this file has ${size > limit ? 'more' : text.length.toLocaleString('en-US')}`)
  }
  return text
}
