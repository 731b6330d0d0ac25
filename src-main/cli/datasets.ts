/** `impulse-lab datasets`: list the imported datasets; show one (columns, first rows, the runs using it), rename, delete. */
import { datasetDetail, deleteStoredDataset, listDatasetInfos, renameStoredDataset } from '../datasets/manage'
import { type Command, dbOption, jsonOption, openStoreFor, UsageError, writeJson } from './command'
import { formatNumber, formatTable } from './table'

const usage = 'impulse-lab datasets [show <id|name> | rename <id|name> <new name> | delete <id|name>] [--db FILE] [--json]'

/** A refusal the user can act on (no such dataset, still in use) is a usage error: exit 2, one line. */
function userError<T>(fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    const status = (error as { status?: number }).status
    if (status !== undefined && status >= 400 && status < 500) throw new UsageError((error as Error).message)
    throw error
  }
}

export const datasetsCommand: Command = {
  name: 'datasets',
  summary: 'list imported datasets; show, rename or delete one (refused while a run uses it)',
  usage,
  options: { ...dbOption, ...jsonOption },
  async run(args, io) {
    const [action = 'list', ref, ...rest] = args.positionals
    const json = args.values.json === true
    const store = openStoreFor(args.values)
    try {
      if (action === 'list') {
        const list = listDatasetInfos(store)
        if (json) writeJson(io, list)
        else if (list.length === 0) io.stdout(`no datasets in ${store.file}\n`)
        else io.stdout(formatTable(['id', 'name', 'rows', 'bin (s)', 'neurons', 'behaviour'], list.map((d) => [d.id, d.name, String(d.rows), formatNumber(d.binWidth), String(d.neurons), d.behavior.join(' ')])))
        return 0
      }
      if (!ref) throw new UsageError(`datasets ${action}: missing the dataset id or name\nusage: ${usage}`)
      if (action === 'show') {
        const detail = userError(() => datasetDetail(store, ref, 5))
        if (json) {
          writeJson(io, detail)
          return 0
        }
        io.stdout(`dataset ${detail.id} "${detail.name}": ${detail.rows} rows, ${formatNumber(detail.binWidth)} s bins, from ${detail.source ?? '?'}\n`)
        for (const note of detail.notes) io.stdout(`  ${note}\n`)
        io.stdout(`  used by ${detail.usedBy.total} run${detail.usedBy.total === 1 ? '' : 's'}${detail.usedBy.total ? ` (${detail.usedBy.runs.join(', ')}${detail.usedBy.total > detail.usedBy.runs.length ? ', …' : ''})` : ''}\n\n`)
        const rows = detail.columns[0]?.sample.length ?? 0
        io.stdout(formatTable(['column', 'role', ...Array.from({ length: rows }, (_, i) => `row ${i + 1}`)], detail.columns.map((c) => [c.name, c.role, ...c.sample.map(formatNumber)])))
        return 0
      }
      if (action === 'rename') {
        const name = rest.join(' ').trim()
        if (!name) throw new UsageError(`datasets rename: missing the new name\nusage: ${usage}`)
        const info = userError(() => renameStoredDataset(store, ref, name))
        if (json) writeJson(io, info)
        else io.stdout(`renamed ${info.id} to "${info.name}"\n`)
        return 0
      }
      if (action === 'delete') {
        const result = userError(() => deleteStoredDataset(store, ref))
        if (json) writeJson(io, result)
        else io.stdout(`deleted ${result.deleted}\n`)
        return 0
      }
      throw new UsageError(`datasets: unknown action "${action}" (list, show, rename, delete)\nusage: ${usage}`)
    } finally {
      store.close()
    }
  },
}
