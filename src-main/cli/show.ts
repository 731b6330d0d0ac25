/** `impulse-lab show <run-or-sweep-id>`: everything stored about one run, or a sweep's runs with their metrics. */
import type { MetricValue } from '../../src-shared/api/results'
import { metricLabel, seriesLabel } from '../../src-shared/catalogue'
import type { Store } from '../store/store'
import { type CliIo, type Command, dbOption, jsonOption, openStoreFor, requirePositional, UsageError, writeJson } from './command'
import { formatSweepTable, sweepReport } from './sweepOutput'
import { formatCell, formatNumber, formatTime } from './table'

const usage = 'impulse-lab show <run-or-sweep-id> [--db FILE] [--json]'

export const showCommand: Command = {
  name: 'show',
  summary: 'show a run (spec, metrics, series) or a sweep (its runs and metrics)',
  usage,
  options: { ...dbOption, ...jsonOption },
  async run(args, io) {
    const id = requirePositional(args, 'a run or sweep id', usage)
    const store = openStoreFor(args.values)
    try {
      const json = args.values.json === true
      if (store.getSweep(id)) showSweep(store, id, json, io)
      else if (store.getRun(id)) showRun(store, id, json, io)
      else throw new UsageError(`no run or sweep "${id}" in ${store.file}`)
      return 0
    } finally {
      store.close()
    }
  },
}

function showSweep(store: Store, id: string, json: boolean, io: CliIo): void {
  const sweep = store.getSweep(id)!
  const summary = store.getSweepSummary(id)!
  const report = sweepReport(store, id)
  if (json) {
    writeJson(io, { sweep: { ...sweep, counts: summary.counts, total: summary.total }, runs: report.runs })
    return
  }
  const counts = Object.entries(summary.counts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ')
  io.stdout(`sweep ${id}: ${sweep.title}\n`)
  io.stdout(`  preset ${sweep.preset ?? '(custom spec)'}${sweep.scale ? ` (${sweep.scale})` : ''}, status ${sweep.status}, created ${formatTime(sweep.createdAt)}\n`)
  io.stdout(`  ${summary.total} runs: ${counts || 'none'}\n\n${formatSweepTable(report, 8)}`)
}

function showRun(store: Store, id: string, json: boolean, io: CliIo): void {
  const run = store.getRunDetail(id)!
  if (json) {
    writeJson(io, run)
    return
  }
  io.stdout(`run ${run.id} (sweep ${run.sweepId}, #${run.index}): ${run.status}${run.reason ? ` — ${run.reason}` : ''}\n`)
  io.stdout(`  params ${Object.entries(run.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}\n`)
  const timing = run.elapsedMs !== null ? `, ${formatNumber(run.elapsedMs / 1000)} s` : ''
  io.stdout(`  started ${formatTime(run.startedAt)}${timing}, steps ${run.step ?? 0}, code ${run.codeVersion ?? '?'}\n`)
  for (const warning of run.warnings) io.stdout(`  warning: ${warning}\n`)
  io.stdout('\nmetrics\n')
  // The key (what queries and exports use) beside its catalogue label.
  for (const [name, value] of Object.entries(run.metrics)) io.stdout(`  ${name.padEnd(28)} ${formatMetric(value).padEnd(12)}  (${metricLabel(name)})\n`)
  io.stdout('\nseries\n')
  for (const [name, series] of Object.entries(run.series)) io.stdout(`  ${name.padEnd(28)} ${series.y.length} points   (${seriesLabel(name)})\n`)
  io.stdout(`\nspec\n${JSON.stringify(run.spec, null, 2)}\n`)
}

/** Arrays longer than a line are shortened: first values, then the count. */
function formatMetric(value: MetricValue): string {
  if (Array.isArray(value)) {
    const head = value.slice(0, 8).map(formatNumber).join(', ')
    return value.length > 8 ? `[${head}, … ${value.length} values]` : `[${head}]`
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).map(([k, v]) => `${k}=${formatCell(v)}`).join(' ')
  }
  return formatCell(value)
}
