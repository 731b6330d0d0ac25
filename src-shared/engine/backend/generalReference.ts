/**
 * The reference of the fused steps of a general single-input single-output student (Arena.generalSteps): plain loops
 * that sum in the order scripts/wasm/linearGeneral.as.ts does — a dot product as two lanes (even and odd terms) added
 * at the end plus an odd length's last term, every other sum term by term — so both give the same numbers.
 */
import { adamUpdate } from '../optim'
import type { GeneralStepArgs } from './types'

const even = (n: number): number => (n + 1) & ~1

/** ĥ (K, padded to even), e (K, padded), c (d, padded), R and S (K rows of d, padded), the effective a (d × d). */
export function generalScratchLength(d: number, K: number): number {
  return 2 * even(K) + 2 * even(d) * K + even(d) + d * d
}

interface Layout {
  e: number
  c: number
  R: number
  S: number
  a: number
  lag: number
}

function layout(d: number, K: number): Layout {
  const lag = even(d)
  const e = even(K)
  const c = 2 * even(K)
  const R = c + lag
  const S = R + lag * K
  return { e, c, R, S, a: S + lag * K, lag }
}

/** Σ_k x_k y_k over n terms as the kernel sums it. */
function dot(x: Readonly<Float64Array>, xo: number, y: Readonly<Float64Array>, yo: number, n: number): number {
  let l0 = 0
  let l1 = 0
  let k = 0
  for (; k + 1 < n; k += 2) {
    l0 += x[xo + k] * y[yo + k]
    l1 += x[xo + k + 1] * y[yo + k + 1]
  }
  let sum = l0 + l1
  if (n & 1) sum += x[xo + n - 1] * y[yo + n - 1]
  return sum
}

/** The effective a (scale·A, into the scratch) and c (scale·C, or scale·B when tied); returns a's array and offset. */
function effective(x: GeneralStepArgs, L: Layout): [Float64Array, number] {
  const { d, scale, params, work } = x
  const dd = d * d
  const cAt = x.balanced ? dd : dd + d
  for (let k = 0; k < d; k++) work[L.c + k] = scale * params[cAt + k]
  for (let i = 0; i < dd; i++) work[L.a + i] = scale * params[i]
  return [work, L.a]
}

/** R_j = a R_{j−1} from R_0 = b, ĥ_j = c·R_j into work[0, K), e_j = 2 w_j (ĥ_j − t_j); returns the loss. */
function forward(x: GeneralStepArgs, L: Layout): number {
  const { d, K, params, work } = x
  const [a, ao] = effective(x, L)
  for (let k = 0; k < d; k++) work[L.R + k] = params[d * d + k]
  for (let j = 1; j < K; j++) {
    for (let i = 0; i < d; i++) work[L.R + j * L.lag + i] = dot(a, ao + i * d, work, L.R + (j - 1) * L.lag, d)
  }
  let total = 0
  for (let j = 0; j < K; j++) {
    const h = dot(work, L.c, work, L.R + j * L.lag, d)
    work[j] = h
    const diff = h - x.labels[j]
    const w = x.weights[j]
    total += w * diff * diff
    work[L.e + j] = 2 * w * diff
  }
  return total
}

/**
 * Steps of a general SISO student on Σ_j w_j (ĥ_j − t_j)² (ĥ_j = c a^j b with a = scale·A, c = scale·(B when tied,
 * else C)): the loss into losses[step], then generalUpdate, until `until` or a loss not finite or below the threshold.
 */
export function generalSteps(x: GeneralStepArgs, from: number, until: number, lr: number): number {
  const L = layout(x.d, x.K)
  let step = from
  for (;;) {
    const value = forward(x, L)
    x.losses[step] = value
    if (step >= until || !Number.isFinite(value) || value < x.threshold) break
    generalUpdate(x, step, lr)
    step++
  }
  return step
}

/**
 * The gradient of the last forward pass by the adjoint s_{K−1} = e_{K−1} c, s_j = e_j c + aᵀ s_{j+1}: dA = Σ_{j≥1}
 * s_j R_{j−1}ᵀ, db = s_0, dc = Σ_j e_j R_j; the chain rule to the stored parameters (scale on A and C, the tie adds C's
 * path to B); then GD or optim.ts's Adam update.
 */
export function generalUpdate(x: GeneralStepArgs, step: number, lr: number): void {
  const { d, K, scale, params, grad, work } = x
  const L = layout(d, K)
  const dd = d * d
  if (K === 0) grad.fill(0)
  else {
    const top = L.S + (K - 1) * L.lag
    for (let k = 0; k < d; k++) work[top + k] = work[L.e + K - 1] * work[L.c + k]
    for (let j = K - 2; j >= 0; j--) {
      const e = work[L.e + j]
      const s = L.S + (j + 1) * L.lag
      for (let k = 0; k < d; k++) {
        let o = e * work[L.c + k]
        for (let i = 0; i < d; i++) o += work[L.a + i * d + k] * work[s + i]
        work[L.S + j * L.lag + k] = o
      }
    }
    for (let i = 0; i < d; i++) {
      for (let k = 0; k < d; k++) {
        let acc = 0
        for (let j = 1; j < K; j++) acc += work[L.S + j * L.lag + i] * work[L.R + (j - 1) * L.lag + k]
        grad[i * d + k] = scale * acc
      }
    }
    for (let k = 0; k < d; k++) {
      let dc = 0
      for (let j = 0; j < K; j++) dc += work[L.e + j] * work[L.R + j * L.lag + k]
      const db = work[L.S + k]
      if (x.balanced) grad[dd + k] = db + scale * dc
      else {
        grad[dd + k] = db
        grad[dd + d + k] = scale * dc
      }
    }
  }
  if (x.adam) adamUpdate(params, grad, x.adam.m, x.adam.v, step, lr, x.adam.beta1, x.adam.beta2, x.adam.eps)
  else for (let i = 0; i < params.length; i++) params[i] -= lr * grad[i]
}
