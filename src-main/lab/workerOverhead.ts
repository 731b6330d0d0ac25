/**
 * The scheduler's fixed costs, measured with a real worker: how long a worker process takes from being started to
 * finishing its first (tiny) run, and the round trip around each later run (sending the spec, the result coming
 * back) beyond the run's own time. Quick sweeps of sub-second runs are dominated by these, so they are measured on
 * this machine rather than assumed. Asynchronous: the worker runs in its own process while the caller goes on.
 */
import type { ExperimentSpecInput } from '../../src-shared/spec/experiment'
import { parseExperimentSpec } from '../../src-shared/spec/experiment'
import { FromWorkerMessage } from '../../src-shared/api/worker'
import type { WorkerFactory } from '../runner/transport'

export interface WorkerOverhead {
  /** From starting a worker to the end of its first run, less that run's own time: process start, engine load, JIT. */
  workerStartSeconds: number
  /** A warm worker's round trip per run beyond the run's own time. */
  runOverheadSeconds: number
}

/** A run of a few milliseconds: its own time is reported by the worker and taken out. */
const TINY: ExperimentSpecInput = {
  teacher: { kind: 'random-stable', dim: 2 } as ExperimentSpecInput['teacher'],
  student: { kind: 'linear', width: 4, parameterization: 'diagonal' },
  data: { loss: 'population', length: 4 },
  stopping: { maxSteps: 10 },
} as ExperimentSpecInput

/** Warm round trips timed; the fastest counts (other processes only ever slow one down). */
const WARM_RUNS = 3
const TIMEOUT_MS = 60_000

/** Start one worker, run the tiny spec 1 + WARM_RUNS times, shut it down. Rejects if the worker fails or hangs. */
export function measureWorkerOverhead(createWorker: WorkerFactory, timeoutMs = TIMEOUT_MS): Promise<WorkerOverhead> {
  const spec = parseExperimentSpec(TINY, 'worker overhead probe')
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const worker = createWorker()
    let sentAt = started
    const gaps: number[] = []
    let settled = false
    const finish = (error: Error | null, value?: WorkerOverhead) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      worker.send({ type: 'shutdown' })
      if (error) {
        worker.kill()
        reject(error)
      } else resolve(value!)
    }
    const timer = setTimeout(() => finish(new Error(`worker overhead probe: no answer within ${timeoutMs / 1000} s`)), timeoutMs)
    const send = () => {
      sentAt = performance.now()
      worker.send({ type: 'run', runId: `probe${gaps.length}`, spec, threads: 1 })
    }
    worker.onExit((code, signal) => finish(new Error(`worker overhead probe: the worker exited (${signal ?? code})`)))
    worker.onMessage((raw) => {
      const parsed = FromWorkerMessage.safeParse(raw)
      if (!parsed.success) return finish(new Error('worker overhead probe: the worker sent an invalid message'))
      const message = parsed.data
      if (message.type === 'error') return finish(new Error(`worker overhead probe: ${message.message}`))
      if (message.type !== 'done') return
      const now = performance.now()
      gaps.push(Math.max(0, now - sentAt - message.elapsedMs) / 1000)
      if (gaps.length <= WARM_RUNS) return send()
      // the first gap runs from the worker's start; the start is what it took beyond a warm round trip
      const warm = Math.min(...gaps.slice(1))
      finish(null, { workerStartSeconds: Math.max(0, gaps[0] - warm), runOverheadSeconds: warm })
    })
    // sent at once: the worker handles it after its start, so the first gap spans the start
    send()
    sentAt = started
  })
}
