/**
 * Linear 1-D convolution over time (EMAMI21 eq. 5, 8): y_t = Σ_{j≤t} L_j x_{t−j}, with L_j (n_y, n_x), MIMO.
 * Conv1D trains the L_j directly; the scaled Conv1D trains θ_j with L_j = √ρ_j θ_j (eq. 7), ρ_j from eq. 21.
 * This is also stage 1 of the linear RNN's gradient: the RNN is this model evaluated at its impulse response.
 */
import type { Arena, Backend } from './backend'
import type { Reduction } from './linearLoss'

export interface Conv1dDims {
  /** Number of taps K (L_0 .. L_{K−1}); sequences may be longer, later lags are then zero. */
  taps: number
  /** Sequence length T. */
  length: number
  inputs: number
  outputs: number
  /** 'every': outputs at every step (EMAMI21 Fig. 1, 3, 4); 'last': only y_{T−1} (windows ending at a target). */
  target: 'every' | 'last'
}

/** Outputs per sequence: T (every) or 1 (last). */
export function conv1dOutputSteps(dims: Conv1dDims): number {
  return dims.target === 'every' ? dims.length : 1
}

/**
 * y (batch, T or 1, n_y) = the convolution of x (batch, T, n_x) with L (K, n_y, n_x). Overwrites y.
 * Cost batch · T · min(T, K) · n_y · n_x (every) or batch · min(T, K) · n_y · n_x (last).
 */
export function conv1dForward(y: Float64Array, x: Readonly<Float64Array>, L: Readonly<Float64Array>, dims: Conv1dDims, batch: number): void {
  const { taps: K, length: T, inputs: nx, outputs: ny } = dims
  const steps = conv1dOutputSteps(dims)
  const t0 = T - steps
  const slab = ny * nx
  y.fill(0, 0, batch * steps * ny)
  for (let b = 0; b < batch; b++) {
    const xb = b * T * nx
    for (let s = 0; s < steps; s++) {
      const t = t0 + s
      const yo = (b * steps + s) * ny
      const jmax = Math.min(t, K - 1)
      for (let j = 0; j <= jmax; j++) {
        const xo = xb + (t - j) * nx
        const lo = j * slab
        for (let o = 0; o < ny; o++) {
          let acc = 0
          const lr = lo + o * nx
          for (let i = 0; i < nx; i++) acc += L[lr + i] * x[xo + i]
          y[yo + o] += acc
        }
      }
    }
  }
}

/** dL_j += Σ_{b, t ≥ j} dy_t x_{t−j}ᵀ (ACCUMULATES). dy has the layout of conv1dForward's y. */
export function conv1dBackward(dL: Float64Array, dy: Readonly<Float64Array>, x: Readonly<Float64Array>, dims: Conv1dDims, batch: number): void {
  const { taps: K, length: T, inputs: nx, outputs: ny } = dims
  const steps = conv1dOutputSteps(dims)
  const t0 = T - steps
  const slab = ny * nx
  for (let b = 0; b < batch; b++) {
    const xb = b * T * nx
    for (let s = 0; s < steps; s++) {
      const t = t0 + s
      const yo = (b * steps + s) * ny
      const jmax = Math.min(t, K - 1)
      for (let j = 0; j <= jmax; j++) {
        const xo = xb + (t - j) * nx
        const lo = j * slab
        for (let o = 0; o < ny; o++) {
          const g = dy[yo + o]
          if (g === 0) continue
          const lr = lo + o * nx
          for (let i = 0; i < nx; i++) dL[lr + i] += g * x[xo + i]
        }
      }
    }
  }
}

/**
 * The last-step convolution (one output per window, the decoding windows of EMAMI21 Table 1) as two thin products on
 * a kernel arena: with the taps reversed in time, Lrev[o, t] = L_{T−1−t}[o], the prediction is ŷ = X Lrevᵀ over each
 * window's T·n_x values and the gradient dLrev = dyᵀ X, in the SIMD kernels instead of nested loops (the same sums
 * as conv1dForward/conv1dBackward in another order). Write the batch into `x`; `y` and `dy` are the arena's too.
 */
export class LastStepConv1d {
  readonly x: Float64Array // (batch, T, n_x)
  readonly y: Float64Array // (batch, n_y)
  readonly dy: Float64Array // (batch, n_y)
  private readonly rev: Float64Array // (n_y, T, n_x)
  private readonly arena: Arena
  private readonly width: number

  constructor(private readonly dims: Conv1dDims, private readonly batch: number, backend: Backend) {
    if (dims.target !== 'last') throw new Error('LastStepConv1d: the target must be the last step')
    const { length: T, inputs: nx, outputs: ny } = dims
    this.width = T * nx
    this.arena = backend.arena(batch * this.width + 2 * batch * ny + ny * this.width + 64)
    this.x = this.arena.alloc(batch * this.width)
    this.y = this.arena.alloc(batch * ny)
    this.dy = this.arena.alloc(batch * ny)
    this.rev = this.arena.alloc(ny * this.width)
  }

