/**
 * `impulse-lab verdicts`: the verdict table of the Reproduce view, from the store: per preset its verdict (marked
 * provisional while runs are to come), its runs and the sentence that decided it; `--json` adds every claim.
 */
import { findPreset } from '../../src-shared/presets'
import { verdictsJson, verdictTable, type VerdictRow } from '../../src-shared/api/verdicts'
import { buildReproduction } from '../report/reproduction'
import { type Command, dbOption, jsonOption, openStoreFor, stringOption, UsageError, writeJson } from './command'
import { parseScale } from './sweepInput'
import { formatTable } from './table'

const usage = 'impulse-lab verdicts [--scale quick|lab|paper] [--preset ID ...] [--db FILE] [--json]'

function verdictCell(row: VerdictRow): string {
  return row.provisional ? `${row.verdict}, provisional` : row.verdict
}

function runsCell(row: VerdictRow): string {
  if (row.runs.total === 0) return '—'
  return `${row.runs.done}/${row.runs.total}${row.runs.failed ? ` (${row.runs.failed} failed)` : ''}`
}

function whyCell(row: VerdictRow): string {
  const why = row.runs.total === 0 ? 'no sweep at this scale' : row.sentence
  return [why, ...row.notes.map((n) => `[${n}]`)].join(' ')
}

export const verdictsCommand: Command = {
  name: 'verdicts',
  summary: 'print the verdict of every preset (as the Reproduce view shows it), from the store',
  usage,
  options: { scale: { type: 'string' }, preset: { type: 'string', multiple: true }, ...dbOption, ...jsonOption },
  async run(args, io) {
    const scale = parseScale(stringOption(args.values, 'scale'))
    const ids = (args.values.preset as string[] | undefined) ?? []
    for (const id of ids) if (!findPreset(id)) throw new UsageError(`--preset: no preset "${id}" (impulse-lab presets lists them)`)
    const store = openStoreFor(args.values)
    try {
      const reproduction = buildReproduction(store, scale, ids)
      if (args.values.json) {
        writeJson(io, verdictsJson(reproduction))
        return 0
      }
      const rows = verdictTable(reproduction)
      if (rows.length === 0) io.stdout(`no preset offers the ${scale} scale\n`)
      else io.stdout(formatTable(['figure', 'preset', 'verdict', 'runs', 'robustness', 'why'], rows.map((r) => [r.figureName, r.id, verdictCell(r), runsCell(r), r.robustness?.summary ?? '—', whyCell(r)])))
      return 0
    } finally {
      store.close()
    }
  },
}
