/**
 * Linear RNN s_{t+1} = A s_t + B x_{t+1}, y_t = C s_t, seen through its impulse response ĥ_j = C A^j B (stage 2 of
 * every linear gradient: from dL/dĥ_j to dL/dA, dB, dC). Losses (stage 1) live in linearLoss.ts; nothing here
 * touches data, so a training step never unrolls a batch through the d-dimensional state.
 */
import type { DenseLinear } from '../teachers/linearTeacher'
import { referenceBackend, type Arena, type Backend } from './backend'
import {
  diagonalBackward,
  diagonalForward,
  diagonalSisoBackward,
  diagonalSisoForward,
  leftCarryBackward,
  leftCarryForward,
  rightCarryBackward,
  rightCarryForward,
  type EffectiveGrads,
  type EffectiveSystem,
  type ImpulseShape,
  type LeftCarry,
  type RightCarry,
} from './impulseKernels'

/** A named slice of a flat parameter buffer (optimisers, snapshots and gradient checks loop over these). */
export interface TensorView {
  name: string
  offset: number
  length: number
}

export type Parameterization = 'general' | 'symmetric' | 'diagonal'

export interface LinearDims {
  /** State dimension d (student.width). */
  width: number
  inputs: number
  outputs: number
  /**
   * general: A is free. symmetric: the buffer holds P (d, d) and A = (P + Pᵀ)/2, so the exact gradient is the
   * symmetrised one, (G + Gᵀ)/2. diagonal: the buffer holds the d diagonal entries of A.
   */
  parameterization: Parameterization
  /** Tie B = Cᵀ (ICLR23 balanced student): only B is stored; its gradient is the sum over both paths. */
  balanced: boolean
  /** EMAMI21 width scaling: the model uses A/√d and C/√d. */
  widthScaling: boolean
}

/** Named views into one parameter buffer. `C` aliases nothing when balanced (it is Bᵀ then): it has length 0. */
export interface LinearParams {
  buffer: Float64Array
  A: Float64Array // (d, d), or (d) when diagonal
  B: Float64Array // (d, n_x)
  C: Float64Array // (n_y, d); empty when balanced
  views: TensorView[]
}

/** The factor EMAMI21 width scaling puts on A and C (1/√d), or 1. */
export function widthScale(dims: LinearDims): number {
  return dims.widthScaling ? 1 / Math.sqrt(dims.width) : 1
}

export function linearParamCount(dims: LinearDims): number {
  const d = dims.width
  const a = dims.parameterization === 'diagonal' ? d : d * d
  return a + d * dims.inputs + (dims.balanced ? 0 : dims.outputs * d)
}

function checkLinearDims(dims: LinearDims): void {
  if (dims.balanced && dims.inputs !== dims.outputs) {
    throw new Error(`student.balanced: B = Cᵀ needs as many inputs as outputs (n_x = ${dims.inputs}, n_y = ${dims.outputs})`)
  }
}

/** Views over `buffer` (allocated when omitted) in the order A, B, C. */
export function linearParams(dims: LinearDims, buffer: Float64Array = new Float64Array(linearParamCount(dims))): LinearParams {
  checkLinearDims(dims)
  const d = dims.width
  const aLen = dims.parameterization === 'diagonal' ? d : d * d
  const bLen = d * dims.inputs
  const cLen = dims.balanced ? 0 : dims.outputs * d
  const views: TensorView[] = [
    { name: 'A', offset: 0, length: aLen },
    { name: 'B', offset: aLen, length: bLen },
  ]
  if (cLen) views.push({ name: 'C', offset: aLen + bLen, length: cLen })
  return {
    buffer,
    A: buffer.subarray(0, aLen),
    B: buffer.subarray(aLen, aLen + bLen),
    C: buffer.subarray(aLen + bLen, aLen + bLen + cLen),
    views,
  }
}

/**
 * Scratch for one model and horizon, allocated once per run. The carry goes right (R_j = A^j B, (d, n_x)) when
 * n_x < n_y, else left (L_j = C A^j, (n_y, d)), so a step costs O(K d² min(n_x, n_y)) for a general A. The left
 * carry's matrices live in a kernel arena (WebAssembly SIMD when the horizon has more than one lag), so its sweeps
 * over A and its single dA product run in place without copies: a tie (one input, one output) goes left for that,
 * about 3× faster than the right carry's plain loops at width 50.
 */
export interface ImpulseCache {
  horizon: number
  /** d, n_x, n_y and the horizon K of the last forward pass (≤ horizon). */
  shape: ImpulseShape
  carryRight: boolean
  /** The system of the last forward pass: A symmetrised and width-scaled, B the parameters' own view, C = Bᵀ when balanced. */
  system: EffectiveSystem
  grads: EffectiveGrads
  right: RightCarry
  left: LeftCarry
  arena: Arena
  /** The cache's own effective A (the left carry reads the parameters' A in place instead when they are arenaParams). */
  effectiveA: Float64Array
  /** The buffer of the parameters allocated in this cache's arena (arenaParams), if any. */
  arenaParams: Float64Array | null
}

