/** The worker's channel to the scheduler (Node child-process IPC or Electron's parentPort) and its progress reports. */
import type { FromWorker, ToWorker } from '../../src-shared/api/worker'
import type { Progress } from '../../src-shared/api/results'
import type { Heartbeat } from './heartbeat'

/** At most this many progress messages per second per run (the UI needs no more). */
const PROGRESS_PER_SECOND = 5

export interface Port {
  send(message: FromWorker): void
  onMessage(listener: (message: ToWorker) => void): void
}

/** Electron's utility process exposes process.parentPort; a Node child process has process.send. */
export function connect(): Port {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ToWorker)),
    }
  }
  if (!process.send) throw new Error('worker.ts must run as a child process with an IPC channel or an Electron utility process')
  // The parent is gone: a worker must not outlive it (its run would be recorded nowhere).
  process.on('disconnect', () => process.exit(0))
  return {
    send: (message) => process.send!(message),
    onMessage: (listener) => process.on('message', (message) => listener(message as ToWorker)),
  }
}

interface ElectronParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): void
}

/**
 * The process that started us. A training loop blocks the event loop, so 'disconnect' cannot tell us the parent died
 * (killed with SIGKILL, say); being re-parented can, and is checked on every progress report.
 */
const parentPid = process.ppid

/**
 * Progress messages a worker pass may send in all, per second: a batch's runs share what two lone runs would send
 * (each progress message is a store write in the main process; a batch of 32 reporting 5 a second each would cost
 * the main process more than the batch saves).
 */
const PASS_PROGRESS_PER_SECOND = 2 * PROGRESS_PER_SECOND

/**
 * A run's onProgress: beats the heart, leaves if orphaned, and forwards at most PROGRESS_PER_SECOND reports, or, for
 * one of `passRuns` runs trained together, its share of PASS_PROGRESS_PER_SECOND (each run keeps its own clock, so
 * none is starved).
 */
export function progressReporter(port: Port, heartbeat: Heartbeat, runId: string, passRuns = 1): (progress: Progress) => void {
  const intervalMs = Math.max(1000 / PROGRESS_PER_SECOND, (passRuns * 1000) / PASS_PROGRESS_PER_SECOND)
  let lastSent = -Infinity
  return (progress) => {
    if (process.ppid !== parentPid) process.exit(1)
    heartbeat.beat()
    const now = performance.now()
    if (now - lastSent < intervalMs) return
    lastSent = now
    // A diverged loss (NaN, Infinity) travels as null: structured clone (Electron) would keep NaN, which zod rejects.
    const loss = Number.isFinite(progress.loss) ? progress.loss : (null as unknown as number)
    port.send({ type: 'progress', runId, step: progress.step, totalSteps: progress.totalSteps, loss })
  }
}
