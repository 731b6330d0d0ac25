/** `impulse-lab runs`: sweeps with their runs counted by status, then the runs a query selects, sorted. */
import { RUN_STATUSES, type RunStatus } from '../../src-shared/api/status'
import { parseRunQuery, parseRunSort, QueryError, type RunSort } from '../../src-shared/query/runQuery'
import { type Command, dbOption, intOption, jsonOption, openStoreFor, stringOption, UsageError, writeJson } from './command'
import { formatTable, formatTime } from './table'

export const runsCommand: Command = {
  name: 'runs',
  summary: 'list sweeps and runs with status; --where selects runs with the run query language',
  usage:
    "impulse-lab runs [--where 'data.length >= 12 and extrapolation_error < 0.1 and tag:good'] [--sort COLUMN | --sort=-COLUMN | --sort 'COLUMN desc'] " +
    '[--columns a,b] [--limit N] [--sweep ID] [--status S] [--trash] [--db FILE] [--json]',
  options: {
    sweep: { type: 'string' },
    status: { type: 'string' },
    where: { type: 'string' },
    sort: { type: 'string' },
    columns: { type: 'string' },
    limit: { type: 'string' },
    trash: { type: 'boolean', default: false },
    ...dbOption,
    ...jsonOption,
  },
  async run(args, io) {
    const status = stringOption(args.values, 'status')
    if (status !== undefined && !RUN_STATUSES.includes(status as RunStatus)) {
      throw new UsageError(`--status: expected one of ${RUN_STATUSES.join(', ')}, got "${status}"`)
    }
    const where = parsedWhere(stringOption(args.values, 'where'))
    const sort = parsedSort(stringOption(args.values, 'sort'))
    const columns = (stringOption(args.values, 'columns') ?? '').split(',').map((c) => c.trim()).filter(Boolean)
    const json = args.values.json === true
    const trash = args.values.trash === true
    // Human output shows a screenful; --json lists every matching run unless --limit says otherwise.
    const limit = intOption(args.values, 'limit', json ? 1_000_000 : 30)
    const store = openStoreFor(args.values)
    try {
      const sweepId = stringOption(args.values, 'sweep')
      const sweeps = store.listSweeps({ trash }).filter((s) => sweepId === undefined || s.id === sweepId)
      const page = listedRuns(() => store.listRuns({ sweepId, status: status as RunStatus | undefined, where: stringOption(args.values, 'where') ?? where, sort, columns, trash, limit }))
      if (json) {
        writeJson(io, { sweeps, runs: page.runs.map((r) => ({ ...r, values: page.values[r.id] ?? {} })), total: page.total })
        return 0
      }
      if (sweeps.length > 0 && where === null) {
        io.stdout(
          formatTable(
            ['sweep', 'status', 'preset', 'scale', 'title', 'tags', 'runs', ...RUN_STATUSES, 'created'],
            sweeps.map((s) => [s.id, s.status, s.preset, s.scale, s.title, s.tags.join(' '), s.total, ...RUN_STATUSES.map((st) => s.counts[st]), formatTime(s.createdAt)]),
          ),
        )
        io.stdout('\n')
      }
      if (page.total === 0) {
        io.stdout(trash ? `the trash of ${store.file} is empty\n` : `no runs${where ? ' match' : ''} in ${store.file}\n`)
        return 0
      }
      io.stdout(`${page.total > page.runs.length ? `${page.runs.length} of ${page.total} runs` : `${page.total} runs`}\n`)
      io.stdout(
        formatTable(
          ['run', 'sweep', 'status', 'params', ...columns, 'tags', 'loss', 'reason'],
          page.runs.map((r) => [
            r.id,
            r.sweepId,
            r.status,
            Object.entries(r.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' '),
            ...columns.map((c) => cellText(page.values[r.id]?.[c])),
            r.tags.join(' '),
            r.loss,
            r.reason,
          ]),
        ),
      )
      return 0
    } finally {
      store.close()
    }
  },
}

/** A query naming no known metric or path is the user's mistake: a usage error, as a query that does not parse. */
function listedRuns<T>(list: () => T): T {
  try {
    return list()
  } catch (error) {
    if (error instanceof QueryError) throw new UsageError(`--where: ${error.message}`)
    throw error
  }
}

function parsedWhere(text: string | undefined) {
  try {
    return text === undefined ? null : parseRunQuery(text)
  } catch (error) {
    if (error instanceof QueryError) throw new UsageError(`--where: ${error.message}`)
    throw error
  }
}

function parsedSort(text: string | undefined): RunSort | undefined {
  try {
    return text === undefined ? undefined : parseRunSort(text)
  } catch (error) {
    throw new UsageError(`--${(error as Error).message}`)
  }
}

function cellText(value: number | string | boolean | null | undefined): number | string | null {
  return typeof value === 'boolean' ? String(value) : (value ?? null)
}
