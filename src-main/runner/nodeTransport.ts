/** The CLI's worker transport: a Node child process running the TypeScript worker through tsx (no build step). */
import { fork } from 'node:child_process'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { WORKER_MODULE, type WorkerFactory, type WorkerTransport } from './transport'

/** tsx's loader by absolute URL: `--import tsx` would resolve from the current directory, which may be anywhere. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

export const forkNodeWorker: WorkerFactory = (): WorkerTransport => {
  const child = fork(WORKER_MODULE, [], {
    execArgv: ['--import', TSX_LOADER],
    // The worker's stdout is not ours to print; its stderr carries crash traces worth seeing.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'json',
  })
  return {
    get pid() {
      return child.pid
    },
    send(message) {
      if (child.connected) child.send(message)
    },
    onMessage(listener) {
      child.on('message', listener)
    },
    onExit(listener) {
      child.once('exit', (code, signal) => listener(code, signal))
    },
    kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    },
  }
}
