/**
 * Stage 1 of every linear gradient: the loss as a function of the impulse response ĥ_j (j < K) and its gradient
 * G_j = dL/dĥ_j (K, n_y, n_x). Population loss, and empirical loss on sequences (direct convolution or sufficient
 * statistics). Stage 2 (G → dA, dB, dC) is impulseResponseBackward in linearRnn.ts. These functions OVERWRITE G.
 */
import type { SequenceData, TargetKind } from './sequenceData'

export type Reduction = 'mean' | 'sum'

/**
 * Population loss for whitened Gaussian inputs (AISTATS22 Lemma 3.1, ICLR23 eq. 3.4): a last-step target at length K
 * gives E||y − ŷ||² = Σ_{j<K} ||ĥ_j − h_j||²_F. Every-step targets add the lengths 1..K, so lag j is counted (K − j)
 * times. reduction 'mean' is the expectation of the empirical 'mean' loss (divided by n_y, and by K for every step),
 * 'sum' the expected per-sequence sum; both equal ICLR23 eq. 3.4 for one output and a last-step target.
 * `factor` multiplies the loss (data.lossScale: 0.5 gives AISTATS22 eq. 4).
 */
export function populationLoss(
  G: Float64Array,
  hStudent: Readonly<Float64Array>,
  hTeacher: Readonly<Float64Array>,
  K: number,
  outputs: number,
  inputs: number,
  target: TargetKind,
  reduction: Reduction,
  factor = 1,
): number {
  const slab = outputs * inputs
  const scale = populationScale(K, outputs, target, reduction, factor)
  let loss = 0
  for (let j = 0; j < K; j++) {
    const w = lagWeight(scale, j, K, target)
    for (let e = j * slab; e < (j + 1) * slab; e++) {
      const diff = hStudent[e] - hTeacher[e]
      loss += w * diff * diff
      G[e] = 2 * w * diff
    }
  }
  return loss
}

function populationScale(K: number, outputs: number, target: TargetKind, reduction: Reduction, factor: number): number {
  return factor * (reduction === 'sum' ? 1 : 1 / (outputs * (target === 'every' ? K : 1)))
}

/** The weight of lag j in the population loss: every-step targets count lag j once per length that reaches it. */
function lagWeight(scale: number, j: number, K: number, target: TargetKind): number {
  return scale * (target === 'every' ? K - j : 1)
}

/** The population loss's weights w_j (j < K): populationLoss = Σ_j w_j ||ĥ_j − h_j||²_F. */
export function populationLagWeights(K: number, outputs: number, target: TargetKind, reduction: Reduction, factor = 1): Float64Array {
  const scale = populationScale(K, outputs, target, reduction, factor)
  return Float64Array.from({ length: K }, (_, j) => lagWeight(scale, j, K, target))
}

/** Number of supervised outputs per sequence. */
function supervisedSteps(data: Readonly<SequenceData>): number {
  return data.target === 'last' ? 1 : data.length
}

function reductionScale(data: Readonly<SequenceData>, reduction: Reduction, factor: number): number {
  return factor * (reduction === 'sum' ? 1 : 1 / (data.count * supervisedSteps(data) * data.outputs))
}

/**
 * Empirical squared error by direct convolution: ŷ_{n,t} = Σ_{j≤t} ĥ_j x_{n,t−j} (the linear RNN's output at step t,
 * 0-indexed, from s_0 = 0). Cost O(N T K n_x n_y); needs ĥ for K = data.length lags. `factor` multiplies the loss.
 */
export function empiricalLossDirect(G: Float64Array, hStudent: Readonly<Float64Array>, data: Readonly<SequenceData>, reduction: Reduction, factor = 1): number {
  const { count, length, inputs: nx, outputs: ny } = data
  const slab = nx * ny
  const scale = reductionScale(data, reduction, factor)
  G.fill(0, 0, length * slab)
  let loss = 0
  const t0 = data.target === 'last' ? length - 1 : 0
  for (let n = 0; n < count; n++) {
    for (let t = t0; t < length; t++) {
      const yo = (n * length + t) * ny
      for (let o = 0; o < ny; o++) {
        let yhat = 0
        for (let j = 0; j <= t; j++) {
          const xo = (n * length + t - j) * nx
          const ho = j * slab + o * nx
          for (let i = 0; i < nx; i++) yhat += hStudent[ho + i] * data.x[xo + i]
        }
        const err = yhat - data.y[yo + o]
        loss += err * err
        const g = 2 * scale * err
        for (let j = 0; j <= t; j++) {
          const xo = (n * length + t - j) * nx
          const go = j * slab + o * nx
          for (let i = 0; i < nx; i++) G[go + i] += g * data.x[xo + i]
        }
      }
    }
  }
  return scale * loss
}