/** Doubles a WebAssembly arena may hold (2 GB, within every engine's 32-bit memory); wider caches use plain arrays. */
const WASM_ARENA_LIMIT = 2 ** 28

/**
 * `withParams` reserves room for the model's parameters in the arena (arenaParams): a wide general student on the
 * left carry then reads its A in place each step and can take its gradient step inside the backward product
 * (impulseResponseDescend), touching one d × d matrix a step instead of four.
 */
export function makeImpulseCache(dims: LinearDims, horizon: number, backend: Backend, withParams = false): ImpulseCache {
  const { width: d, inputs: nx, outputs: ny } = dims
  const diagonal = dims.parameterization === 'diagonal'
  const aLen = diagonal ? d : d * d
  const carryRight = nx < ny
  const left = !diagonal && !carryRight
  const right = !diagonal && carryRight
  const leftSlab = ny * d
  const leftLen = left ? horizon * leftSlab : 0
  const copyLen = left ? d * nx + horizon * ny * nx : 0
  const capacity = 2 * aLen + 2 * leftLen + (left ? leftSlab : 0) + copyLen + d * nx + (withParams ? linearParamCount(dims) : 0) + 64
  // only the left carry's products use the arena's kernels: elsewhere plain arrays do
  const arena = (left && horizon > 1 && capacity <= WASM_ARENA_LIMIT ? backend : referenceBackend).arena(capacity)
  const A = arena.alloc(aLen)
  return {
    effectiveA: A,
    arenaParams: null,
    horizon,
    shape: { d, nx, ny, K: 0 },
    carryRight,
    system: { A, B: new Float64Array(0), C: new Float64Array(ny * d) },
    right: {
      R: new Float64Array(right ? horizon * d * nx : 0),
      lam: new Float64Array(right ? d * nx : 0),
      next: new Float64Array(right ? d * nx : 0),
    },
    left: {
      L: arena.alloc(leftLen),
      M: arena.alloc(leftLen),
      Mt: arena.alloc(left ? leftSlab : 0),
      Bs: arena.alloc(left ? d * nx : 0),
      slabs: arena.alloc(left ? horizon * ny * nx : 0),
      arena,
      aScale: 1,
    },
    grads: { dA: arena.alloc(aLen), dB: arena.alloc(d * nx), dC: new Float64Array(ny * d) },
    arena,
  }
}

/**
 * The matrices the model actually applies, into cache.system: A (symmetrised, width-scaled), C (= Bᵀ when balanced,
 * width-scaled). The forward pass calls it; a trainer whose steps ran elsewhere calls it before reading cache.system.
 */
export function effectiveSystem(cache: ImpulseCache, p: LinearParams, dims: LinearDims): void {
  const { width: d, outputs: ny } = dims
  const scale = widthScale(dims)
  cache.system.B = p.B
  cache.left.aScale = 1
  cache.system.A = cache.effectiveA
  const A = cache.system.A
  if (readsParamsInPlace(cache, p, dims)) {
    // the left carry applies the width scaling itself (LeftCarry.aScale)
    cache.system.A = p.A
    cache.left.aScale = scale
  } else if (dims.parameterization === 'symmetric') {
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) A[i * d + j] = 0.5 * scale * (p.A[i * d + j] + p.A[j * d + i])
  } else {
    for (let i = 0; i < A.length; i++) A[i] = scale * p.A[i]
  }
  const C = cache.system.C
  if (dims.balanced) {
    for (let o = 0; o < ny; o++) for (let s = 0; s < d; s++) C[o * d + s] = scale * p.B[s * ny + o]
  } else {
    for (let i = 0; i < C.length; i++) C[i] = scale * p.C[i]
  }
}

/** A general student on the left carry whose parameters live in the cache's arena reads its A in place. */
function readsParamsInPlace(cache: ImpulseCache, p: LinearParams, dims: LinearDims): boolean {
  return cache.arenaParams === p.buffer && dims.parameterization === 'general' && !cache.carryRight
}

/** Parameters allocated in the cache's arena (makeImpulseCache with `withParams`), zeroed. */
export function arenaParams(cache: ImpulseCache, dims: LinearDims): LinearParams {
  const params = linearParams(dims, cache.arena.alloc(linearParamCount(dims)))
  cache.arenaParams = params.buffer
  return params
}

/** ĥ_j = C A^j B for j < K, written to h (K, n_y, n_x). Fills the cache for impulseResponseBackward. */
export function impulseResponseForward(h: Float64Array, cache: ImpulseCache, p: LinearParams, dims: LinearDims, K: number): void {
  if (K > cache.horizon) throw new Error(`impulse response horizon ${K} exceeds the cache's ${cache.horizon}`)
  cache.shape.K = K
  effectiveSystem(cache, p, dims)
  const { system, shape } = cache
  if (dims.parameterization === 'diagonal') {
    if (shape.nx === 1 && shape.ny === 1) diagonalSisoForward(h, system, shape)
    else diagonalForward(h, system, shape)
  } else if (cache.carryRight) {
    rightCarryForward(h, cache.right, system, shape)
  } else {
    leftCarryForward(h, cache.left, system, shape)
  }
}

