/**
 * The machine's limit beside each bench row: the peak of a tight WebAssembly SIMD multiply-add loop (no memory
 * traffic, measured in the same run as the rows), and the peak resident set size while a workload runs.
 */
import { simdPeakLoop, wasmGemmFused, type Precision } from '../../src-shared/engine/gemm'

const peaks = new Map<Precision, number | null>()

/**
 * GFLOP/s of the SIMD multiply-add loop in `precision` (12 vectors × 2 flops × lanes per round), median of 5 timed
 * runs of ~0.1 s, measured once per bench run. Fused where the engine has relaxed SIMD (wasmGemmFused()).
 */
export function simdPeakGflops(precision: Precision): number | null {
  if (peaks.has(precision)) return peaks.get(precision)!
  const lanes = precision === 'float32' ? 4 : 2
  let iterations = 1 << 16
  if (simdPeakLoop(iterations, precision) === null) {
    peaks.set(precision, null)
    return null
  }
  for (;;) {
    const started = performance.now()
    simdPeakLoop(iterations, precision)
    if (performance.now() - started > 25 || iterations > 1 << 30) break
    iterations *= 2
  }
  iterations *= 4
  const rates: number[] = []
  for (let r = 0; r < 5; r++) {
    const started = performance.now()
    simdPeakLoop(iterations, precision)
    rates.push((iterations * 12 * 2 * lanes) / ((performance.now() - started) * 1e6))
  }
  rates.sort((a, b) => a - b)
  peaks.set(precision, rates[2])
  return rates[2]
}

/** "peak 23.1 GFLOP/s float64 (mul + add)" for a row's note. */
export function peakNote(precision: Precision): string {
  const peak = simdPeakGflops(precision)
  return peak === null ? 'no WebAssembly SIMD' : `SIMD peak ${peak.toPrecision(3)} GFLOP/s ${precision} (${wasmGemmFused() ? 'fused' : 'mul + add'})`
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
