/**
 * What the main process spends on each finished run of a sweep: decoding the worker's message (structured clone, as
 * the IPC channel does, and the message check) and writing the run's results in its one transaction. Measured on a
 * real ICLR23 Fig. 1a paper run's result (its curves are what a sweep of 580 short runs writes), stored as JSON text
 * in schema 4's WITHOUT ROWID table (before) and as binary blobs in
 * schema 5's rowid table (now), in the same bench run, each on a fresh store.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { findPreset } from '../../src-shared/presets'
import { expandSweep } from '../../src-shared/spec/sweep'
import { runExperiment } from '../../src-shared/experiments/index'
import type { EncodedRunResult, RunResult } from '../../src-shared/api/results'
import { encodeRunResult } from '../../src-shared/api/seriesCodec'
import { FromWorkerMessage } from '../../src-shared/api/worker'
import { Store } from '../store'
import type { BenchCase, BenchRow } from './types'
import { chooseBackend } from '../engine/backend/choose'

const RUNS = 200
const REPEATS = 3

/** The encoding series had before schema 5: every series and model as JSON text. */
function encodeAsJson(result: RunResult): EncodedRunResult {
  const text = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).map(([name, value]) => [name, JSON.stringify(value)]))
  return { ...result, series: text(result.series), models: text(result.models) }
}

/** The series table as schema 4 made it (before migration 5), for the "before" measurement. */
const SCHEMA4_SERIES = `
  DROP TABLE series;
  CREATE TABLE series (
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (run_id, name)
  ) WITHOUT ROWID;`

/** CPU time (user + system) of this process since `from`, in ms: on a loaded machine wall time measures the load. */
function cpuMsSince(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from)
  return (used.user + used.system) / 1000
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

interface Timing {
  /** CPU time (user + system) of the main process per run: what a shared machine's load does not inflate. */
  mainCpuMs: number
  mainMs: number
  workerMs: number
  messageKb: number
  storedKb: number
}

/** Per run: the worker's encode, and the main process's decode + check + write, over RUNS runs on a fresh store. */
function timeEncoding(dir: string, label: string, result: RunResult, encode: (r: RunResult) => EncodedRunResult, schema4 = false): Timing {
  const sweep = findPreset('iclr23-fig1a')!.build('paper')
  const planned = expandSweep(sweep)
  const mains: number[] = []
  const cpus: number[] = []
  const workers: number[] = []
  let messageBytes = 0
  let storedBytes = 0
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    const store = Store.open(join(dir, `${label}-${repeat}.db`))
    if (schema4) store.db.exec(SCHEMA4_SERIES)
    try {
      const runs = Array.from({ length: RUNS }, (_, i) => ({ ...planned[i % planned.length], index: i }))
      const { runIds } = store.createSweep({ preset: null, scale: null, title: label, spec: sweep as never, runs })
      let workerMs = 0
      const messages = runIds.map((runId) => {
        const cpu = process.cpuUsage()
        const bytes = serialize({ type: 'done', runId, result: encode(result), elapsedMs: 12 })
        workerMs += cpuMsSince(cpu)
        return bytes
      })
      messageBytes = messages[0].byteLength
      for (const runId of runIds) store.claimRun(runId, 'bench')
      const started = performance.now()
      const cpu = process.cpuUsage()
      for (const bytes of messages) {
        const parsed = FromWorkerMessage.parse(deserialize(bytes))
        if (parsed.type !== 'done') throw new Error('results bench: the message is not a done message')
        if (!store.finishRun(parsed.runId, parsed.result as EncodedRunResult, parsed.elapsedMs)) throw new Error(`results bench: run ${parsed.runId} was not stored`)
      }
      mains.push((performance.now() - started) / RUNS)
      cpus.push(cpuMsSince(cpu) / RUNS)
      workers.push(workerMs / RUNS)
      storedBytes = (store.db.prepare(`SELECT sum(length(data)) AS n FROM series WHERE run_id = ?`).get(runIds[0]) as { n: number }).n
    } finally {
      store.close()
    }
  }
  return { mainCpuMs: median(cpus), mainMs: median(mains), workerMs: median(workers), messageKb: messageBytes / 1024, storedKb: storedBytes / 1024 }
}

export const resultsBench: BenchCase = {
  name: 'results',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-bench-results-'))
    try {
      const planned = expandSweep(findPreset('iclr23-fig1a')!.build('paper'))
      // the run itself in this process (training, metrics, curves), for the split of a run's cost: every 97th run
      const trainMs: number[] = []
      let result: RunResult | undefined
      const { backend } = chooseBackend()
      for (let i = 0; i < planned.length; i += 97) {
        const cpu = process.cpuUsage()
        const r = runExperiment(planned[i].spec, { onProgress: () => {}, backend })
        trainMs.push(cpuMsSince(cpu))
        result ??= r
      }
      if (!result) throw new Error('results bench: the Fig. 1a paper sweep has no runs')
      const points = Object.values(result.series).reduce((n, s) => n + s.y.length, 0)
      const before = timeEncoding(dir, 'json', result, encodeAsJson, true)
      const after = timeEncoding(dir, 'blob', result, encodeRunResult)
      const rssMb = process.memoryUsage().rss / 2 ** 20
      const row = (name: string, t: Timing, speedup: number | null): BenchRow => ({
        case: 'results',
        name,
        value: t.mainCpuMs,
        unit: 'CPU ms/run (main)',
        speedup,
        rssMb,
        note: `wall ${t.mainMs.toFixed(2)} ms/run; worker encode + clone ${t.workerMs.toFixed(2)} CPU ms/run; message ${t.messageKb.toFixed(0)} KB, series stored ${t.storedKb.toFixed(0)} KB/run`,
      })
      return [
        {
          case: 'results',
          name: `ICLR23 Fig. 1a paper run in one process (training, metrics, curves), median of ${trainMs.length}`,
          value: median(trainMs),
          unit: 'CPU ms/run',
          rssMb,
          note: 'the kernel share of a run; the rows below are what the worker and the main process add to it',
        },
        row(`ICLR23 Fig. 1a paper run (${Object.keys(result.series).length} series, ${points} points): decode + write, JSON text in schema 4's table (before)`, before, null),
        row(`same, binary series blobs (now); speedup against JSON text`, after, before.mainCpuMs / after.mainCpuMs),
      ]
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