  /** y = the predictions of the taps L (K, n_y, n_x) for the windows in x; returns y. */
  forward(L: Readonly<Float64Array>): Float64Array {
    const { length: T, taps: K, inputs: nx, outputs: ny } = this.dims
    const rev = this.rev
    rev.fill(0)
    for (let t = 0; t < T; t++) {
      const j = T - 1 - t
      if (j >= K) continue
      for (let o = 0; o < ny; o++) for (let i = 0; i < nx; i++) rev[(o * T + t) * nx + i] = L[(j * ny + o) * nx + i]
    }
    this.y.fill(0)
    this.arena.gemm(this.y, this.x, rev, this.batch, ny, this.width, false, true)
    return this.y
  }

  /** dL += ∂loss/∂L from this.dy (ACCUMULATES, as conv1dBackward). */
  backward(dL: Float64Array): void {
    const { length: T, taps: K, inputs: nx, outputs: ny } = this.dims
    const rev = this.rev
    rev.fill(0)
    this.arena.gemm(rev, this.dy, this.x, ny, this.width, this.batch, true, false)
    for (let t = 0; t < T; t++) {
      const j = T - 1 - t
      if (j >= K) continue
      for (let o = 0; o < ny; o++) for (let i = 0; i < nx; i++) dL[(j * ny + o) * nx + i] += rev[(o * T + t) * nx + i]
    }
  }
}

/**
 * EMAMI21 eq. 21: ρ_j = ν_C (j ν_F ν_W^{j−1} + ν_W^j) + ν_F ν_W^j, the NTK weight of lag j for the width-scaled RNN
 * with W ~ N(0, ν_W), F ~ N(0, ν_F), C ~ N(0, ν_C). The j ν_W^{j−1} term is written j = 0 → 0 so that ν_W = 0 works.
 */
export function emami21Rho(taps: number, nuW: number, nuF: number, nuC: number): Float64Array {
  const rho = new Float64Array(taps)
  for (let j = 0; j < taps; j++) {
    const pj = nuW ** j
    const dj = j === 0 ? 0 : j * nuW ** (j - 1)
    rho[j] = nuC * (nuF * dj + pj) + nuF * pj
  }
  return rho
}

/** Scaled Conv1D forward of the parameterisation (eq. 7): L_j = √ρ_j θ_j, L and θ both (K, n_y, n_x). */
export function scaledImpulseForward(L: Float64Array, theta: Readonly<Float64Array>, rho: Readonly<Float64Array>, slab: number): void {
  for (let j = 0; j < rho.length; j++) {
    const s = Math.sqrt(rho[j])
    for (let i = j * slab; i < (j + 1) * slab; i++) L[i] = s * theta[i]
  }
}

/** dθ_j += √ρ_j dL_j (ACCUMULATES). */
export function scaledImpulseBackward(dTheta: Float64Array, dL: Readonly<Float64Array>, rho: Readonly<Float64Array>, slab: number): void {
  for (let j = 0; j < rho.length; j++) {
    const s = Math.sqrt(rho[j])
    for (let i = j * slab; i < (j + 1) * slab; i++) dTheta[i] += s * dL[i]
  }
}

/** θ_j = L_j / √ρ_j: the scaled Conv1D that computes the same function as L (EMAMI21 App. B.4, eq. 58). */
export function scaledThetaFromImpulse(theta: Float64Array, L: Readonly<Float64Array>, rho: Readonly<Float64Array>, slab: number): void {
  for (let j = 0; j < rho.length; j++) {
    if (!(rho[j] > 0)) throw new Error(`scaled Conv1D: ρ_${j} = ${rho[j]} must be positive (check ν_W, ν_F, ν_C)`)
    const s = 1 / Math.sqrt(rho[j])
    for (let i = j * slab; i < (j + 1) * slab; i++) theta[i] = s * L[i]
  }
}

/**
 * Squared error between predictions and targets (same length); writes dLoss/dpred into dPred (overwrites) and
 * returns the loss. mean: Σ r² / count (the EMAMI21 "MSE"); sum: Σ r² (their lr 1e-4 is for this one).
 */
export function squaredErrorLoss(dPred: Float64Array | null, pred: Readonly<Float64Array>, target: Readonly<Float64Array>, count: number, reduction: Reduction): number {
  const scale = reduction === 'mean' ? 1 / count : 1
  let loss = 0
  for (let i = 0; i < count; i++) {
    const r = pred[i] - target[i]
    loss += r * r
    if (dPred) dPred[i] = 2 * scale * r
  }
  return loss * scale
}
