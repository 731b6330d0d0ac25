/**
 * The desktop app's WorkerTransport: each training worker is an Electron utility process running the same worker
 * module as the CLI's child processes (src-main/worker/worker.ts, built by electron-vite as out/main/worker.js).
 */
import { utilityProcess } from 'electron'
import { join } from 'node:path'
import type { WorkerFactory, WorkerTransport } from '../runner'

/** Where electron-vite puts the worker entry, beside main.js. */
const WORKER_BUNDLE = join(import.meta.dirname, 'worker.js')

export const forkUtilityWorker: WorkerFactory = (): WorkerTransport => {
  const child = utilityProcess.fork(WORKER_BUNDLE, [], { serviceName: 'Impulse Lab worker', stdio: ['ignore', 'ignore', 'inherit'] })
  let exited = false
  child.once('exit', () => {
    exited = true
  })
  return {
    get pid() {
      return child.pid
    },
    send(message) {
      if (!exited) child.postMessage(message)
    },
    onMessage(listener) {
      child.on('message', listener)
    },
    onExit(listener) {
      // utilityProcess reports only an exit code; a kill shows up as a non-zero code.
      child.once('exit', (code) => listener(code, null))
    },
    kill() {
      if (!exited) child.kill()
    },
  }
}
