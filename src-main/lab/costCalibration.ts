/**
 * This machine's rates for the cost model (src-shared/analysis/costModel.ts): measured once by a micro-benchmark of
 * a few seconds (each kernel family's real procedure at two sizes, timed between progress reports in CPU time, so
 * other processes sharing the cores do not inflate them), the scheduler's fixed costs measured with a real worker
 * (workerOverhead.ts), both in the background at first start, and kept in the
 * app's user-data folder beside its settings: rates belong to the machine, not to a store, so a new store estimates as
 * well as an old one and estimates do not move between starts. Re-measured when the CPU or the model's version differs.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { setImmediate as yieldToEvents } from 'node:timers/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { userDataDir } from '../store/paths'
import { runExperiment } from '../../src-shared/experiments/index'
import { parseExperimentSpec } from '../../src-shared/spec/experiment'
import {
  CALIBRATION_PROBES,
  type FamilyRate,
  KERNEL_FAMILIES,
  fitRate,
  PROVISIONAL_MACHINE_RATES,
  runWork,
  type CalibrationProbe,
  type MachineRates,
} from '../../src-shared/analysis/costModel'
import { tableShape } from '../../src-shared/analysis/costProbes'
import { chooseBackend } from '../engine/backend/choose'
import type { WorkerFactory } from '../runner/transport'
import { measureWorkerOverhead, type WorkerOverhead } from './workerOverhead'

/** Bumped when the probes, the model's terms or the kernels they time change, so stored rates are re-measured. */
const MODEL_VERSION = 7
const FILE = 'cost-rates.json'

const Rate = z.strictObject({
  secondsPerPass: z.number().nonnegative(),
  secondsPerFlop: z.number().nonnegative(),
  setupSeconds: z.number().nonnegative(),
  coldSeconds: z.number().nonnegative(),
  coldPasses: z.number().positive().optional(),
})
const StoredRates = z.strictObject({
  version: z.number(),
  cpu: z.string(),
  measuredAt: z.string(),
  /** The 1-minute load average while measuring (other processes slow the probes down). */
  load: z.number().nonnegative(),
  rates: z.strictObject(Object.fromEntries(KERNEL_FAMILIES.map((f) => [f, Rate])) as Record<(typeof KERNEL_FAMILIES)[number], typeof Rate>),
  /** The scheduler's fixed costs on an idle core (measured wall seconds over the slowdown at the time). */
  worker: z.strictObject({ workerStartSeconds: z.number().nonnegative(), runOverheadSeconds: z.number().nonnegative() }).optional(),
})

function cpuName(): string {
  const list = cpus()
  return `${list[0]?.model ?? 'unknown'} × ${list.length}`
}

/** CPU seconds this process has used: unlike wall time, not stretched by other processes on the cores. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1e6
}

/**
 * CPU seconds per pass of one probe size, from the progress reports between 20% and 90% of the run: set-up, JIT
 * warm-up and the final evaluation fall outside. One thread, as each run of a full sweep gets.
 */
function timeProbe(probe: CalibrationProbe, size: 0 | 1): { flops: number; seconds: number; total: number } {
  const spec = parseExperimentSpec({ ...probe.sizes[size], stopping: { ...probe.sizes[size].stopping, maxSteps: probe.steps } }, `probe ${probe.family}`)
  const reports: Array<{ at: number; step: number }> = []
  // the kernels a worker would choose, on one thread
  const kernels = chooseBackend()
  kernels.native?.addon.setThreads(1)
  const dataset = probe.dataset?.(size)
  const started = cpuSeconds()
  runExperiment(spec, { onProgress: (p) => reports.push({ at: cpuSeconds(), step: p.step }), backend: kernels.backend, ...(dataset ? { dataset } : {}) })
  const total = cpuSeconds() - started
  const nearest = (step: number) => reports.reduce((best, r) => (Math.abs(r.step - step) < Math.abs(best.step - step) ? r : best))
  const from = nearest(0.2 * probe.steps)
  const to = nearest(0.9 * probe.steps)
  if (!(to.step > from.step)) throw new Error(`cost model: probe ${probe.family} reported too little progress`)
  const term = runWork(spec, dataset ? tableShape(dataset) : undefined).find((t) => t.family === probe.family && t.passes > 1)
  if (!term) throw new Error(`cost model: probe ${probe.family} has no ${probe.family} term`)
  return { flops: term.flops, seconds: (to.at - from.at) / (to.step - from.step), total }
}

