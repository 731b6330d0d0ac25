/**
 * The closed-form optimum of the Conv1D family on windowed data: ridge least squares over the T-step window
 * (a Wiener filter), ŷ_t = Σ_{j<T} L_j x_{t−j}. Not trained: it shows how far gradient descent is from the best
 * linear decoder. Normal equations come from lagged sums of the series, so stride-1 windows are never materialised.
 */
import type { Backend } from '../engine/backend'
import { choleskyInPlace } from './cholesky'

/** Sufficient statistics of windows ending at rows e0..e1 (inclusive) of a series: G = Σ f fᵀ, P = Σ f yᵀ, Σ y². */
export interface WindowStats {
  dim: number
  gram: Float64Array // (T n_x, T n_x), feature (j, a) = x_{t−j, a}
  cross: Float64Array // (T n_x, n_y)
  targetSq: Float64Array // (n_y)
  targetSum: Float64Array // (n_y)
  count: number
}

/**
 * x (rows, n_x), y (rows, n_y); windows of T bins whose last bins are e0..e1 (e0 ≥ T − 1). The lag sums and cross
 * terms are matrix products over time, run on the kernel backend's product.
 */
export function windowStats(x: Readonly<Float64Array>, nx: number, y: Readonly<Float64Array>, ny: number, T: number, e0: number, e1: number,
  backend: Backend): WindowStats {
  const dim = T * nx
  const lo = e0 - (T - 1)
  const span = e1 - lo + 1
  const arena = backend.arena(span * (nx + ny) + nx * nx + nx * ny)
  const xs = arena.alloc(span * nx)
  const ys = arena.alloc(span * ny)
  xs.set(x.subarray(lo * nx, (e1 + 1) * nx))
  ys.set(y.subarray(lo * ny, (e1 + 1) * ny))
  const block = arena.alloc(nx * nx)
  const crossBlock = arena.alloc(nx * ny)
  // S_d[b, a] = Σ_{s=lo}^{e1−d} x_{s,b} x_{s+d,a} (a (n_x × n_x) product over time); each Gram block (j, k ≥ j) is
  // S_{k−j} minus ≤ T − 1 edge terms.
  const S = new Float64Array(T * nx * nx)
  for (let d = 0; d < T; d++) {
    const count = span - d
    block.fill(0)
    arena.gemm(block, xs.subarray(0, count * nx), xs.subarray(d * nx, (d + count) * nx), nx, nx, count, true, false)
    S.set(block, d * nx * nx)
  }
  const gram = new Float64Array(dim * dim)
  for (let j = 0; j < T; j++) {
    for (let k = j; k < T; k++) {
      const d = k - j
      const so = d * nx * nx
      for (let a = 0; a < nx; a++) {
        for (let b = 0; b < nx; b++) {
          // G[(j,a),(k,b)] = Σ_{s=e0−k}^{e1−k} x_{s+d,a} x_{s,b}; remove s in [lo, e0−k−1] and [e1−k+1, e1−d].
          let v = S[so + b * nx + a]
          for (let s = lo; s < e0 - k; s++) v -= x[(s + d) * nx + a] * x[s * nx + b]
          for (let s = e1 - k + 1; s <= e1 - d; s++) v -= x[(s + d) * nx + a] * x[s * nx + b]
          gram[(j * nx + a) * dim + k * nx + b] = v
          gram[(k * nx + b) * dim + j * nx + a] = v
        }
      }
    }
  }
  // P[(j, a), o] = Σ_{t=e0}^{e1} x_{t−j,a} y_{t,o}: one (n_x × n_y) product per lag.
  const count = e1 - e0 + 1
  const yWin = ys.subarray((e0 - lo) * ny, (e0 - lo + count) * ny)
  const cross = new Float64Array(dim * ny)
  for (let j = 0; j < T; j++) {
    crossBlock.fill(0)
    const from = e0 - j - lo
    arena.gemm(crossBlock, xs.subarray(from * nx, (from + count) * nx), yWin, nx, ny, count, true, false)
    cross.set(crossBlock, j * nx * ny)
  }
  const targetSq = new Float64Array(ny)
  const targetSum = new Float64Array(ny)
  for (let t = e0; t <= e1; t++) {
    for (let o = 0; o < ny; o++) {
      const yt = y[t * ny + o]
      targetSq[o] += yt * yt
      targetSum[o] += yt
    }
  }
  return { dim, gram, cross, targetSq, targetSum, count }
}

