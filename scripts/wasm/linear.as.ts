// AssemblyScript source of the diagonal linear-RNN training steps (src-shared/engine/diagonalSteps.ts drives them).
// Rebuild with `node scripts/build-wasm.mjs`; it rewrites src-shared/engine/backend/generated/wasmKernels.generated.ts. Not part of the TS build.
//
// One call runs whole training steps of a diagonal single-input, single-output student on the population loss, with
// nothing in between handed back to JavaScript: ĥ_j = Σ_s c_s b_s a_s^j (j < K), loss Σ_j w_j (ĥ_j − t_j)², the
// gradient through the impulse response (the same sums as diagonalSisoBackward in impulseKernels.ts), the chain rule
// to the stored parameters (width scaling, the B = Cᵀ tie), and a GD or Adam update (the formulas of optim.ts). Modes go
// eight at a time in four f64x2 vectors, so four independent multiply chains hide the multiply latency that bounds a
// scalar loop. Plain multiplies and adds, never fused: every engine computes the same numbers.

const MODES_PER_PASS: i32 = 8

// @ts-ignore: decorator
@inline
function f(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3))
}

// @ts-ignore: decorator
@inline
function set(base: usize, i: i32, x: f64): void {
  store<f64>(base + (<usize>i << 3), x)
}

// Scratch, laid out by layout(): ĥ first (the caller reads it at offset 0), then G and the per-lane partial
// sums of ĥ per lag, then the effective a, c·b, b, c and the gradients per mode (padded to whole passes with modes
// whose weight is 0).
let lagH: usize = 0
let lagG: usize = 0
let lagPartial: usize = 0
let modeA: usize = 0
let modeCb: usize = 0
let modeB: usize = 0
let modeC: usize = 0
let gradA: usize = 0
let gradB: usize = 0
let gradC: usize = 0

// @ts-ignore: decorator
@inline
function padded(d: i32): i32 {
  return (d + MODES_PER_PASS - 1) / MODES_PER_PASS * MODES_PER_PASS
}

/** Doubles of scratch diagonalSisoSteps needs for width d and K lags. */
export function diagonalScratchLength(d: i32, K: i32): i32 {
  return 7 * padded(d) + 4 * K
}

function layout(work: usize, dPad: i32, K: i32): void {
  const mode = <usize>dPad << 3
  const lag = <usize>K << 3
  lagH = work
  lagG = lagH + lag
  lagPartial = lagG + lag
  modeA = lagPartial + (lag << 1)
  modeCb = modeA + mode
  modeB = modeCb + mode
  modeC = modeB + mode
  gradA = modeC + mode
  gradB = gradA + mode
  gradC = gradB + mode
}

/**
 * The matrices the model applies: a = scale·A, c = scale·(B when tied, else C), and c·b. Only the d real modes are
 * written: the padding modes stay zero from the arena's allocation, so they add nothing to ĥ.
 */
function effective(params: usize, d: i32, balanced: i32, scale: f64): void {
  const pB = params + (<usize>d << 3)
  const pC = balanced ? pB : pB + (<usize>d << 3)
  const k = f64x2.splat(scale)
  let s = 0
  for (; s + 1 < d; s += 2) {
    const at = <usize>s << 3
    const b = v128.load(pB + at)
    const c = f64x2.mul(k, v128.load(pC + at))
    v128.store(modeA + at, f64x2.mul(k, v128.load(params + at)))
    v128.store(modeB + at, b)
    v128.store(modeC + at, c)
    v128.store(modeCb + at, f64x2.mul(c, b))
  }
  for (; s < d; s++) {
    const b = f(pB, s)
    const c = scale * f(pC, s)
    set(modeA, s, scale * f(params, s))
    set(modeB, s, b)
    set(modeC, s, c)
    set(modeCb, s, c * b)
  }
}