/**
 * A first run that warms the code up, then the fastest of a few repetitions: other processes only ever slow a probe
 * down. The engine keeps optimising a loop over its first thousands of steps, so a probe timed cold measured
 * per-step costs 2-4× those of the runs (which the cold cost charges once per worker instead).
 */
const REPEATS = 4

type ProbeTime = ReturnType<typeof timeProbe>

/** A family's rate from REPEATS timings of each size: the fastest warm one per size; set-up from the warm ones. */
function familyRate(probe: CalibrationProbe, small: ProbeTime[], large: ProbeTime[]): FamilyRate {
  const fastest = (times: ProbeTime[]) => times.slice(1).reduce((a, b) => (b.seconds < a.seconds ? b : a))
  const line = fitRate(fastest(small), fastest(large))
  // what a run spends outside its loop: the small size's total less its loop; the first repetition ran cold
  const outside = small.map((t) => Math.max(0, t.total - probe.steps * (line.secondsPerPass + t.flops * line.secondsPerFlop)))
  const setupSeconds = Math.min(...outside.slice(1))
  return { ...line, setupSeconds, coldSeconds: Math.max(0, outside[0] - setupSeconds), coldPasses: probe.steps }
}

const repeat = (probe: CalibrationProbe, size: 0 | 1) => Array.from({ length: REPEATS }, () => timeProbe(probe, size))

/** Run the micro-benchmark: a few CPU seconds in all. */
export function measureRates(): MachineRates {
  const rates = {} as MachineRates
  for (const probe of CALIBRATION_PROBES) rates[probe.family] = familyRate(probe, repeat(probe, 0), repeat(probe, 1))
  return rates
}

/** The micro-benchmark in slices of one probe run, yielding to the event loop between them (requests keep flowing). */
export async function measureRatesAsync(): Promise<MachineRates> {
  const rates = {} as MachineRates
  for (const probe of CALIBRATION_PROBES) {
    const [small, large]: ProbeTime[][] = [[], []]
    for (const [size, into] of [[0, small], [1, large]] as const) {
      for (let i = 0; i < REPEATS; i++) {
        await yieldToEvents()
        into.push(timeProbe(probe, size))
      }
    }
    rates[probe.family] = familyRate(probe, small, large)
  }
  return rates
}

/**
 * How many times longer than its CPU time a busy process takes right now: a 50 ms spin's wall over CPU seconds.
 * Other processes sharing the cores stretch it; 1 on a machine with a free core.
 */
export function spinSlowdown(ms = 50): number {
  const wall0 = performance.now()
  const cpu0 = cpuSeconds()
  let x = 0
  while (performance.now() - wall0 < ms) x += Math.sqrt(x + 1)
  const cpu = cpuSeconds() - cpu0
  return x > 0 && cpu > 0 ? Math.max(1, (performance.now() - wall0) / 1000 / cpu) : 1
}

const spins: number[] = []
/** The median of this and the last few spins: one spin catching a burst of other work does not move an estimate. */
function recentSpinSlowdown(): number {
  spins.push(spinSlowdown())
  if (spins.length > 5) spins.shift()
  const sorted = [...spins].sort((a, b) => a - b)
  return sorted[sorted.length >> 1]
}

/**
 * The slowdown of each of `workers` busy runs against a core of their own: the other processes wanting a core now
 * (from a spin's slowdown when it shows contention, else the load average, at most a core short of all), sharing
 * the cores fairly with ours.
 */
export function sweepSlowdown(workers: number, cores = availableParallelism(), spin = recentSpinSlowdown(), load = loadavg()[0]): number {
  const others = spin > 1.1 ? spin * cores - 1 : Math.min(load, cores - 1)
  return Math.max(1, (others + Math.max(1, workers)) / cores)
}

