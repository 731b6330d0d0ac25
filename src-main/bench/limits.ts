/**
 * The machine's limit beside each bench row: the peak of a tight multiply-add loop (no memory traffic, measured in the
 * same run as the rows) of the kernels the row runs — the native build's (AVX-512 or AVX2, one thread) where it is
 * installed, else WebAssembly SIMD's — and the peak resident set size while a workload runs.
 */
import type { Precision } from '../../src-shared/engine/backend'
import { chooseBackend, type BackendChoice } from '../engine/backend/choose'

type Kernels = 'native' | 'wasm'
const peaks = new Map<string, number | null>()

/** Flops done by `rounds` rounds of the loop (12 vectors × 2 flops × lanes a round), or null where it is missing. */
function peakLoop(choice: BackendChoice, kernels: Kernels, precision: Precision, rounds: number): number | null {
  if (kernels === 'native') return choice.native ? choice.native.addon.peakLoop(rounds, precision === 'float32' ? 1 : 0) : null
  if (!choice.wasm) return null
  choice.wasm.peakLoop(rounds, precision)
  return rounds * 12 * 2 * (precision === 'float32' ? 4 : 2)
}

/** The kernels the engine uses here: native where it loads. */
function kernelsInUse(choice: BackendChoice): Kernels {
  return choice.native ? 'native' : 'wasm'
}

/**
 * GFLOP/s of the multiply-add loop of `kernels` (by default those the engine uses: native where installed) in
 * `precision`, median of 5 timed runs of ~0.1 s, measured once per bench run.
 */
export function simdPeakGflops(precision: Precision, kernelsAsked?: Kernels): number | null {
  const choice = chooseBackend()
  const kernels = kernelsAsked ?? kernelsInUse(choice)
  const key = `${kernels} ${precision}`
  if (peaks.has(key)) return peaks.get(key)!
  let rounds = 1 << 16
  if (peakLoop(choice, kernels, precision, rounds) === null) {
    peaks.set(key, null)
    return null
  }
  for (;;) {
    const started = performance.now()
    peakLoop(choice, kernels, precision, rounds)
    if (performance.now() - started > 25 || rounds > 1 << 30) break
    rounds *= 2
  }
  rounds *= 4
  const rates: number[] = []
  for (let r = 0; r < 5; r++) {
    const started = performance.now()
    const flops = peakLoop(choice, kernels, precision, rounds)!
    rates.push(flops / ((performance.now() - started) * 1e6))
  }
  rates.sort((a, b) => a - b)
  peaks.set(key, rates[2])
  return rates[2]
}

/** "native avx512 peak 117 GFLOP/s float64 (one thread, fused)" for a row's note. */
export function peakNote(precision: Precision, kernelsAsked?: Kernels): string {
  const choice = chooseBackend()
  const kernels = kernelsAsked ?? kernelsInUse(choice)
  const peak = simdPeakGflops(precision, kernels)
  if (kernels === 'native') {
    return peak === null ? 'no native kernels' : `native ${choice.native!.addon.isa()} peak ${peak.toPrecision(3)} GFLOP/s ${precision} (one thread)`
  }
  return peak === null ? 'no WebAssembly SIMD' : `WASM SIMD peak ${peak.toPrecision(3)} GFLOP/s ${precision} (${choice.wasm?.compiled.fused ? 'fused' : 'mul + add'})`
}

/** Samples the resident set size while a workload runs: call sample() on its loop, read peakMb at the end. */
export class RssSampler {
  private peak = process.memoryUsage.rss()
  private calls = 0
  /** Cheap enough for a training loop: reads the RSS every 64th call. */
  sample(): void {
    if ((this.calls++ & 63) === 0) this.peak = Math.max(this.peak, process.memoryUsage.rss())
  }
  get peakMb(): number {
    this.peak = Math.max(this.peak, process.memoryUsage.rss())
    return this.peak / 2 ** 20
  }
}

/**
 * Matrix flops of one impulse-response step of a general linear student (forward carry, adjoint, dA as one product):
 * 6 (K − 1) d² min(n_x, n_y), plus the K d n_x n_y products with B or C at both ends. Losses and the optimiser not counted.
 */
export function impulseStepFlops(d: number, K: number, nx: number, ny: number): number {
  return 6 * (K - 1) * d * d * Math.min(nx, ny) + 6 * K * d * nx * ny
}