/** ĥ_j = Σ_s c_s b_s a_s^j into lagH: each lane sums its own modes, the two lanes are added at the end. */
function forward(dPad: i32, K: i32): void {
  memory.fill(lagPartial, 0, <usize>K << 4)
  for (let q = 0; q < dPad; q += MODES_PER_PASS) {
    const pa = modeA + (<usize>q << 3)
    const pw = modeCb + (<usize>q << 3)
    const a0 = v128.load(pa), a1 = v128.load(pa, 16), a2 = v128.load(pa, 32), a3 = v128.load(pa, 48)
    let w0 = v128.load(pw), w1 = v128.load(pw, 16), w2 = v128.load(pw, 32), w3 = v128.load(pw, 48)
    let out = lagPartial
    for (let j = 0; j < K; j++) {
      v128.store(out, f64x2.add(v128.load(out), f64x2.add(f64x2.add(w0, w1), f64x2.add(w2, w3))))
      w0 = f64x2.mul(w0, a0)
      w1 = f64x2.mul(w1, a1)
      w2 = f64x2.mul(w2, a2)
      w3 = f64x2.mul(w3, a3)
      out += 16
    }
  }
  for (let j = 0; j < K; j++) {
    const partial = v128.load(lagPartial + (<usize>j << 4))
    set(lagH, j, f64x2.extract_lane(partial, 0) + f64x2.extract_lane(partial, 1))
  }
}

/** Σ_j w_j (ĥ_j − t_j)², with G_j = 2 w_j (ĥ_j − t_j) (populationLoss's arithmetic). */
function loss(labels: usize, weights: usize, K: i32): f64 {
  let total: f64 = 0
  for (let j = 0; j < K; j++) {
    const diff = f(lagH, j) - f(labels, j)
    const w = f(weights, j)
    total += w * diff * diff
    set(lagG, j, 2 * w * diff)
  }
  return total
}

/**
 * dL/da_s = c_s b_s P'(a_s), dL/db_s = c_s P(a_s), dL/dc_s = b_s P(a_s) with P(x) = Σ_j G_j x^j, both by Horner's rule
 * from the top lag: two multiply-adds a lag and mode, in eight independent chains per pass.
 */
function backward(dPad: i32, K: i32): void {
  if (K == 0) return
  const top = f64x2.splat(f(lagG, K - 1))
  const zero = f64x2.splat(0)
  for (let q = 0; q < dPad; q += MODES_PER_PASS) {
    const offset = <usize>q << 3
    const pa = modeA + offset
    const a0 = v128.load(pa), a1 = v128.load(pa, 16), a2 = v128.load(pa, 32), a3 = v128.load(pa, 48)
    let p0 = top, p1 = top, p2 = top, p3 = top
    let dp0 = zero, dp1 = zero, dp2 = zero, dp3 = zero
    for (let j = K - 2; j >= 0; j--) {
      const g = f64x2.splat(f(lagG, j))
      dp0 = f64x2.add(f64x2.mul(dp0, a0), p0)
      dp1 = f64x2.add(f64x2.mul(dp1, a1), p1)
      dp2 = f64x2.add(f64x2.mul(dp2, a2), p2)
      dp3 = f64x2.add(f64x2.mul(dp3, a3), p3)
      p0 = f64x2.add(f64x2.mul(p0, a0), g)
      p1 = f64x2.add(f64x2.mul(p1, a1), g)
      p2 = f64x2.add(f64x2.mul(p2, a2), g)
      p3 = f64x2.add(f64x2.mul(p3, a3), g)
    }
    storeGrads(offset, 0, dp0, p0)
    storeGrads(offset, 16, dp1, p1)
    storeGrads(offset, 32, dp2, p2)
    storeGrads(offset, 48, dp3, p3)
  }
}

// @ts-ignore: decorator
@inline
function storeGrads(offset: usize, lane: usize, ds: v128, sum: v128): void {
  const at = offset + lane
  v128.store(gradA + at, f64x2.mul(v128.load(modeCb + at), ds))
  v128.store(gradB + at, f64x2.mul(v128.load(modeC + at), sum))
  v128.store(gradC + at, f64x2.mul(v128.load(modeB + at), sum))
}

/** The stored parameters' gradient (accumulateParamGrads in linearRnn.ts): scale on A and C, the tie adds C's path to B. */
function paramGrads(grad: usize, d: i32, balanced: i32, scale: f64): void {
  const gB = grad + (<usize>d << 3)
  const gC = gB + (<usize>d << 3)
  const k = f64x2.splat(scale)
  let s = 0
  for (; s + 1 < d; s += 2) {
    const at = <usize>s << 3
    const dc = f64x2.mul(k, v128.load(gradC + at))
    v128.store(grad + at, f64x2.mul(k, v128.load(gradA + at)))
    if (balanced) {
      v128.store(gB + at, f64x2.add(v128.load(gradB + at), dc))
    } else {
      v128.store(gB + at, v128.load(gradB + at))
      v128.store(gC + at, dc)
    }
  }
  for (; s < d; s++) {
    const dc = scale * f(gradC, s)
    set(grad, s, scale * f(gradA, s))
    if (balanced) {
      set(gB, s, f(gradB, s) + dc)
    } else {
      set(gB, s, f(gradB, s))
      set(gC, s, dc)
    }
  }
}

