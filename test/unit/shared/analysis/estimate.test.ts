// Run-time estimates: the cost model at the machine's rates, corrected per kind (procedure, student, loss) by that
// kind's finished runs only, so other kinds never move a kind's estimate.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { calibrate, costClass, estimateSeconds, measuredRunOverhead, modelSeconds, RUN_OVERHEAD_SECONDS, sweepCpuSeconds, WORKER_START_SECONDS } from '../../../../src-shared/analysis/estimate'
import { KERNEL_FAMILIES, type MachineRates } from '../../../../src-shared/analysis/costModel'
import { parseExperimentSpec } from '../../../../src-shared/spec/experiment'

const rates = Object.fromEntries(KERNEL_FAMILIES.map((f, i) => [f, { secondsPerPass: 1e-5 * (i + 1), secondsPerFlop: 1e-9 * (i + 1), setupSeconds: 0.01, coldSeconds: 0 }])) as MachineRates
const linear = (length: number) => parseExperimentSpec({ student: { kind: 'linear', width: 20 }, data: { length }, stopping: { maxSteps: 1000 } })
const gru = parseExperimentSpec({ student: { kind: 'gru', width: 8 }, data: { loss: 'empirical', length: 10, trainSize: 100 }, stopping: { maxSteps: 200 } })
const close = (a: number, b: number) => Math.abs(a / b - 1) < 1e-9

test('before any run of its kind, a run costs the model\'s seconds plus the scheduler\'s overheads', () => {
  const none = calibrate(rates, [])
  const one = estimateSeconds([linear(10)], none, 1)
  assert.ok(close(one.total, WORKER_START_SECONDS + RUN_OVERHEAD_SECONDS + modelSeconds(linear(10), rates)), `${one.total}`)
  // more steps, more seconds: the model is not a constant
  assert.ok(modelSeconds(linear(20), rates) > modelSeconds(linear(10), rates))
})

test('one earlier run of the same kind corrects the model; another kind\'s runs leave it alone', () => {
  assert.notEqual(costClass(linear(10)), costClass(gru))
  const modelled = modelSeconds(linear(10), rates)
  const measured = calibrate(rates, [{ spec: linear(10), elapsedMs: 3000 * modelled }])
  assert.ok(close(estimateSeconds([linear(10)], measured, 1).total, WORKER_START_SECONDS + RUN_OVERHEAD_SECONDS + 3 * modelled))
  // the correction carries to other sizes of the kind
  assert.ok(close(estimateSeconds([linear(30)], measured, 1).total, WORKER_START_SECONDS + RUN_OVERHEAD_SECONDS + 3 * modelSeconds(linear(30), rates)))
  const gruOnly = calibrate(rates, [{ spec: gru, elapsedMs: 1000 * 1000 * modelSeconds(gru, rates) }])
  assert.ok(close(estimateSeconds([linear(10)], gruOnly, 1).total, estimateSeconds([linear(10)], calibrate(rates, []), 1).total))
})

test('a kind\'s correction is the median of its runs and is bounded', () => {
  const m = modelSeconds(linear(10), rates) * 1000
  const c = calibrate(rates, [1, 2, 50].map((x) => ({ spec: linear(10), elapsedMs: x * m })))
  assert.ok(close(c.byClass.get(costClass(linear(10)))!, 2))
  const wild = calibrate(rates, [{ spec: linear(10), elapsedMs: 1e6 * m }])
  assert.equal(wild.byClass.get(costClass(linear(10))), 30)
})

test('runs are spread over the workers, and the longest run bounds the wall time from below', () => {
  const c = calibrate(rates, [])
  const per = RUN_OVERHEAD_SECONDS + modelSeconds(linear(10), rates)
  assert.ok(close(estimateSeconds([linear(10), linear(10), linear(10), linear(10)], c, 2).total, WORKER_START_SECONDS + 2 * per))
  assert.ok(close(estimateSeconds([linear(10)], c, 4).total, WORKER_START_SECONDS + per))
  assert.equal(estimateSeconds([], c, 2).total, 0)
})

test('each worker pays a family\'s compile cost once, on its first run of that family', () => {
  const coldRates = { ...rates, impulse: { ...rates.impulse, coldSeconds: 0.5 }, sequence: { ...rates.sequence, coldSeconds: 0.25 } }
  const population = parseExperimentSpec({ data: { loss: 'population', length: 5 }, stopping: { maxSteps: 100 } })
  const sampled = parseExperimentSpec({ data: { loss: 'empirical', length: 5 }, stopping: { maxSteps: 100 } })
  const warm = calibrate(rates, [])
  const cold = calibrate(coldRates, [])
  const extra = (specs: typeof population[], workers: number) =>
    estimateSeconds(specs, cold, workers).total - estimateSeconds(specs, warm, workers).total
  // four runs of one family on two workers: two compiles, spread over the two workers
  assert.ok(Math.abs(extra([population, population, population, population], 2) - 0.5) < 1e-9)
  // one run of each family on one worker: both compiles
  assert.ok(Math.abs(extra([population, sampled], 1) - 0.75) < 1e-9)
})

