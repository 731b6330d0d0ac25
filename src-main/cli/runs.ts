/** `impulse-lab runs`: sweeps with their runs counted by status, then the most recent runs. */
import { RUN_STATUSES, type RunStatus } from '../../src-shared/api/status'
import { type Command, dbOption, intOption, jsonOption, openStoreFor, stringOption, UsageError, writeJson } from './command'
import { formatTable, formatTime } from './table'

export const runsCommand: Command = {
  name: 'runs',
  summary: 'list sweeps and runs with status',
  usage: 'impulse-lab runs [--sweep ID] [--status S] [--limit N] [--db FILE] [--json]',
  options: { sweep: { type: 'string' }, status: { type: 'string' }, limit: { type: 'string' }, ...dbOption, ...jsonOption },
  async run(args, io) {
    const status = stringOption(args.values, 'status')
    if (status !== undefined && !RUN_STATUSES.includes(status as RunStatus)) {
      throw new UsageError(`--status: expected one of ${RUN_STATUSES.join(', ')}, got "${status}"`)
    }
    const json = args.values.json === true
    // Human output shows a screenful; --json lists every matching run unless --limit says otherwise.
    const limit = intOption(args.values, 'limit', json ? Number.MAX_SAFE_INTEGER : 30)
    const store = openStoreFor(args.values)
    try {
      const sweepId = stringOption(args.values, 'sweep')
      const sweeps = store.listSweeps().filter((s) => sweepId === undefined || s.id === sweepId)
      const page = store.listRuns({ sweepId, status: status as RunStatus | undefined, limit })
      if (json) {
        writeJson(io, { sweeps, runs: page.runs, total: page.total })
        return 0
      }
      if (sweeps.length === 0) {
        io.stdout(`no sweeps in ${store.file}\n`)
        return 0
      }
      io.stdout(
        formatTable(
          ['sweep', 'status', 'preset', 'scale', 'title', 'runs', ...RUN_STATUSES, 'created'],
          sweeps.map((s) => [s.id, s.status, s.preset, s.scale, s.title, s.total, ...RUN_STATUSES.map((st) => s.counts[st]), formatTime(s.createdAt)]),
        ),
      )
      io.stdout(`\n${page.total > page.runs.length ? `latest ${page.runs.length} of ${page.total} runs` : `${page.total} runs`}\n`)
      io.stdout(
        formatTable(
          ['run', 'sweep', 'status', 'params', 'step', 'loss', 'reason'],
          page.runs.map((r) => [
            r.id,
            r.sweepId,
            r.status,
            Object.entries(r.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' '),
            r.totalSteps ? `${r.step ?? 0}/${r.totalSteps}` : r.step,
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
