/**
 * The ridge optimum of the Conv1D family on the twin's synthetic training sequences (every step supervised, zero
 * history before step 0): the kernel a decoder with no per-lag bias reaches from the same data, drawn beside the
 * trained models' kernels in EMAMI21 Fig. 3. Not trained; its penalty is chosen by cross-validation over the training
 * sequences. Real data have their own ridge (emami21Real.ts).
 */
import type { Backend } from '../engine/backend'
import type { SequenceData } from '../engine/sequenceData'
import { addStats, decoderSse, gramScale, ridgeImpulse, ridgeSolve, windowStats, type WindowStats } from '../metrics/wienerFilter'

/** Penalties tried, relative to the mean diagonal of the Gram matrix. */
const RIDGE_GRID = [1e-3, 1e-2, 0.1, 0.3, 1]
/** Cross-validation folds over the training sequences (fewer when there are fewer sequences). */
const FOLDS = 5

/** One sequence's window statistics: the sequence after T − 1 zero steps, windows ending at each of its steps. */
function sequenceStats(data: SequenceData, n: number, taps: number, backend: Backend): WindowStats {
  const { length, inputs: nx, outputs: ny } = data
  const pad = taps - 1
  const x = new Float64Array((pad + length) * nx)
  const y = new Float64Array((pad + length) * ny)
  x.set(data.x.subarray(n * length * nx, (n + 1) * length * nx), pad * nx)
  y.set(data.y.subarray(n * length * ny, (n + 1) * length * ny), pad * ny)
  return windowStats(x, nx, y, ny, taps, pad, pad + length - 1, backend)
}

const total = (list: readonly WindowStats[]): WindowStats => list.reduce((a, b) => addStats(a, b))

/**
 * L_j (taps, n_y, n_x) of the ridge fit on every training sequence, with the penalty (relative to the Gram diagonal)
 * whose held-out squared error, summed over FOLDS folds of sequences, is lowest.
 */
export function sequenceRidge(data: SequenceData, taps: number, backend: Backend): { impulse: Float64Array; alpha: number } {
  if (data.target !== 'every') throw new Error('sequenceRidge: the twin supervises every step (data.target = every)')
  const { count, inputs: nx, outputs: ny } = data
  const perSequence = Array.from({ length: count }, (_, n) => sequenceStats(data, n, taps, backend))
  const folds = Math.min(FOLDS, count)
  let alpha = RIDGE_GRID[0]
  if (folds >= 2) {
    const foldOf = (n: number) => n % folds
    const held = Array.from({ length: folds }, (_, f) => total(perSequence.filter((_, n) => foldOf(n) === f)))
    const fit = Array.from({ length: folds }, (_, f) => total(perSequence.filter((_, n) => foldOf(n) !== f)))
    let best = Infinity
    for (const a of RIDGE_GRID) {
      let sse = 0
      for (let f = 0; f < folds; f++) sse += decoderSse(held[f], ridgeSolve(fit[f], a * gramScale(fit[f]), ny, backend), ny).reduce((s, v) => s + v, 0)
      if (sse < best) {
        best = sse
        alpha = a
      }
    }
  }
  const all = total(perSequence)
  return { impulse: ridgeImpulse(ridgeSolve(all, alpha * gramScale(all), ny, backend), taps, nx, ny), alpha }
}