export interface StoredMachineRates {
  rates: MachineRates
  load: number
  /** The scheduler's fixed costs on a free core; unknown until a worker has been measured. */
  worker?: WorkerOverhead
  /** True for the built-in rates used until this machine's are measured. */
  provisional?: boolean
}

const cache = new Map<string, StoredMachineRates>()

function readStored(file: string): StoredMachineRates | null {
  if (!existsSync(file)) return null
  let json: unknown = null
  try {
    json = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    // a damaged file is measured again and overwritten
  }
  const stored = StoredRates.safeParse(json)
  if (!stored.success || stored.data.version !== MODEL_VERSION || stored.data.cpu !== cpuName()) return null
  return { rates: stored.data.rates, load: stored.data.load, ...(stored.data.worker ? { worker: stored.data.worker } : {}) }
}

function writeStored(dataDir: string, measured: StoredMachineRates): void {
  mkdirSync(dataDir, { recursive: true })
  const { rates, load, worker } = measured
  writeFileSync(join(dataDir, FILE), JSON.stringify({ version: MODEL_VERSION, cpu: cpuName(), measuredAt: new Date().toISOString(), load, rates, ...(worker ? { worker } : {}) }, null, 2))
  cache.set(join(dataDir, FILE), measured)
}

/** The stored rates for this machine, measured (and stored) first, synchronously, when there are none. */
export function machineRates(dataDir: string = userDataDir(), measure: () => MachineRates = measureRates): StoredMachineRates {
  const file = join(dataDir, FILE)
  const found = cache.get(file) ?? readStored(file)
  if (found) {
    cache.set(file, found)
    return found
  }
  const before = loadavg()[0]
  const rates = measure()
  const measured = { rates, load: (before + loadavg()[0]) / 2 }
  writeStored(dataDir, measured)
  return measured
}

/** Measure a worker's fixed costs and bring them to a free core (divided by the slowdown while measuring). */
export async function measureWorkerCosts(createWorker: WorkerFactory): Promise<WorkerOverhead> {
  const slowdown = spinSlowdown()
  const measured = await measureWorkerOverhead(createWorker)
  return { workerStartSeconds: measured.workerStartSeconds / slowdown, runOverheadSeconds: measured.runOverheadSeconds / slowdown }
}

const pending = new Map<string, Promise<StoredMachineRates>>()

/**
 * This machine's rates and worker costs, measured in the background where missing (once per process and folder) and
 * stored. The app calls it at start; estimates asked for meanwhile use machineRatesNow's provisional rates.
 */
export function ensureMachineRates(dataDir: string, createWorker: WorkerFactory, measure: () => Promise<MachineRates> = measureRatesAsync): Promise<StoredMachineRates> {
  const file = join(dataDir, FILE)
  const known = cache.get(file) ?? readStored(file)
  if (known?.worker) {
    cache.set(file, known)
    return Promise.resolve(known)
  }
  let running = pending.get(file)
  if (!running) {
    running = (async () => {
      const before = loadavg()[0]
      const rates = known?.rates ?? (await measure())
      const worker = await measureWorkerCosts(createWorker).catch(() => undefined)
      const measured: StoredMachineRates = { rates, load: known?.load ?? (before + loadavg()[0]) / 2, ...(worker ? { worker } : {}) }
      writeStored(dataDir, measured)
      return measured
    })().finally(() => pending.delete(file))
    pending.set(file, running)
  }
  return running
}

/** The rates to estimate with now: this machine's when measured, else the built-in ones while the measurement runs. */
export function machineRatesNow(dataDir: string, createWorker: WorkerFactory): StoredMachineRates {
  const file = join(dataDir, FILE)
  const known = cache.get(file) ?? readStored(file)
  if (known) cache.set(file, known)
  if (!known?.worker) void ensureMachineRates(dataDir, createWorker).catch(() => undefined)
  return known ?? PROVISIONAL_RATES
}

/** The built-in rates (costModel.ts), used only until this machine's are measured. */
const PROVISIONAL_RATES: StoredMachineRates = {
  provisional: true,
  load: 0,
  worker: { workerStartSeconds: 0.5, runOverheadSeconds: 0.002 },
  rates: PROVISIONAL_MACHINE_RATES,
}
