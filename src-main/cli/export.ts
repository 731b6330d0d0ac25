/** `impulse-lab export <sweep-id> --format csv|json`: a sweep's runs and metrics to a file or stdout. */
import { writeFileSync } from 'node:fs'
import { exportSweep } from '../store/export'
import { type Command, dbOption, openStoreFor, requirePositional, stringOption, UsageError } from './command'

const usage = 'impulse-lab export <sweep-id> --format csv|json [--out FILE] [--db FILE]'

export const exportCommand: Command = {
  name: 'export',
  summary: 'export a sweep as CSV (a row per run) or JSON (with series)',
  usage,
  options: { format: { type: 'string' }, out: { type: 'string' }, ...dbOption },
  async run(args, io) {
    const sweepId = requirePositional(args, 'a sweep id', usage)
    const format = stringOption(args.values, 'format')
    if (format !== 'csv' && format !== 'json') throw new UsageError(`--format: expected csv or json${format ? `, got "${format}"` : ''}\nusage: ${usage}`)
    const store = openStoreFor(args.values)
    try {
      if (!store.getSweep(sweepId)) throw new UsageError(`no sweep "${sweepId}" in ${store.file}`)
      const text = exportSweep(store, sweepId, format).content
      const out = stringOption(args.values, 'out')
      if (out) {
        writeFileSync(out, text)
        io.stderr(`wrote ${out}\n`)
      } else io.stdout(text)
      return 0
    } finally {
      store.close()
    }
  },
}
