/**
 * This machine's rates for the cost model (src-shared/analysis/costModel.ts): measured once by a micro-benchmark of
 * a few seconds (each kernel family's real procedure at two sizes, timed between progress reports) and kept in the
 * app's user-data folder beside its settings: rates belong to the machine, not to a store, so a new store estimates as
 * well as an old one and estimates do not move between starts. Re-measured when the CPU or the model's version differs.
 */
// the probes must multiply with the kernels the workers use (relaxed SIMD, then the native GEMM where built)
import '../runner/relaxedSimd'
import '../runner/nativeKernels'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { userDataDir } from '../store/paths'
import { runExperiment } from '../../src-shared/experiments/index'
import { parseExperimentSpec } from '../../src-shared/spec/experiment'
import {
  CALIBRATION_PROBES,
  KERNEL_FAMILIES,
  fitRate,
  runWork,
  type CalibrationProbe,
  type MachineRates,
} from '../../src-shared/analysis/costModel'
import { contentionFactor } from '../../src-shared/analysis/estimate'

/** Bumped when the probes or the model's terms change, so stored rates from an older model are re-measured. */
const MODEL_VERSION = 3
const FILE = 'cost-rates.json'

const Rate = z.strictObject({
  secondsPerPass: z.number().nonnegative(),
  secondsPerFlop: z.number().nonnegative(),
  setupSeconds: z.number().nonnegative(),
  coldSeconds: z.number().nonnegative(),
})
const StoredRates = z.strictObject({
  version: z.number(),
  cpu: z.string(),
  measuredAt: z.string(),
  /** The 1-minute load average while measuring (other processes slow the probes down). */
  load: z.number().nonnegative(),
  rates: z.strictObject(Object.fromEntries(KERNEL_FAMILIES.map((f) => [f, Rate])) as Record<(typeof KERNEL_FAMILIES)[number], typeof Rate>),
})

function cpuName(): string {
  const list = cpus()
  return `${list[0]?.model ?? 'unknown'} × ${list.length}`
}

/**
 * Seconds per pass of one probe size, from the progress reports between 20% and 90% of the run: set-up, JIT warm-up
 * and the final evaluation fall outside.
 */
function timeProbe(probe: CalibrationProbe, size: 0 | 1): { flops: number; seconds: number; total: number } {
  const spec = parseExperimentSpec({ ...probe.sizes[size], stopping: { maxSteps: probe.steps } }, `probe ${probe.family}`)
  const reports: Array<{ at: number; step: number }> = []
  const started = performance.now()
  runExperiment(spec, { onProgress: (p) => reports.push({ at: performance.now(), step: p.step }) })
  const total = (performance.now() - started) / 1000
  const nearest = (step: number) => reports.reduce((best, r) => (Math.abs(r.step - step) < Math.abs(best.step - step) ? r : best))
  const from = nearest(0.2 * probe.steps)
  const to = nearest(0.9 * probe.steps)
  if (!(to.step > from.step)) throw new Error(`cost model: probe ${probe.family} reported too little progress`)
  const term = runWork(spec).find((t) => t.family === probe.family && t.passes > 1)
  if (!term) throw new Error(`cost model: probe ${probe.family} has no ${probe.family} term`)
  return { flops: term.flops, seconds: (to.at - from.at) / 1000 / (to.step - from.step), total }
}

/** The fastest of a few repetitions: other processes only ever slow a probe down. */
const REPEATS = 3

/** Run the micro-benchmark: a few seconds in all. */
export function measureRates(): MachineRates {
  const rates = {} as MachineRates
  for (const probe of CALIBRATION_PROBES) {
    const [small, large] = ([0, 1] as const).map((size) => Array.from({ length: REPEATS }, () => timeProbe(probe, size)))
    const fastest = (times: typeof small) => times.reduce((a, b) => (b.seconds < a.seconds ? b : a))
    const line = fitRate(fastest(small), fastest(large))
    // what a run spends outside its loop: the small size's total less its loop; the first repetition ran cold
    const outside = small.map((t) => Math.max(0, t.total - probe.steps * (line.secondsPerPass + t.flops * line.secondsPerFlop)))
    const setupSeconds = Math.min(...outside.slice(1))
    rates[probe.family] = { ...line, setupSeconds, coldSeconds: Math.max(0, outside[0] - setupSeconds) }
  }
  return rates
}

export interface StoredMachineRates {
  rates: MachineRates
  load: number
}

const cache = new Map<string, StoredMachineRates>()

/** How much slower `workers` runs go now than the stored rates say, from the machine's load then and now. */
export function contentionNow(stored: StoredMachineRates, workers: number): number {
  return contentionFactor(availableParallelism(), stored.load, loadavg()[0], workers)
}

/** The stored rates for this machine, measured (and stored) first when there are none. */
export function machineRates(dataDir: string = userDataDir(), measure: () => MachineRates = measureRates): StoredMachineRates {
  const file = join(dataDir, FILE)
  const cached = cache.get(file)
  if (cached) return cached
  const cpu = cpuName()
  if (existsSync(file)) {
    let json: unknown = null
    try {
      json = JSON.parse(readFileSync(file, 'utf8'))
    } catch {
      // a damaged file is measured again and overwritten
    }
    const stored = StoredRates.safeParse(json)
    if (stored.success && stored.data.version === MODEL_VERSION && stored.data.cpu === cpu) {
      const found = { rates: stored.data.rates, load: stored.data.load }
      cache.set(file, found)
      return found
    }
  }
  const before = loadavg()[0]
  const rates = measure()
  const measured = { rates, load: (before + loadavg()[0]) / 2 }
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(file, JSON.stringify({ version: MODEL_VERSION, cpu, measuredAt: new Date().toISOString(), ...measured }, null, 2))
  cache.set(file, measured)
  return measured
}
