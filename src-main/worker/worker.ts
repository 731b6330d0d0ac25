/**
 * The training worker: one process per scheduler slot, running one run at a time with runExperiment. It works over
 * Node's child-process IPC (CLI) and Electron's utility-process parentPort (desktop app); it never touches SQLite.
 */
import { runExperiment } from '../../src-shared/experiments/index'
import { chooseBackend, type BackendChoice } from '../engine/backend/choose'
import type { FromWorker, ToWorker } from '../../src-shared/api/worker'
import type { Progress } from '../../src-shared/api/results'
import { encodeRunResult } from '../../src-shared/api/seriesCodec'
import { parseExperimentSpec } from '../../src-shared/spec/experiment'
import { loadDatasetFile } from '../datasets/datasetFile'
import { startHeartbeat, type Heartbeat } from './heartbeat'

/** At most this many progress messages per second per run (the UI needs no more). */
const PROGRESS_PER_SECOND = 5

interface Port {
  send(message: FromWorker): void
  onMessage(listener: (message: ToWorker) => void): void
}

/** Electron's utility process exposes process.parentPort; a Node child process has process.send. */
function connect(): Port {
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

async function run(port: Port, heartbeat: Heartbeat, kernels: BackendChoice, message: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  const { runId } = message
  const started = performance.now()
  let lastSent = -Infinity
  const onProgress = (progress: Progress): void => {
    if (process.ppid !== parentPid) process.exit(1)
    heartbeat.beat()
    const now = performance.now()
    if (now - lastSent < 1000 / PROGRESS_PER_SECOND) return
    lastSent = now
    // A diverged loss (NaN, Infinity) travels as null: structured clone (Electron) would keep NaN, which zod rejects.
    const loss = Number.isFinite(progress.loss) ? progress.loss : (null as unknown as number)
    port.send({ type: 'progress', runId, step: progress.step, totalSteps: progress.totalSteps, loss })
  }
  try {
    const spec = parseExperimentSpec(message.spec)
    const threads = message.threads
    kernels.native?.addon.setThreads(Number.isInteger(threads) && threads! >= 1 && threads! <= 64 ? threads! : 1)
    const dataset = message.datasetFile !== undefined ? loadDatasetFile(message.datasetFile) : undefined
    const result = runExperiment(spec, { onProgress, dataset, backend: kernels.backend })
    port.send({ type: 'done', runId, result: encodeRunResult(result), elapsedMs: performance.now() - started })
  } catch (error) {
    port.send({ type: 'error', runId, message: error instanceof Error ? error.message : String(error) })
  }
}

const port = connect()
// The kernels every run of this worker trains with: native where the addon loads, else WASM.
const kernels = chooseBackend()
const heartbeat = startHeartbeat(() => port.send({ type: 'heartbeat' }))
let queue = Promise.resolve()
port.onMessage((message) => {
  if (message.type === 'shutdown') process.exit(0)
  // One run at a time: the scheduler sends the next run only after this one reported back.
  if (message.type === 'run') queue = queue.then(() => run(port, heartbeat, kernels, message))
})
port.send({ type: 'ready', pid: process.pid })