/**
 * Sufficient statistics of a fixed data set for the linear model: with Σ_ij = Σ_{n,t} x_{t−i} x_{t−j}ᵀ,
 * r_j = Σ_{n,t} y_t x_{t−j}ᵀ and c = Σ ||y_t||² (sums over supervised outputs),
 * L = scale (c − 2 Σ_j ⟨ĥ_j, r_j⟩ + Σ_ij ⟨ĥ_i Σ_ij, ĥ_j⟩) and G_j = 2 scale (Σ_i ĥ_i Σ_ij − r_j).
 * A step then costs O(K² n_x² n_y), independent of the number of sequences.
 */
interface SufficientStats {
  K: number
  inputs: number
  outputs: number
  scale: number
  yy: number
  xx: Float64Array // (K, K, n_x, n_x): Σ_ij
  yx: Float64Array // (K, n_y, n_x): r_j
  prod: Float64Array // (K, n_y, n_x) scratch: Σ_i ĥ_i Σ_ij
}

export function sufficientStats(data: Readonly<SequenceData>, reduction: Reduction, factor = 1): SufficientStats {
  const { count, length: K, inputs: nx, outputs: ny } = data
  const xx = new Float64Array(K * K * nx * nx)
  const yx = new Float64Array(K * ny * nx)
  let yy = 0
  const t0 = data.target === 'last' ? K - 1 : 0
  for (let n = 0; n < count; n++) {
    for (let t = t0; t < K; t++) {
      const yo = (n * K + t) * ny
      for (let o = 0; o < ny; o++) yy += data.y[yo + o] ** 2
      for (let i = 0; i <= t; i++) {
        const xi = (n * K + t - i) * nx
        for (let o = 0; o < ny; o++) {
          const y = data.y[yo + o]
          for (let a = 0; a < nx; a++) yx[(i * ny + o) * nx + a] += y * data.x[xi + a]
        }
        // Σ_ij for j ≥ i only; the lower blocks are transposes, filled below.
        for (let j = i; j <= t; j++) {
          const xj = (n * K + t - j) * nx
          const blk = (i * K + j) * nx * nx
          for (let a = 0; a < nx; a++) {
            const v = data.x[xi + a]
            for (let b = 0; b < nx; b++) xx[blk + a * nx + b] += v * data.x[xj + b]
          }
        }
      }
    }
  }
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < i; j++) {
      const lo = (i * K + j) * nx * nx
      const up = (j * K + i) * nx * nx
      for (let a = 0; a < nx; a++) for (let b = 0; b < nx; b++) xx[lo + a * nx + b] = xx[up + b * nx + a]
    }
  }
  return { K, inputs: nx, outputs: ny, scale: reductionScale(data, reduction, factor), yy, xx, yx, prod: new Float64Array(K * ny * nx) }
}

export function sufficientStatsLoss(G: Float64Array, hStudent: Readonly<Float64Array>, st: SufficientStats): number {
  const { K, inputs: nx, outputs: ny, xx, yx, prod, scale } = st
  const slab = ny * nx
  prod.fill(0)
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const blk = (i * K + j) * nx * nx
      for (let o = 0; o < ny; o++) {
        const ho = i * slab + o * nx
        const po = j * slab + o * nx
        for (let a = 0; a < nx; a++) {
          const h = hStudent[ho + a]
          if (h === 0) continue
          for (let b = 0; b < nx; b++) prod[po + b] += h * xx[blk + a * nx + b]
        }
      }
    }
  }
  let quad = 0
  let lin = 0
  for (let e = 0; e < K * slab; e++) {
    quad += prod[e] * hStudent[e]
    lin += yx[e] * hStudent[e]
    G[e] = 2 * scale * (prod[e] - yx[e])
  }
  return scale * (st.yy - 2 * lin + quad)
}

/**
 * Which empirical evaluation is cheaper for a fixed full batch: statistics cost K² n_x² n_y per step (plus one
 * pass over the data to build), the convolution N T_sup K n_x n_y.
 */
export function preferSufficientStats(data: Readonly<SequenceData>, steps: number): boolean {
  const K = data.length
  const perStepDirect = data.count * supervisedSteps(data) * K * data.inputs * data.outputs
  const perStepStats = K * K * data.inputs * data.inputs * data.outputs
  const build = (data.count * supervisedSteps(data) * K * K * data.inputs * data.inputs) / 2
  return perStepStats < perStepDirect && build + steps * perStepStats < steps * perStepDirect
}
