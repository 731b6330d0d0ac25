/**
 * Synthetic spike-count recordings whose behaviour is a known linear filter of the counts, as CSV text an importer
 * reads like a real recording: Poisson counts of neurons driven by a smooth 2-D latent (so they are correlated, as in
 * a motor-cortex recording), and outputs y_o(t) = Σ_{j<LAGS} Σ_a w_{j,a,o} (x_a(t−j) − r_a) + noise. The best linear
 * decoder over any window of ≥ LAGS bins is w itself, and its R² is the signal's share of the output variance, set by
 * `ceiling`: each model's distance from it is a test. Not a model of any real recording.
 */
import { Rng } from '../engine/prng'

/** Lags the outputs depend on (a window of T ≥ LAGS bins sees all of them). */
export const LAGS = 4

export interface LinearRecordingOptions {
  neurons: number
  /** Mean spike count per bin over neurons and time. */
  rate: number
  /** Output columns that vary (1–3), named vel_x, vel_y, vel_z. */
  outputs: number
  /** Adds one more output, constant (vel_const = 0). */
  constantOutput: boolean
  /** R² of the true linear decoder on each varying output, in (0, 1]; 1 − ceiling is the noise's share. */
  ceiling: number
  rows: number
  seed: number
  /** Seconds per bin (written to time_s). */
  binWidth?: number
}

export interface LinearRecording {
  csv: string
  /** Per varying output, the R² of the true decoder on these rows (the empirical ceiling). */
  ceiling: number[]
  targets: string[]
}

function poisson(rng: Rng, rate: number): number {
  // Knuth's method, split in steps of ≤ 10 so exp(−rate) never underflows for the rates used (≤ 30 per bin).
  let k = 0
  for (let left = rate; left > 0; left -= 10) {
    const limit = Math.exp(-Math.min(10, left))
    let p = rng.uniform()
    while (p > limit) {
      k++
      p *= rng.uniform()
    }
  }
  return k
}

export function linearRecordingCsv(o: LinearRecordingOptions): LinearRecording {
  if (!(o.outputs >= 1 && o.outputs <= 3)) throw new Error(`outputs: expected 1–3, got ${o.outputs}`)
  if (!(o.ceiling > 0 && o.ceiling <= 1)) throw new Error(`ceiling: expected a number in (0, 1], got ${o.ceiling}`)
  const rng = new Rng(o.seed, 'linear-recording')
  const { neurons: N, rows } = o
  const binWidth = o.binWidth ?? 0.05
  // Latent: two AR(2) processes with a ~1.4 s oscillation at 50 ms bins, unit variance.
  const z = [new Float64Array(rows), new Float64Array(rows)]
  for (const v of z) {
    for (let t = 2; t < rows; t++) v[t] = 1.9 * v[t - 1] - 0.91 * v[t - 2] + rng.normal()
    let s = 0
    for (let t = 0; t < rows; t++) s += v[t] * v[t]
    const scale = 1 / Math.sqrt(s / rows)
    for (let t = 0; t < rows; t++) v[t] *= scale
  }
  const neurons = Array.from({ length: N }, () => {
    const angle = 2 * Math.PI * rng.uniform()
    return { rate: o.rate * rng.uniformIn(0.5, 1.5), cx: Math.cos(angle), cy: Math.sin(angle) }
  })
  const x = new Float64Array(rows * N)
  for (let t = 0; t < rows; t++) {
    neurons.forEach((n, a) => {
      const drive = Math.max(0.05, 1 + 0.5 * (n.cx * z[0][t] + n.cy * z[1][t]))
      x[t * N + a] = poisson(rng, n.rate * drive)
    })
  }
  // w (LAGS, N, outputs): weights decaying with lag, scaled by 1/√rate so every neuron contributes alike.
  const w = Float64Array.from({ length: LAGS * N * o.outputs }, (_, i) => {
    const j = Math.floor(i / (N * o.outputs))
    const a = Math.floor(i / o.outputs) % N
    return (rng.normal() * 0.6 ** j) / Math.sqrt(neurons[a].rate)
  })
  const signal = Array.from({ length: o.outputs }, () => new Float64Array(rows))
  for (let t = 0; t < rows; t++) {
    for (let j = 0; j < LAGS; j++) {
      const s = Math.max(0, t - j)
      for (let a = 0; a < N; a++) {
        const dx = x[s * N + a] - neurons[a].rate
        for (let k = 0; k < o.outputs; k++) signal[k][t] += w[(j * N + a) * o.outputs + k] * dx
      }
    }
  }
  const ceiling: number[] = []
  const y = signal.map((sig) => {
    const mean = sig.reduce((a, b) => a + b, 0) / rows
    const varS = sig.reduce((a, b) => a + (b - mean) ** 2, 0) / rows
    const sd = Math.sqrt((varS * (1 - o.ceiling)) / o.ceiling)
    const out = Float64Array.from(sig, (v) => v + sd * rng.normal())
    // The true decoder's R² on these rows: 1 − SSE / SS around the mean.
    let sse = 0
    let tot = 0
    const my = out.reduce((a, b) => a + b, 0) / rows
    out.forEach((v, t) => {
      sse += (v - sig[t] - (my - mean)) ** 2
      tot += (v - my) ** 2
    })
    ceiling.push(1 - sse / tot)
    return out
  })
  const targets = ['vel_x', 'vel_y', 'vel_z'].slice(0, o.outputs)
  const header = ['time_s', ...neurons.map((_, a) => `n${String(a + 1).padStart(3, '0')}`), ...targets, ...(o.constantOutput ? ['vel_const'] : [])]
  const lines = [header.join(',')]
  for (let t = 0; t < rows; t++) {
    const counts = Array.from(x.subarray(t * N, (t + 1) * N))
    lines.push([(t * binWidth).toFixed(2), ...counts, ...y.map((v) => v[t].toFixed(5)), ...(o.constantOutput ? ['0'] : [])].join(','))
  }
  return { csv: lines.join('\n') + '\n', ceiling, targets: [...targets, ...(o.constantOutput ? ['vel_const'] : [])] }
}
