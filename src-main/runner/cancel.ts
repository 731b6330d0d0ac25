/**
 * Cancelling runs through the store, from any process: queued runs are marked cancelled (their scheduler skips them
 * when it claims them); the worker of a run another process is running is killed, and that process's scheduler
 * records the run as cancelled when the worker exits (the store already says so). A worker that trains other runs
 * too (a batch) is left alone: its scheduler drops the cancelled run from the batch when it sees the store.
 */
import { isProcessAlive } from '../store/process'
import type { Store } from '../store/store'

export function cancelStoredRuns(store: Store, runIds: string[]): string[] {
  const workers = new Map<string, number>()
  for (const id of runIds) {
    const run = store.getRun(id)
    if (run?.status === 'running' && run.workerPid !== null) workers.set(id, run.workerPid)
  }
  const cancelled = store.cancelRuns(runIds)
  const sharing = store.db.prepare(`SELECT count(*) AS n FROM runs WHERE worker_pid = ? AND status = 'running'`)
  for (const id of cancelled) {
    const pid = workers.get(id)
    if (pid === undefined || pid === process.pid || !isProcessAlive(pid)) continue
    if ((sharing.get(pid) as { n: number }).n > 0) continue
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // It finished on its own in the meantime: nothing to stop.
    }
  }
  return cancelled
}
