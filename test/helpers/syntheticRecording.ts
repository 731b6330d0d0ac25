/**
 * A synthetic reaching recording with known structure, as a CSV an importer reads like a real one: 2-D hand velocity
 * from a smooth oscillating process, and Poisson spike counts of neurons tuned to the recent velocity (preferred
 * direction, gain, lag of 0–3 bins). Its statistics differ from S1 on purpose (more neurons, higher rates, another
 * velocity scale), to test that a preset's settings are not tuned to one recording.
 */
import { Rng } from '../../src-shared/engine/prng'

export interface SyntheticRecordingOptions {
  neurons: number
  rows: number
  /** Seconds per bin. */
  binWidth: number
  seed: number
}

/** Knuth's multiplication method: fine for the rates used here (< 30 per bin). */
function poisson(rng: Rng, rate: number): number {
  const limit = Math.exp(-rate)
  let k = 0
  let p = rng.uniform()
  while (p > limit) {
    k++
    p *= rng.uniform()
  }
  return k
}

export function syntheticRecordingCsv({ neurons, rows, binWidth, seed }: SyntheticRecordingOptions): string {
  const rng = new Rng(seed, 'synthetic-recording')
  // Velocity: per axis an AR(2) process with a ~1.4 s oscillation, scaled to ~20 units/s.
  const vel = [new Float64Array(rows), new Float64Array(rows)]
  for (const v of vel) {
    for (let t = 2; t < rows; t++) v[t] = 1.9 * v[t - 1] - 0.91 * v[t - 2] + rng.normal()
    let s = 0
    for (let t = 0; t < rows; t++) s += v[t] * v[t]
    const scale = 20 / Math.sqrt(s / rows)
    for (let t = 0; t < rows; t++) v[t] *= scale
  }
  const tuning = Array.from({ length: neurons }, () => {
    const angle = 2 * Math.PI * rng.uniform()
    return { base: Math.log(rng.uniformIn(0.5, 4)), gain: rng.uniformIn(0.2, 0.8) / 20, dx: Math.cos(angle), dy: Math.sin(angle), lag: rng.int(4) }
  })
  const header = ['time_s', ...tuning.map((_, i) => `n${String(i + 1).padStart(3, '0')}`), 'vel_x', 'vel_y']
  const lines = [header.join(',')]
  for (let t = 0; t < rows; t++) {
    const counts = tuning.map(({ base, gain, dx, dy, lag }) => {
      const s = Math.max(0, t - lag)
      return poisson(rng, Math.exp(base + gain * (dx * vel[0][s] + dy * vel[1][s])))
    })
    lines.push([(t * binWidth).toFixed(2), ...counts, vel[0][t].toFixed(4), vel[1][t].toFixed(4)].join(','))
  }
  return lines.join('\n') + '\n'
}