test('a first run shorter than the passes the compile cost was measured over pays its share of it', () => {
  const coldRates = { ...rates, impulse: { ...rates.impulse, coldSeconds: 0.5, coldPasses: 400 } }
  const run = (maxSteps: number) => parseExperimentSpec({ data: { loss: 'population', length: 5 }, stopping: { maxSteps } })
  const extra = (specs: ReturnType<typeof run>[], workers: number) =>
    estimateSeconds(specs, calibrate(coldRates, []), workers).total - estimateSeconds(specs, calibrate(rates, []), workers).total
  assert.ok(Math.abs(extra([run(100)], 1) - 0.125) < 1e-9)
  assert.ok(Math.abs(extra([run(4000)], 1) - 0.5) < 1e-9)
  // a worker's first run may be the sweep's longest: the compile is priced at that one
  assert.ok(Math.abs(extra([run(100), run(200)], 1) - 0.25) < 1e-9)
  // the CPU a sweep's workers spend carries the same share
  const cpu = (r: MachineRates) => sweepCpuSeconds([run(100)], calibrate(r, []), 1)
  assert.ok(Math.abs(cpu(coldRates) - cpu(rates) - 0.125) < 1e-9)
})

test('contention scales the model\'s price; a kind with its own measured runs is not scaled again, its fixed costs are', () => {
  const loaded = { ...calibrate(rates, []), contention: 3 }
  assert.ok(close(estimateSeconds([linear(10)], loaded, 1).total, 3 * (WORKER_START_SECONDS + RUN_OVERHEAD_SECONDS + modelSeconds(linear(10), rates))))
  const measured = { ...calibrate(rates, [{ spec: linear(10), elapsedMs: 2000 * modelSeconds(linear(10), rates) }]), contention: 3 }
  assert.ok(close(estimateSeconds([linear(10)], measured, 1).total, 3 * (WORKER_START_SECONDS + RUN_OVERHEAD_SECONDS) + 2 * modelSeconds(linear(10), rates)))
})

test('the scheduler\'s overhead per run is measured on any finished runs, beside their own time', () => {
  const run = (gapMs: number) => ({ startedAt: 1000, finishedAt: 1000 + 200 + gapMs, elapsedMs: 200 })
  assert.equal(measuredRunOverhead([run(100), run(300)]), null, 'too few runs to say')
  const overhead = measuredRunOverhead([...Array.from({ length: 9 }, () => run(100)), run(1100), { startedAt: null, finishedAt: null, elapsedMs: null }])
  assert.ok(Math.abs(overhead! - 0.2) < 1e-12, `${overhead}`)
  const c = { ...calibrate(rates, []), runOverheadSeconds: 0.2 }
  assert.ok(close(estimateSeconds([linear(10)], c, 1).total, WORKER_START_SECONDS + 0.2 + modelSeconds(linear(10), rates)))
})

test('a measured worker start replaces the default, and other processes on the cores stretch every fixed cost as they stretch the runs', () => {
  const spec = linear(10)
  const base = calibrate(rates, [])
  const measured = { ...base, workerStartSeconds: 2, runOverheadSeconds: 0.25 }
  assert.ok(close(estimateSeconds([spec], measured, 1).total, 2 + 0.25 + modelSeconds(spec, rates)))
  // three times slower cores: the start, the model's run and the default overhead all take three times as long
  const loaded = { ...base, workerStartSeconds: 2, contention: 3 }
  assert.ok(close(estimateSeconds([spec], loaded, 1).total, 3 * (2 + RUN_OVERHEAD_SECONDS + modelSeconds(spec, rates))))
})

test('a sweep\'s CPU seconds are its workers\' starts plus every run at free-core rates, whatever the load', () => {
  const specs = [linear(10), linear(20), gru]
  const free = { ...calibrate(rates, []), workerStartSeconds: 0.4, runOverheadSeconds: 0.01 }
  const cpu = sweepCpuSeconds(specs, free, 2)
  const runs = specs.reduce((s, spec) => s + 0.01 + modelSeconds(spec, rates), 0)
  assert.ok(close(cpu, 2 * 0.4 + runs), `${cpu}`)
  // load stretches the wall-time estimate, not the work
  assert.ok(close(sweepCpuSeconds(specs, { ...free, contention: 3 }, 2), cpu))
  assert.ok(estimateSeconds(specs, { ...free, contention: 3 }, 2).total > estimateSeconds(specs, free, 2).total)
  // one run uses one worker however many there are
  assert.ok(close(sweepCpuSeconds([gru], free, 4), 0.4 + 0.01 + modelSeconds(gru, rates)))
  assert.equal(sweepCpuSeconds([], free, 2), 0)
})

test('runs batched into one worker pass share its scheduler overhead; runs that go alone each pay it', () => {
  const none = calibrate(rates, [])
  const diagonal = (length: number) => parseExperimentSpec({ student: { kind: 'linear', width: 20, parameterization: 'diagonal' }, data: { loss: 'population', length }, stopping: { maxSteps: 1000 } })
  const batched = Array.from({ length: 64 }, (_, i) => diagonal(2 + (i % 8)))
  const work = batched.reduce((s, spec) => s + modelSeconds(spec, rates), 0)
  // 64 runs on 2 workers: passes of 32, one dispatch each
  assert.ok(close(estimateSeconds(batched, none, 2).perRun * 64, work + 64 * RUN_OVERHEAD_SECONDS / 32))
  const alone = Array.from({ length: 64 }, (_, i) => linear(2 + (i % 8)))
  const aloneWork = alone.reduce((s, spec) => s + modelSeconds(spec, rates), 0)
  assert.ok(close(estimateSeconds(alone, none, 2).perRun * 64, aloneWork + 64 * RUN_OVERHEAD_SECONDS))
})
