/**
 * How the scheduler talks to one training worker, whatever process kind runs it: Node child processes in the CLI,
 * Electron utility processes in the desktop app (the app supplies that factory). Messages are plain JSON values.
 */
import type { ToWorker } from '../../src-shared/api/worker'

export interface WorkerTransport {
  /** The worker's OS pid once known (recorded with its run, so a stale run can be traced). */
  readonly pid: number | undefined
  send(message: ToWorker): void
  /** Raw messages from the worker; the scheduler validates them (FromWorkerMessage) before use. */
  onMessage(listener: (message: unknown) => void): void
  /** Called once when the process ends: exit code, or the signal that killed it ('SIGKILL'). */
  onExit(listener: (code: number | null, signal: string | null) => void): void
  /** Kill the process (default SIGKILL: a training loop does not yield to a polite request). */
  kill(signal?: NodeJS.Signals): void
}

/** Starts one worker process running src-main/worker/worker.ts. */
export type WorkerFactory = () => WorkerTransport

/** Absolute path of the worker module, for factories that fork it. */
export const WORKER_MODULE = new URL('../worker/worker.ts', import.meta.url).pathname