/**
 * optim.ts's lr/(1 − β1^t) · m / (√v / √(1 − β2^t) + ε) with β1^t, β2^t given (`beta1t`, `beta2t`), and √(1 − β2^t)
 * moved out of the denominator: one division per parameter instead of two (the dividers bound this loop); equal up
 * to rounding.
 */
function adam(params: usize, grad: usize, m: usize, v: usize, n: i32, beta1t: f64, beta2t: f64, lr: f64, beta1: f64,
  beta2: f64, eps: f64): void {
  const sqrtBc2 = Math.sqrt(1 - beta2t)
  const stepSize = lr / (1 - beta1t) * sqrtBc2
  const epsilon = eps * sqrtBc2
  const b1 = f64x2.splat(beta1), c1 = f64x2.splat(1 - beta1)
  const b2 = f64x2.splat(beta2), c2 = f64x2.splat(1 - beta2)
  const size = f64x2.splat(stepSize), e = f64x2.splat(epsilon)
  let i = 0
  for (; i + 1 < n; i += 2) {
    const at = <usize>i << 3
    const g = v128.load(grad + at)
    const mi = f64x2.add(f64x2.mul(b1, v128.load(m + at)), f64x2.mul(c1, g))
    const vi = f64x2.add(f64x2.mul(b2, v128.load(v + at)), f64x2.mul(f64x2.mul(c2, g), g))
    v128.store(m + at, mi)
    v128.store(v + at, vi)
    const update = f64x2.div(f64x2.mul(size, mi), f64x2.add(f64x2.sqrt(vi), e))
    v128.store(params + at, f64x2.sub(v128.load(params + at), update))
  }
  for (; i < n; i++) {
    const g = f(grad, i)
    const mi = beta1 * f(m, i) + (1 - beta1) * g
    const vi = beta2 * f(v, i) + (1 - beta2) * g * g
    set(m, i, mi)
    set(v, i, vi)
    set(params, i, f(params, i) - (stepSize * mi) / (Math.sqrt(vi) + epsilon))
  }
}

function descend(params: usize, grad: usize, n: i32, lr: f64): void {
  for (let i = 0; i < n; i++) set(params, i, f(params, i) - lr * f(grad, i))
}

/**
 * Training steps of a diagonal SISO student on Σ_j w_j (ĥ_j − t_j)², from `from` on: each computes ĥ (into the first K
 * doubles of `work`), the loss (into losses[step]), the gradient (into `grad`, the parameters' layout: A, B, then C
 * unless tied) and updates `params` (and Adam's m, v when `useAdam`). The call ends after the forward pass and loss
 * of step `until`, or of the first step whose loss is not finite or below `threshold`, without updating, and returns
 * that step: the caller records what it needs there, then calls diagonalSisoUpdate. The learning rate is constant
 * over the call. `work` (diagonalScratchLength doubles) must be zero before the first call of a run, as a fresh
 * arena allocation is.
 */
export function diagonalSisoSteps(from: i32, until: i32, d: i32, K: i32, balanced: i32, scale: f64, params: usize,
  grad: usize, m: usize, v: usize, useAdam: i32, lr: f64, beta1: f64, beta2: f64, eps: f64, labels: usize,
  weights: usize, losses: usize, threshold: f64, work: usize): i32 {
  const dPad = padded(d)
  layout(work, dPad, K)
  // Adam's β^t by one power per call, then a product per step (a power per step costs more than the step's update)
  let beta1t = Math.pow(beta1, <f64>(from + 1))
  let beta2t = Math.pow(beta2, <f64>(from + 1))
  let step = from
  while (true) {
    effective(params, d, balanced, scale)
    forward(dPad, K)
    const value = loss(labels, weights, K)
    set(losses, step, value)
    if (step >= until || !isFinite(value) || value < threshold) break
    update(d, dPad, K, balanced, scale, params, grad, m, v, useAdam, beta1t, beta2t, lr, beta1, beta2, eps)
    beta1t *= beta1
    beta2t *= beta2
    step++
  }
  return step
}

