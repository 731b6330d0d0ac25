/**
 * The training worker: one process per scheduler slot, running one run at a time with runExperiment, or a batch of
 * runs together (./batch.ts). It works over Node's child-process IPC (CLI) and Electron's utility-process parentPort
 * (desktop app); it never touches SQLite.
 */
import { runExperiment } from '../../src-shared/experiments/index'
import { chooseBackend, type BackendChoice } from '../engine/backend/choose'
import type { ToWorker } from '../../src-shared/api/worker'
import { encodeRunResult } from '../../src-shared/api/seriesCodec'
import { parseExperimentSpec } from '../../src-shared/spec/experiment'
import { loadDatasetFile } from '../datasets/datasetFile'
import { startHeartbeat, type Heartbeat } from './heartbeat'
import { connect, progressReporter, type Port } from './port'
import { cancelBatchRun, runBatch } from './batch'

async function run(port: Port, heartbeat: Heartbeat, kernels: BackendChoice, message: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  const { runId } = message
  const started = performance.now()
  const onProgress = progressReporter(port, heartbeat, runId)
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
  // A cancel reaches a batch between its rounds; a lone run is cancelled by killing the worker.
  if (message.type === 'cancel') cancelBatchRun(message.runId)
  // One run or batch at a time: the scheduler sends the next only after this one reported back.
  if (message.type === 'run') queue = queue.then(() => run(port, heartbeat, kernels, message))
  if (message.type === 'batch') queue = queue.then(() => runBatch(port, heartbeat, kernels, message))
})
port.send({ type: 'ready', pid: process.pid })
