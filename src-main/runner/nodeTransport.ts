/** The CLI's worker transport: a Node child process running the worker from a one-file bundle of its TypeScript sources. */
import { fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildSync } from 'esbuild'
import { WORKER_MODULE, type WorkerFactory, type WorkerTransport } from './transport'

let bundledWorker: string | null = process.env.IMPULSE_LAB_WORKER_BUNDLE ?? null

/**
 * The worker and everything it imports (src-shared, zod, ml-matrix) in one self-contained file. The impulse-lab command
 * builds it when the sources change and names it in IMPULSE_LAB_WORKER_BUNDLE; a process started otherwise (tests,
 * scripts) bundles once for itself. Starting a worker through a TypeScript loader costs ~1.4 s, from the bundle ~0.1 s.
 */
function workerBundle(): string {
  if (bundledWorker) return bundledWorker
  const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-worker-'))
  const outfile = join(dir, 'worker.mjs')
  buildSync({
    entryPoints: [WORKER_MODULE],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'error',
  })
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  bundledWorker = outfile
  return outfile
}

export const forkNodeWorker: WorkerFactory = (): WorkerTransport => {
  const child = fork(workerBundle(), [], {
    execArgv: ['--enable-source-maps'],
    // The worker's stdout is not ours to print; its stderr carries crash traces worth seeing.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    // structured clone: a result's JSON text travels as it is, not escaped into and parsed out of another JSON
    serialization: 'advanced',
  })
  return {
    get pid() {
      return child.pid
    },
    send(message) {
      // A worker killed between the check and the write (a cancel from another process) fails the write with EPIPE;
      // with a callback that error is ours to drop instead of an unhandled 'error' event that ends this process. The
      // worker's exit still reaches the scheduler, which fails or requeues its run.
      if (child.connected) child.send(message, () => {})
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