/** The update of the step whose forward pass diagonalSisoSteps ended with (same arguments; `step` is that step). */
export function diagonalSisoUpdate(step: i32, d: i32, K: i32, balanced: i32, scale: f64, params: usize, grad: usize,
  m: usize, v: usize, useAdam: i32, lr: f64, beta1: f64, beta2: f64, eps: f64, work: usize): void {
  const dPad = padded(d)
  layout(work, dPad, K)
  const t = <f64>(step + 1)
  update(d, dPad, K, balanced, scale, params, grad, m, v, useAdam, Math.pow(beta1, t), Math.pow(beta2, t), lr, beta1, beta2, eps)
}

// @ts-ignore: decorator
@inline
function update(d: i32, dPad: i32, K: i32, balanced: i32, scale: f64, params: usize, grad: usize, m: usize, v: usize,
  useAdam: i32, beta1t: f64, beta2t: f64, lr: f64, beta1: f64, beta2: f64, eps: f64): void {
  backward(dPad, K)
  paramGrads(grad, d, balanced, scale)
  const n = balanced ? 2 * d : 3 * d
  if (useAdam) adam(params, grad, m, v, n, beta1t, beta2t, lr, beta1, beta2, eps)
  else descend(params, grad, n, lr)
}

// One student's entry in diagonalSisoBatch's table: doubles at these indices (addresses and flags as doubles, exact).
const E_D = 0, E_K = 1, E_BALANCED = 2, E_SCALE = 3, E_PARAMS = 4, E_GRAD = 5, E_M = 6, E_V = 7, E_ADAM = 8
const E_BETA1 = 9, E_BETA2 = 10, E_EPS = 11, E_LABELS = 12, E_WEIGHTS = 13, E_LOSSES = 14, E_THRESHOLD = 15
const E_WORK = 16, E_OP = 17, E_FROM = 18, E_UNTIL = 19, E_LR = 20, E_RESULT = 21
/** Doubles per entry of diagonalSisoBatch's table. */
export const DIAGONAL_BATCH_STRIDE: i32 = 24

// @ts-ignore: decorator
@inline
function entryInt(entry: usize, field: i32): i32 {
  return <i32>f(entry, field)
}

/**
 * Many students in one call (a sweep's runs side by side in one arena): entry i of `table` (DIAGONAL_BATCH_STRIDE
 * doubles) holds a student's arguments and its request: op 1 runs diagonalSisoSteps from E_FROM to E_UNTIL and writes
 * the step it ended at into E_RESULT, op 2 applies diagonalSisoUpdate at step E_FROM, op 0 skips the student (it
 * stopped, or waits). Each student runs exactly the single-student code, so its numbers do not depend on the batch.
 */
export function diagonalSisoBatch(count: i32, table: usize): void {
  for (let i = 0; i < count; i++) {
    const e = table + ((<usize>i * <usize>DIAGONAL_BATCH_STRIDE) << 3)
    const op = entryInt(e, E_OP)
    if (op == 0) continue
    const d = entryInt(e, E_D), K = entryInt(e, E_K), balanced = entryInt(e, E_BALANCED), scale = f(e, E_SCALE)
    const params = <usize>f(e, E_PARAMS), grad = <usize>f(e, E_GRAD), m = <usize>f(e, E_M), v = <usize>f(e, E_V)
    const useAdam = entryInt(e, E_ADAM), lr = f(e, E_LR), beta1 = f(e, E_BETA1), beta2 = f(e, E_BETA2), eps = f(e, E_EPS)
    const work = <usize>f(e, E_WORK)
    if (op == 1) {
      const ended = diagonalSisoSteps(entryInt(e, E_FROM), entryInt(e, E_UNTIL), d, K, balanced, scale, params, grad, m, v,
        useAdam, lr, beta1, beta2, eps, <usize>f(e, E_LABELS), <usize>f(e, E_WEIGHTS), <usize>f(e, E_LOSSES),
        f(e, E_THRESHOLD), work)
      set(e, E_RESULT, <f64>ended)
    } else {
      diagonalSisoUpdate(entryInt(e, E_FROM), d, K, balanced, scale, params, grad, m, v, useAdam, lr, beta1, beta2, eps, work)
    }
  }
}
