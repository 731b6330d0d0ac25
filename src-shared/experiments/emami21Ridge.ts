/**
 * The ridge decoder beside EMAMI21 Table 1's trained models: its penalty chosen by K-fold cross-validation over the
 * training windows (contiguous blocks, no bin shared between a block and the rest), refitted on every training
 * window and scored on the test windows. The cross-validated R² also says, before any model trains, whether the
 * recording can be decoded linearly at all.
 */
import type { Backend } from '../engine/backend'
import { addStats, decoderSse, gramScale, ridgeSolve, type WindowStats, windowStats } from '../metrics/wienerFilter'

/**
 * The least-squares decoder on these windows (a penalty of 1e-9 of the Gram's mean diagonal, for rounding only), or
 * null where the windows do not determine it (fewer windows than features, or collinear ones).
 */
export function leastSquares(stats: WindowStats, ny: number, backend: Backend): Float64Array | null {
  if (stats.count <= stats.dim) return null
  try {
    return ridgeSolve(stats, 1e-9 * gramScale(stats), ny, backend)
  } catch {
    return null
  }
}

/** Ridge penalties tried, relative to the mean diagonal of the Gram matrix. */
export const RIDGE_GRID = [1e-3, 1e-2, 0.1, 0.3, 1]
/** Contiguous folds of the training windows. */
export const RIDGE_FOLDS = 3

export interface RidgeChoice {
  alpha: number
  /** Cross-validated R² per output at alpha (null where the output is constant on the training windows). */
  cvR2: Array<number | null>
  /** Weights (T n_x, n_y) refitted on every training window. */
  W: Float64Array
}

/** Per output: 1 − pooled held-out SSE / pooled SS around each fold's mean; null where the targets do not vary. */
function pooledR2(folds: readonly WindowStats[], sse: readonly number[][], ny: number): Array<number | null> {
  return Array.from({ length: ny }, (_, o) => {
    let res = 0
    let tot = 0
    let sq = 0
    folds.forEach((f, k) => {
      res += sse[k][o]
      tot += f.targetSq[o] - f.targetSum[o] ** 2 / f.count
      sq += f.targetSq[o]
    })
    return tot > 1e-12 * sq ? 1 - res / tot : null
  })
}

/**
 * x (rows, n_x), y (rows, n_y); training windows end at e0..e1; `train` their statistics. A fixed penalty
 * (options.ridgeLambda) skips the search but is still cross-validated, for the decodability check.
 */
export function ridgeByFolds(x: Readonly<Float64Array>, nx: number, y: Readonly<Float64Array>, ny: number, T: number, e0: number, e1: number, train: WindowStats, fixed: number | null, backend: Backend): RidgeChoice {
  const first = e0 - (T - 1)
  const bins = e1 - first + 1
  if (bins < RIDGE_FOLDS * 2 * T) throw new Error(`data: ${e1 - e0 + 1} training windows are too few to cross-validate the ridge penalty (${RIDGE_FOLDS} folds of at least ${2 * T} bins)`)
  // Fold k holds the windows whose bins all lie in its block of bins.
  const edges = Array.from({ length: RIDGE_FOLDS + 1 }, (_, k) => first + Math.floor((k * bins) / RIDGE_FOLDS))
  const folds = Array.from({ length: RIDGE_FOLDS }, (_, k) => windowStats(x, nx, y, ny, T, edges[k] + T - 1, edges[k + 1] - 1, backend))
  const rests = folds.map((_, k) => folds.filter((_, j) => j !== k).reduce((a, b) => addStats(a, b)))
  const score = (alpha: number) => {
    const sse = folds.map((f, k) => decoderSse(f, ridgeSolve(rests[k], alpha * gramScale(rests[k]), ny, backend), ny))
    return pooledR2(folds, sse, ny)
  }
  const meanOf = (r2: Array<number | null>) => {
    const v = r2.filter((r): r is number => r !== null)
    return v.length ? v.reduce((s, r) => s + r, 0) / v.length : -Infinity
  }
  let alpha = fixed ?? RIDGE_GRID[0]
  let cvR2 = score(alpha)
  if (fixed === null) {
    for (const a of RIDGE_GRID.slice(1)) {
      const r2 = score(a)
      if (meanOf(r2) > meanOf(cvR2)) {
        alpha = a
        cvR2 = r2
      }
    }
  }
  return { alpha, cvR2, W: ridgeSolve(train, alpha * gramScale(train), ny, backend) }
}

/** A clear failure when ridge decodes nothing (cross-validated R² ≤ 0 on every output that varies), else null. */
export function undecodable(cvR2: ReadonlyArray<number | null>, targets: readonly string[]): string | null {
  const scored = cvR2.map((r, o) => ({ r, t: targets[o] })).filter((s): s is { r: number; t: string } => s.r !== null)
  if (scored.length === 0) return `data: every target column (${targets.join(', ')}) is constant on the training rows; there is nothing to decode`
  if (scored.some((s) => s.r > 0)) return null
  const shown = scored.map((s) => `${s.t} ${s.r.toFixed(3)}`).join(', ')
  return `data: ridge decodes nothing from this recording (cross-validated R² on the training windows ≤ 0 on every output: ${shown}); the models were not trained. Check the target columns, the window length data.length, or the neurons' alignment with behaviour`
}
