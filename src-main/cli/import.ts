/** `impulse-lab import <file.csv>`: store a CSV of binned spike counts/rates once, and say what was detected. */
import { CsvError, importCsv, type ImportOptions } from '../datasets/index'
import { BIN_WIDTH_RANGE, parseDecimal } from '../../src-shared/util/decimal'
import { type Command, dbOption, jsonOption, openStoreFor, requirePositional, stringOption, UsageError, usageNumber, writeJson } from './command'

const USAGE =
  'impulse-lab import <file.csv> [--name NAME] [--time COL | --no-time] [--neurons a,b] [--behavior c,d] [--ignore e] [--bin-width SECONDS] [--db FILE] [--json]'

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined
  const items = value.split(',').map((s) => s.trim()).filter(Boolean)
  return items.length ? items : undefined
}

export const importCommand: Command = {
  name: 'import',
  summary: 'import a CSV of binned spike counts or rates (roles auto-detected; flags to override)',
  usage: USAGE,
  options: {
    name: { type: 'string' },
    time: { type: 'string' },
    'no-time': { type: 'boolean', default: false },
    neurons: { type: 'string' },
    behavior: { type: 'string' },
    ignore: { type: 'string' },
    'bin-width': { type: 'string' },
    ...dbOption,
    ...jsonOption,
  },
  async run(args, io) {
    const path = requirePositional(args, 'the CSV file', USAGE)
    const v = args.values
    const binWidthText = stringOption(v, 'bin-width')
    const binWidth = binWidthText === undefined ? undefined : usageNumber(() => parseDecimal(binWidthText, '--bin-width (seconds)', BIN_WIDTH_RANGE))
    if (v['no-time'] === true && stringOption(v, 'time')) throw new UsageError('--time and --no-time exclude each other')
    const options: ImportOptions = {
      ...(stringOption(v, 'name') ? { name: stringOption(v, 'name') } : {}),
      ...(v['no-time'] === true ? { time: null } : stringOption(v, 'time') ? { time: stringOption(v, 'time') } : {}),
      ...(list(stringOption(v, 'neurons')) ? { neurons: list(stringOption(v, 'neurons')) } : {}),
      ...(list(stringOption(v, 'behavior')) ? { behavior: list(stringOption(v, 'behavior')) } : {}),
      ...(list(stringOption(v, 'ignore')) ? { ignore: list(stringOption(v, 'ignore')) } : {}),
      ...(binWidth !== undefined ? { binWidth } : {}),
    }
    const store = openStoreFor(v)
    try {
      const started = Date.now()
      let last = 0
      const report = await importCsv(store, path, options, { onProgress: (rows) => {
        if (!v.json && io.interactive && Date.now() - last > 500) {
          last = Date.now()
          io.stderr(`\r${rows} rows read`)
        }
      } })
      if (!v.json && io.interactive && last) io.stderr('\n')
      const d = report.dataset
      if (v.json) {
        writeJson(io, { dataset: { id: d.id, name: d.name, hash: d.hash, rows: d.meta.rows, binWidth: d.meta.binWidth, columns: d.meta.columns }, reused: report.reused, detected: report.notes })
        return 0
      }
      io.stdout(`${report.reused ? 'already imported' : 'imported'} ${d.id} "${d.name}" (${((Date.now() - started) / 1000).toFixed(1)} s)\n`)
      for (const note of report.notes) io.stdout(`  ${note}\n`)
      io.stdout(`use it with: impulse-lab run emami21-table1-s1 --set data.dataset=${d.id}\n`)
      return 0
    } catch (error) {
      if (error instanceof CsvError) throw new UsageError(error.message)
      throw error
    } finally {
      store.close()
    }
  },
}