/**
 * Backprop dL/dĥ_j = G_j (K, n_y, n_x) to the parameters; ACCUMULATES into dp (a gradient buffer with the same
 * layout as the parameters). Needs the cache of the forward pass at the same parameters and horizon.
 * Right carry R_j = A^j B: adjoint Λ_j = Cᵀ G_j + Aᵀ Λ_{j+1}, dA = Σ_{j≥1} Λ_j R_{j−1}ᵀ, dB = Λ_0, dC = Σ G_j R_jᵀ.
 * Left carry L_j = C A^j: adjoint M_j = G_j Bᵀ + M_{j+1} Aᵀ, dA = Σ_{j≥1} L_{j−1}ᵀ M_j, dC = M_0, dB = Σ L_jᵀ G_j.
 */
export function impulseResponseBackward(dp: LinearParams, G: Readonly<Float64Array>, p: LinearParams, dims: LinearDims, cache: ImpulseCache): void {
  const { system, shape, grads } = cache
  system.B = p.B // a view, not a copy: the parameters' B is the effective one
  if (dims.parameterization === 'diagonal') {
    if (shape.nx === 1 && shape.ny === 1) diagonalSisoBackward(grads, G, system, shape)
    else diagonalBackward(grads, G, system, shape)
  } else if (cache.carryRight) {
    rightCarryBackward(grads, G, cache.right, system, shape)
  } else {
    leftCarryBackward(grads, G, cache.left, system, shape)
  }
  accumulateParamGrads(dp, cache, dims)
}

/**
 * One plain gradient step p −= lr ∂L/∂p from dL/dĥ = G, for a general student on the left carry whose parameters
 * are arenaParams: A's step is added inside the backward product (leftCarryBackward's descent), so no d × d gradient
 * is formed; B's and C's gradients go through dp (overwritten there), then their step. Needs the cache of the
 * forward pass at p.
 */
export function impulseResponseDescend(p: LinearParams, G: Readonly<Float64Array>, dims: LinearDims, cache: ImpulseCache,
  lr: number, dp: LinearParams): void {
  if (!readsParamsInPlace(cache, p, dims)) {
    throw new Error('impulseResponseDescend: needs a general student on the left carry with its parameters in the cache (arenaParams)')
  }
  const { system, shape, grads, left } = cache
  system.B = p.B
  leftCarryBackward(grads, G, left, system, shape, { target: p.A, factor: -lr * left.aScale })
  if (dims.balanced) {
    dp.B.fill(0)
    accumulateBCGrads(dp, cache, dims)
    for (let i = 0; i < p.B.length; i++) p.B[i] -= lr * dp.B[i]
    return
  }
  // untied: ∂L/∂B = dB and ∂L/∂C = scale · dC (accumulateBCGrads' sums from zero), stepped in one pass each
  const { dB, dC } = grads
  const scale = widthScale(dims)
  for (let i = 0; i < p.B.length; i++) p.B[i] -= lr * dB[i]
  for (let i = 0; i < p.C.length; i++) p.C[i] -= lr * (scale * dC[i])
}

/** Chain rule from the effective matrices to the stored parameters (symmetrisation, width scaling, B = Cᵀ tie). */
function accumulateParamGrads(dp: LinearParams, cache: ImpulseCache, dims: LinearDims): void {
  const { width: d } = dims
  const scale = widthScale(dims)
  const { dA } = cache.grads
  if (dims.parameterization === 'symmetric') {
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) dp.A[i * d + j] += 0.5 * scale * (dA[i * d + j] + dA[j * d + i])
  } else {
    for (let i = 0; i < dA.length; i++) dp.A[i] += scale * dA[i]
  }
  accumulateBCGrads(dp, cache, dims)
}

function accumulateBCGrads(dp: LinearParams, cache: ImpulseCache, dims: LinearDims): void {
  const { width: d, inputs: nx, outputs: ny } = dims
  const scale = widthScale(dims)
  const { dB, dC } = cache.grads
  for (let i = 0; i < dp.B.length; i++) dp.B[i] += dB[i]
  if (dims.balanced) {
    for (let o = 0; o < ny; o++) for (let s = 0; s < d; s++) dp.B[s * nx + o] += scale * dC[o * d + s]
  } else {
    for (let i = 0; i < dC.length; i++) dp.C[i] += scale * dC[i]
  }
}

/** The student as a dense system (effective A, B, C; A expanded when diagonal). Allocates: for reports, not steps. */
export function linearToDense(p: LinearParams, dims: LinearDims): DenseLinear {
  const { width: d, inputs: nx, outputs: ny } = dims
  const cache = makeImpulseCache(dims, 1, referenceBackend)
  effectiveSystem(cache, p, dims)
  const A = new Float64Array(d * d)
  if (dims.parameterization === 'diagonal') for (let i = 0; i < d; i++) A[i * d + i] = cache.system.A[i]
  else A.set(cache.system.A)
  return { dim: d, inputs: nx, outputs: ny, A, B: Float64Array.from(p.B), C: Float64Array.from(cache.system.C) }
}
