/** Runs a sweep (new or resumed) to completion on worker processes, with progress on stderr; used by run and resume. */
import { Scheduler } from '../runner/scheduler'
import type { Store } from '../store/store'
import type { CliIo } from './command'
import { writeJson } from './command'
import { reportProgress } from './progress'
import { formatSweepTable, sweepReport } from './sweepOutput'

interface ExecuteOptions {
  store: Store
  workers: number
  json: boolean
  io: CliIo
  /** Queue the work on the scheduler; returns the sweep and how many runs it queued. */
  start(scheduler: Scheduler): { sweepId: string; runIds: string[] } | Promise<{ sweepId: string; runIds: string[] }>
}

/** Exit status 0 when every run of the sweep is done; otherwise 1 with a one-line reason on stderr. */
export async function executeSweep(options: ExecuteOptions): Promise<number> {
  const { store, io } = options
  const scheduler = new Scheduler(store, { workers: options.workers })
  let started: { sweepId: string; runIds: string[] }
  try {
    started = await options.start(scheduler)
  } catch (error) {
    // refused at submit (a dataset that does not resolve): nothing was stored, no worker is left behind
    await scheduler.dispose()
    throw error
  }
  const { sweepId, runIds } = started
  const stopProgress = reportProgress(scheduler, sweepId, runIds.length, io)
  // Ctrl-C cancels the sweep: workers are killed and the runs recorded as cancelled, so `resume` can finish them.
  const onInterrupt = (): void => {
    io.stderr(`\ncancelling sweep ${sweepId} (resume it with: impulse-lab resume ${sweepId})\n`)
    scheduler.cancelSweep(sweepId)
  }
  process.once('SIGINT', onInterrupt)
  try {
    await scheduler.waitForSweep(sweepId)
  } finally {
    process.removeListener('SIGINT', onInterrupt)
    stopProgress()
    await scheduler.dispose()
  }
  const fault = scheduler.fault
  if (fault) {
    const interrupted = store.sweepRuns(sweepId).filter((r) => r.status === 'running' || r.reason === 'interrupted').length
    io.stderr(`impulse-lab: ${fault.message}; sweep ${sweepId} stopped (${interrupted} runs interrupted): free space, then run impulse-lab resume ${sweepId}\n`)
    return 1
  }
  const report = sweepReport(store, sweepId)
  if (options.json) writeJson(io, report)
  else io.stdout(`sweep ${sweepId}: ${report.sweep.title}\n${formatSweepTable(report)}`)
  const unfinished = report.runs.filter((r) => r.status !== 'done')
  if (unfinished.length === 0) return 0
  const first = unfinished[0]
  io.stderr(
    `impulse-lab: ${unfinished.length} of ${report.runs.length} runs did not finish ` +
      `(${first.id} ${first.status}: ${first.reason ?? 'no reason recorded'})\n`,
  )
  return 1
}
