// What an estimate is calibrated with beyond the kernel rates: a real worker's start and per-run round trip, the
// slowdown other processes cause, the shapes of the store's datasets, and rates measured in the background.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureMachineRates, machineRatesNow, sweepSlowdown } from '../../../src-main/lab/costCalibration'
import { measureWorkerOverhead } from '../../../src-main/lab/workerOverhead'
import { datasetShape, storeCalibration, storeDatasetShapes } from '../../../src-main/lab/estimateCalibration'
import { forkNodeWorker } from '../../../src-main/runner'
import type { WorkerFactory } from '../../../src-main/runner/transport'
import { Store } from '../../../src-main/store/index'
import { importCsv } from '../../../src-main/datasets/index'
import { KERNEL_FAMILIES, runWork, type MachineRates } from '../../../src-shared/analysis/costModel'
import { estimateSeconds } from '../../../src-shared/analysis/estimate'
import { parseExperimentSpec } from '../../../src-shared/spec/experiment'

const dir = mkdtempSync(join(tmpdir(), 'impulse-estcal-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const rates = Object.fromEntries(KERNEL_FAMILIES.map((f) => [f, { secondsPerPass: 1e-5, secondsPerFlop: 1e-9, setupSeconds: 0.01, coldSeconds: 0.02 }])) as MachineRates

/** A worker that answers each run after `runMs`, its first only after `startMs` more, reporting 1 ms of its own. */
function fakeWorker(startMs: number, runMs: number): WorkerFactory {
  return () => {
    let listener: (m: unknown) => void = () => {}
    let first = true
    return {
      pid: 1,
      send(message) {
        if (message.type !== 'run') return
        const delay = runMs + (first ? startMs : 0)
        first = false
        setTimeout(() => listener({ type: 'done', runId: message.runId, elapsedMs: 1, result: { metrics: {}, series: {}, models: {}, warnings: [], steps: 10 } }), delay)
      },
      onMessage(l) {
        listener = l
      },
      onExit() {},
      kill() {},
    }
  }
}

test('a worker\'s start is what its first run took beyond a warm round trip; the round trip less the run\'s own time is the per-run cost', async () => {
  const measured = await measureWorkerOverhead(fakeWorker(300, 20))
  assert.ok(measured.workerStartSeconds > 0.25 && measured.workerStartSeconds < 0.45, `${measured.workerStartSeconds}`)
  assert.ok(measured.runOverheadSeconds >= 0.018 && measured.runOverheadSeconds < 0.1, `${measured.runOverheadSeconds}`)
})

test('a real worker process is started, measured and shut down', async () => {
  const measured = await measureWorkerOverhead(forkNodeWorker)
  assert.ok(measured.workerStartSeconds > 0.01 && measured.workerStartSeconds < 30, `${measured.workerStartSeconds}`)
  assert.ok(measured.runOverheadSeconds < measured.workerStartSeconds, JSON.stringify(measured))
})

test('a worker that dies or never answers fails the probe with the reason', async () => {
  const dies: WorkerFactory = () => {
    let exit: (code: number | null, signal: string | null) => void = () => {}
    return { pid: 1, send: () => setTimeout(() => exit(3, null), 5), onMessage() {}, onExit: (l) => void (exit = l), kill() {} }
  }
  await assert.rejects(measureWorkerOverhead(dies), /worker exited \(3\)/)
  await assert.rejects(measureWorkerOverhead(fakeWorker(10_000, 1), 100), /no answer within 0.1 s/)
})

test('the slowdown of a sweep\'s workers: none on a machine with a core each, a fair share when a spin shows other work', () => {
  assert.equal(sweepSlowdown(2, 2, 1, 0), 1)
  assert.equal(sweepSlowdown(1, 4, 1, 2.5), 1)
  // a spin three times slower than its CPU time on 2 cores: 5 other processes; with our 2 each gets 2/7 of a core
  assert.equal(sweepSlowdown(2, 2, 3, 0), 3.5)
  // no contention seen by the spin: the load average counts at most a core short of all
  assert.equal(sweepSlowdown(2, 2, 1, 9), 1.5)
})

test('rates and worker costs are measured in the background once, stored, and the built-in ones serve meanwhile', async () => {
  const folder = mkdtempSync(join(dir, 'rates-'))
  let measured = 0
  const measure = async () => (measured++, rates)
  const before = machineRatesNow(join(folder, 'other'), fakeWorker(50, 1))
  assert.equal(before.provisional, true)
  assert.ok(before.rates.gated.secondsPerFlop > 0 && before.worker!.workerStartSeconds > 0)
  const [a, b] = await Promise.all([ensureMachineRates(folder, fakeWorker(200, 5), measure), ensureMachineRates(folder, fakeWorker(200, 5), measure)])
  assert.equal(measured, 1)
  assert.equal(a, b)
  assert.deepEqual(a.rates, rates)
  assert.ok(a.worker!.workerStartSeconds > 0.01, JSON.stringify(a.worker))
  const now = machineRatesNow(folder, fakeWorker(50, 1))
  assert.equal(now.provisional, undefined)
  assert.deepEqual(now.worker, a.worker)
  await ensureMachineRates(folder, fakeWorker(200, 5), measure)
  assert.equal(measured, 1)
})

test('a stored dataset\'s shape is read from the store: neurons in, behaviour out, its rows; the estimate follows it', async () => {
  const csv = join(dir, 'small.csv')
  const rows = Array.from({ length: 40 }, (_, i) => `${(i * 0.05).toFixed(2)},${i % 3},${i % 2},${i % 5},0.1,0.2`)
  writeFileSync(csv, `time_s,n01,n02,n03,vel_x,vel_y\n${rows.join('\n')}\n`)
  const store = Store.open(join(dir, 'shape.db'))
  try {
    const { dataset } = await importCsv(store, csv)
    assert.deepEqual(datasetShape(dataset), { inputs: 3, outputs: 2, rows: 40 })
    const shapes = storeDatasetShapes(store)
    assert.deepEqual(shapes(dataset.id), { inputs: 3, outputs: 2, rows: 40 })
    assert.equal(shapes('no such dataset'), undefined)
    const spec = parseExperimentSpec({
      experiment: 'rnn-conv-twins',
      student: { kind: 'linear', width: 10 },
      data: { loss: 'empirical', length: 5, batchSize: 8, dataset: dataset.id },
      options: { epochs: 2 },
    })
    const calibration = storeCalibration(store, { rates, load: 0 }, 1, 1)
    // the twins' steps come from the store's 40 rows, not an assumed 30,000
    const steps = runWork(spec, shapes(dataset.id)).reduce((a, b) => (b.passes > a.passes ? b : a)).passes
    assert.equal(steps, Math.ceil((2 * 40 * spec.data.trainFraction) / 8))
    assert.ok(estimateSeconds([spec], calibration, 1).total < estimateSeconds([spec], { ...calibration, dataset: undefined }, 1).total)
  } finally {
    store.close()
  }
})