/** Solve (G + λ I) W = P by Cholesky; W (dim, n_y). Throws when the system is not positive definite. */
export function ridgeSolve(stats: WindowStats, lambda: number, ny: number, backend: Backend): Float64Array {
  const n = stats.dim
  const L = Float64Array.from(stats.gram)
  for (let i = 0; i < n; i++) L[i * n + i] += lambda
  try {
    choleskyInPlace(L, n, backend)
  } catch {
    throw new Error(`ridge: the normal equations are not positive definite (λ = ${lambda}); raise options.ridgeLambda`)
  }
  const W = Float64Array.from(stats.cross)
  for (let o = 0; o < ny; o++) {
    for (let i = 0; i < n; i++) {
      let v = W[i * ny + o]
      for (let k = 0; k < i; k++) v -= L[i * n + k] * W[k * ny + o]
      W[i * ny + o] = v / L[i * n + i]
    }
    for (let i = n - 1; i >= 0; i--) {
      let v = W[i * ny + o]
      for (let k = i + 1; k < n; k++) v -= L[k * n + i] * W[k * ny + o]
      W[i * ny + o] = v / L[i * n + i]
    }
  }
  return W
}

/** Residual sum of squares per target of the decoder W (dim, n_y) on the summarised windows: Σy² − 2 wᵀP + wᵀGw. */
export function decoderSse(stats: WindowStats, W: Readonly<Float64Array>, ny: number): number[] {
  const n = stats.dim
  const out: number[] = []
  for (let o = 0; o < ny; o++) {
    let wGw = 0
    let wP = 0
    for (let i = 0; i < n; i++) {
      const wi = W[i * ny + o]
      if (wi === 0) continue
      wP += wi * stats.cross[i * ny + o]
      let g = 0
      const row = i * n
      for (let k = 0; k < n; k++) g += stats.gram[row + k] * W[k * ny + o]
      wGw += wi * g
    }
    out.push(stats.targetSq[o] - 2 * wP + wGw)
  }
  return out
}

/** R² per target from residual sums of squares (null for a target constant over these windows). */
export function r2FromSse(stats: WindowStats, sse: readonly number[]): Array<number | null> {
  return sse.map((res, o) => {
    const ssTot = stats.targetSq[o] - stats.targetSum[o] ** 2 / stats.count
    return ssTot > 1e-12 * stats.targetSq[o] ? 1 - res / ssTot : null
  })
}

/** L_j (T, n_y, n_x) from the ridge weights W (T n_x, n_y). */
export function ridgeImpulse(W: Readonly<Float64Array>, T: number, nx: number, ny: number): Float64Array {
  const L = new Float64Array(T * ny * nx)
  for (let j = 0; j < T; j++) for (let o = 0; o < ny; o++) for (let a = 0; a < nx; a++) L[(j * ny + o) * nx + a] = W[(j * nx + a) * ny + o]
  return L
}

/** Mean diagonal of the Gram matrix per window: the scale ridge penalties are expressed in. */
export function gramScale(stats: WindowStats): number {
  let tr = 0
  for (let i = 0; i < stats.dim; i++) tr += stats.gram[i * stats.dim + i]
  return tr / stats.dim
}

/** The decoder weights (T n_x, n_y) of a filter L (K ≤ T taps, (K, n_y, n_x)): the inverse of ridgeImpulse. */
export function impulseToDecoder(W: Float64Array, L: Readonly<Float64Array>, taps: number, nx: number, ny: number): Float64Array {
  W.fill(0)
  for (let j = 0; j < taps; j++) for (let o = 0; o < ny; o++) for (let a = 0; a < nx; a++) W[(j * nx + a) * ny + o] = L[(j * ny + o) * nx + a]
  return W
}

/** Window statistics of two disjoint sets of windows add up: stats of their union. */
export function addStats(a: WindowStats, b: WindowStats): WindowStats {
  const sum = (x: Float64Array, y: Float64Array) => x.map((v, i) => v + y[i])
  return { dim: a.dim, gram: sum(a.gram, b.gram), cross: sum(a.cross, b.cross), targetSq: sum(a.targetSq, b.targetSq), targetSum: sum(a.targetSum, b.targetSum), count: a.count + b.count }
}
