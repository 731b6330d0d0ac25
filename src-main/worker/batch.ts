/**
 * A worker pass over a batch of runs (experiments/runBatch.ts): rounds of kernel calls, yielding to the event loop
 * every few milliseconds so a 'cancel' for one run is heard while the others train. Each run reports progress, its
 * result or its error as a lone run does.
 */
import type { ToWorker } from '../../src-shared/api/worker'
import { encodeRunResult } from '../../src-shared/api/seriesCodec'
import { parseExperimentSpec } from '../../src-shared/spec/experiment'
import { RunBatch } from '../../src-shared/experiments/runBatch'
import type { BackendChoice } from '../engine/backend/choose'
import type { Heartbeat } from './heartbeat'
import { progressReporter, type Port } from './port'

/** The batch in progress, to drop a cancelled run from. */
let current: { batch: RunBatch; index: Map<string, number>; unreported: Set<string> } | null = null

/** Yield to the event loop (messages, heartbeats) at least this often. */
const YIELD_EVERY_MS = 20

/** `kernels`: the worker's backend, chosen once at its start, the same its lone runs train with. */
export async function runBatch(port: Port, heartbeat: Heartbeat, kernels: BackendChoice,
  message: Extract<ToWorker, { type: 'batch' }>): Promise<void> {
  const threads = message.threads
  kernels.native?.addon.setThreads(Number.isInteger(threads) && threads! >= 1 && threads! <= 64 ? threads! : 1)
  const runs = message.runs.map(({ runId, spec }) => ({ runId, spec: parseOrError(spec) }))
  // a spec that does not parse fails alone, before the others start
  for (const run of runs) if (run.spec instanceof Error) port.send({ type: 'error', runId: run.runId, message: run.spec.message })
  const valid = runs.filter((run) => !(run.spec instanceof Error))
  const unreported = new Set(valid.map(({ runId }) => runId))
  const batch = new RunBatch(
    valid.map(({ runId, spec }) => ({
      spec: spec as Exclude<typeof spec, Error>,
      ctx: { onProgress: progressReporter(port, heartbeat, runId, valid.length), backend: kernels.backend },
    })),
    (i, outcome, elapsedMs) => {
      const { runId } = valid[i]
      unreported.delete(runId)
      let error = outcome.error
      if (error === undefined) {
        try {
          return port.send({ type: 'done', runId, result: encodeRunResult(outcome.result!), elapsedMs })
        } catch (encodeError) {
          error = encodeError
        }
      }
      port.send({ type: 'error', runId, message: error instanceof Error ? error.message : String(error) })
    },
    () => performance.now(),
  )
  current = { batch, index: new Map(valid.map(({ runId }, i) => [runId, i])), unreported }
  try {
    let yielded = performance.now()
    while (batch.round()) {
      if (performance.now() - yielded < YIELD_EVERY_MS) continue
      await new Promise((resolve) => setImmediate(resolve))
      yielded = performance.now()
    }
  } catch (error) {
    // the pass itself failed (its arena could not be sized, say): every run still in it fails with the reason
    const reason = `the batch of ${valid.length} runs failed: ${error instanceof Error ? error.message : String(error)}`
    for (const runId of unreported) port.send({ type: 'error', runId, message: reason })
  } finally {
    current = null
  }
}

/** Drop a run from the batch in progress (a cancel); nothing is sent for it. */
export function cancelBatchRun(runId: string): void {
  const index = current?.index.get(runId)
  if (index === undefined) return
  current!.batch.drop(index)
  current!.unreported.delete(runId)
}

function parseOrError(spec: unknown): ReturnType<typeof parseExperimentSpec> | Error {
  try {
    return parseExperimentSpec(spec)
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error))
  }
}
