// AssemblyScript source of the general (d × d A) linear-RNN training steps (src-shared/engine/generalSteps.ts drives
// them). Rebuild with `node scripts/build-wasm.mjs`. Not part of the TS build.
//
// One call runs whole training steps of a general single-input, single-output student on the population loss: the right
// carry R_0 = b, R_j = a R_{j−1}, ĥ_j = c·R_j (j < K), loss Σ_j w_j (ĥ_j − t_j)², e_j = 2 w_j (ĥ_j − t_j), the adjoint
// s_{K−1} = e_{K−1} c, s_j = e_j c + aᵀ s_{j+1}, the gradients dc = Σ_j e_j R_j, db = s_0, dA = Σ_{j≥1} s_j R_{j−1}ᵀ,
// the chain rule to the stored parameters (width scaling, the B = Cᵀ tie) and a GD or Adam update (optim.ts's formulas).
// Plain multiplies and adds, never fused, each sum in the order the reference (backend/generalReference.ts) writes it:
// a dot product as two lanes (even and odd terms) added at the end, every other sum term by term. Independent rows
// or columns go side by side to hide the add latency; that changes no sum's order, so every engine gives one result.

/** The host's Math.pow (backend/wasm.ts imports it), so β^t is the one optim.ts's `**` computes. */
// @ts-ignore: decorator
@external("env", "pow")
declare function hostPow(x: f64, y: f64): f64

// @ts-ignore: decorator
@inline
function g(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3))
}

// @ts-ignore: decorator
@inline
function put(base: usize, i: i32, x: f64): void {
  store<f64>(base + (<usize>i << 3), x)
}

// @ts-ignore: decorator
@inline
function even(n: i32): i32 {
  return (n + 1) & ~1
}

// Scratch, laid out by layoutGeneral(): ĥ first (the caller reads it at offset 0), then e, the effective c, then R and
// S (K × d each, row j = R_j or s_j), then the effective a (d × d) when the width scale is not 1.
let genH: usize = 0
let genE: usize = 0
let genC: usize = 0
let genR: usize = 0
let genS: usize = 0
let genA: usize = 0

/** Doubles of scratch generalSisoSteps needs for width d and K lags. */
export function generalScratchLength(d: i32, K: i32): i32 {
  return 2 * even(K) + 2 * even(d) * K + even(d) + d * d
}

function layoutGeneral(work: usize, d: i32, K: i32): void {
  const row = <usize>even(d) << 3
  genH = work
  genE = genH + (<usize>even(K) << 3)
  genC = genE + (<usize>even(K) << 3)
  genR = genC + row
  genS = genR + row * <usize>K
  genA = genS + row * <usize>K
}

/** Σ_k x_k y_k over n terms: even terms in lane 0, odd in lane 1, the lanes added, then the odd n's last term. */
// @ts-ignore: decorator
@inline
function dot(x: usize, y: usize, n: i32): f64 {
  let acc = f64x2.splat(0)
  let k = 0
  for (; k + 1 < n; k += 2) acc = f64x2.add(acc, f64x2.mul(v128.load(x + (<usize>k << 3)), v128.load(y + (<usize>k << 3))))
  let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1)
  if (n & 1) sum += g(x, n - 1) * g(y, n - 1)
  return sum
}

/** out_i = dot(a_i, x) for the d rows of a, four rows at a time (four independent chains). */
function matVec(out: usize, a: usize, x: usize, d: i32): void {
  const rowBytes = <usize>d << 3
  let i = 0
  for (; i + 3 < d; i += 4) {
    const r0 = a + <usize>i * rowBytes, r1 = r0 + rowBytes, r2 = r1 + rowBytes, r3 = r2 + rowBytes
    let c0 = f64x2.splat(0), c1 = c0, c2 = c0, c3 = c0
    let k = 0
    // four column pairs an iteration on running pointers with constant offsets: fewer instructions, same order
    let p0 = r0, p1 = r1, p2 = r2, p3 = r3, px = x
    for (; k + 7 < d; k += 8) {
      const x0 = v128.load(px), x1 = v128.load(px, 16), x2 = v128.load(px, 32), x3 = v128.load(px, 48)
      c0 = pairs4(c0, p0, x0, x1, x2, x3)
      c1 = pairs4(c1, p1, x0, x1, x2, x3)
      c2 = pairs4(c2, p2, x0, x1, x2, x3)
      c3 = pairs4(c3, p3, x0, x1, x2, x3)
      p0 += 64
      p1 += 64
      p2 += 64
      p3 += 64
      px += 64
    }
    for (; k + 1 < d; k += 2) {
      const at = <usize>k << 3
      const xv = v128.load(x + at)
      c0 = f64x2.add(c0, f64x2.mul(v128.load(r0 + at), xv))
      c1 = f64x2.add(c1, f64x2.mul(v128.load(r1 + at), xv))
      c2 = f64x2.add(c2, f64x2.mul(v128.load(r2 + at), xv))
      c3 = f64x2.add(c3, f64x2.mul(v128.load(r3 + at), xv))
    }
    let s0 = f64x2.extract_lane(c0, 0) + f64x2.extract_lane(c0, 1)
    let s1 = f64x2.extract_lane(c1, 0) + f64x2.extract_lane(c1, 1)
    let s2 = f64x2.extract_lane(c2, 0) + f64x2.extract_lane(c2, 1)
    let s3 = f64x2.extract_lane(c3, 0) + f64x2.extract_lane(c3, 1)
    if (d & 1) {
      const xl = g(x, d - 1)
      s0 += g(r0, d - 1) * xl
      s1 += g(r1, d - 1) * xl
      s2 += g(r2, d - 1) * xl
      s3 += g(r3, d - 1) * xl
    }
    put(out, i, s0)
    put(out, i + 1, s1)
    put(out, i + 2, s2)
    put(out, i + 3, s3)
  }
  for (; i < d; i++) put(out, i, dot(a + <usize>i * rowBytes, x, d))
}

/** acc plus the products of four column pairs of a row and x (x0..x3), added one pair after the other. */
// @ts-ignore: decorator
@inline
function pairs4(acc: v128, row: usize, x0: v128, x1: v128, x2: v128, x3: v128): v128 {
  acc = f64x2.add(acc, f64x2.mul(v128.load(row), x0))
  acc = f64x2.add(acc, f64x2.mul(v128.load(row, 16), x1))
  acc = f64x2.add(acc, f64x2.mul(v128.load(row, 32), x2))
  return f64x2.add(acc, f64x2.mul(v128.load(row, 48), x3))
}

/** out_k = e c_k + Σ_i a_ik s_i (i in order): eight columns at a time in four vectors, then two, then one. */
function adjoint(out: usize, a: usize, s: usize, e: f64, d: i32): void {
  const rowBytes = <usize>d << 3
  const ev = f64x2.splat(e)
  let k = 0
  for (; k + 7 < d; k += 8) {
    const at = <usize>k << 3
    let o0 = f64x2.mul(ev, v128.load(genC + at)), o1 = f64x2.mul(ev, v128.load(genC + at, 16))
    let o2 = f64x2.mul(ev, v128.load(genC + at, 32)), o3 = f64x2.mul(ev, v128.load(genC + at, 48))
    let row = a + at
    for (let i = 0; i < d; i++) {
      const sv = f64x2.splat(g(s, i))
      o0 = f64x2.add(o0, f64x2.mul(v128.load(row), sv))
      o1 = f64x2.add(o1, f64x2.mul(v128.load(row, 16), sv))
      o2 = f64x2.add(o2, f64x2.mul(v128.load(row, 32), sv))
      o3 = f64x2.add(o3, f64x2.mul(v128.load(row, 48), sv))
      row += rowBytes
    }
    v128.store(out + at, o0)
    v128.store(out + at, o1, 16)
    v128.store(out + at, o2, 32)
    v128.store(out + at, o3, 48)
  }
  for (; k + 1 < d; k += 2) {
    const at = <usize>k << 3
    let o = f64x2.mul(ev, v128.load(genC + at))
    let row = a + at
    for (let i = 0; i < d; i++) {
      o = f64x2.add(o, f64x2.mul(v128.load(row), f64x2.splat(g(s, i))))
      row += rowBytes
    }
    v128.store(out + at, o)
  }
  if (k < d) {
    let o = e * g(genC, k)
    for (let i = 0; i < d; i++) o += g(a, i * d + k) * g(s, i)
    put(out, k, o)
  }
}

/**
 * gA_ik = scale · Σ_{j=1}^{K−1} s_j,i R_{j−1},k (j in order, from 0): tiles of two rows × eight columns held in eight
 * vectors over the lags, then the remaining columns two and one at a time, then a last odd row the same way.
 */
function gradA(gA: usize, d: i32, K: i32, scale: f64): void {
  const lagBytes = <usize>even(d) << 3
  const k2 = f64x2.splat(scale)
  let i = 0
  for (; i + 1 < d; i += 2) {
    const sRow = genS + lagBytes + (<usize>i << 3)
    const out0 = gA + (<usize>(i * d) << 3), out1 = out0 + (<usize>d << 3)
    let k = 0
    for (; k + 7 < d; k += 8) {
      const at = <usize>k << 3
      const zero = f64x2.splat(0)
      let a0 = zero, a1 = zero, a2 = zero, a3 = zero, b0 = zero, b1 = zero, b2 = zero, b3 = zero
      let r = genR + at
      let s = sRow
      for (let j = 1; j < K; j++) {
        const x0 = v128.load(r), x1 = v128.load(r, 16), x2 = v128.load(r, 32), x3 = v128.load(r, 48)
        const u = f64x2.splat(load<f64>(s)), w = f64x2.splat(load<f64>(s, 8))
        a0 = f64x2.add(a0, f64x2.mul(u, x0))
        a1 = f64x2.add(a1, f64x2.mul(u, x1))
        a2 = f64x2.add(a2, f64x2.mul(u, x2))
        a3 = f64x2.add(a3, f64x2.mul(u, x3))
        b0 = f64x2.add(b0, f64x2.mul(w, x0))
        b1 = f64x2.add(b1, f64x2.mul(w, x1))
        b2 = f64x2.add(b2, f64x2.mul(w, x2))
        b3 = f64x2.add(b3, f64x2.mul(w, x3))
        r += lagBytes
        s += lagBytes
      }
      v128.store(out0 + at, f64x2.mul(k2, a0))
      v128.store(out0 + at, f64x2.mul(k2, a1), 16)
      v128.store(out0 + at, f64x2.mul(k2, a2), 32)
      v128.store(out0 + at, f64x2.mul(k2, a3), 48)
      v128.store(out1 + at, f64x2.mul(k2, b0))
      v128.store(out1 + at, f64x2.mul(k2, b1), 16)
      v128.store(out1 + at, f64x2.mul(k2, b2), 32)
      v128.store(out1 + at, f64x2.mul(k2, b3), 48)
    }
    for (; k < d; k++) {
      put(out0, k, scale * outerSum(i, k, d, K))
      put(out1, k, scale * outerSum(i + 1, k, d, K))
    }
  }
  if (i < d) for (let k = 0; k < d; k++) put(gA, i * d + k, scale * outerSum(i, k, d, K))
}

/** Σ_{j=1}^{K−1} s_j,i R_{j−1},k, term by term from 0 (gradA's leftover entries). */
function outerSum(i: i32, k: i32, d: i32, K: i32): f64 {
  const lag = even(d)
  let acc: f64 = 0
  for (let j = 1; j < K; j++) acc += g(genS, j * lag + i) * g(genR, (j - 1) * lag + k)
  return acc
}

/** c and a as the model applies them (scale·C, or scale·B when tied; scale·A); a is A itself when the scale is 1. */
function effectiveGeneral(params: usize, d: i32, balanced: i32, scale: f64): usize {
  const dd = d * d
  const pC = params + (<usize>(balanced ? dd : dd + d) << 3)
  for (let k = 0; k < d; k++) put(genC, k, scale * g(pC, k))
  if (scale == 1) return params
  for (let i = 0; i < dd; i++) put(genA, i, scale * g(params, i))
  return genA
}

/** R_j and ĥ_j for j < K, then the loss Σ_j w_j (ĥ_j − t_j)² with e_j = 2 w_j (ĥ_j − t_j) into genE. */
function forwardGeneral(a: usize, params: usize, d: i32, K: i32, labels: usize, weights: usize): f64 {
  const lagBytes = <usize>even(d) << 3
  memory.copy(genR, params + (<usize>(d * d) << 3), <usize>d << 3)
  for (let j = 1; j < K; j++) matVec(genR + <usize>j * lagBytes, a, genR + <usize>(j - 1) * lagBytes, d)
  let total: f64 = 0
  for (let j = 0; j < K; j++) {
    const h = dot(genC, genR + <usize>j * lagBytes, d)
    put(genH, j, h)
    const diff = h - g(labels, j)
    const w = g(weights, j)
    total += w * diff * diff
    put(genE, j, 2 * w * diff)
  }
  return total
}

/** The stored parameters' gradient from the last forward pass (A, B, then C unless tied). */
function backwardGeneral(a: usize, grad: usize, d: i32, K: i32, balanced: i32, scale: f64): void {
  if (K == 0) {
    memory.fill(grad, 0, <usize>(d * d + (balanced ? d : 2 * d)) << 3)
    return
  }
  const lag = even(d)
  const lagBytes = <usize>lag << 3
  const top = genS + <usize>(K - 1) * lagBytes
  const eTop = g(genE, K - 1)
  for (let k = 0; k < d; k++) put(top, k, eTop * g(genC, k))
  for (let j = K - 2; j >= 0; j--) adjoint(genS + <usize>j * lagBytes, a, genS + <usize>(j + 1) * lagBytes, g(genE, j), d)
  gradA(grad, d, K, scale)
  const gB = grad + (<usize>(d * d) << 3)
  const gC = gB + (<usize>d << 3)
  // dc two columns at a time, each lane summing its column over j in order
  const sv = f64x2.splat(scale)
  let k = 0
  for (; k + 1 < d; k += 2) {
    const at = <usize>k << 3
    let dc = f64x2.splat(0)
    let r = genR + at
    for (let j = 0; j < K; j++) {
      dc = f64x2.add(dc, f64x2.mul(f64x2.splat(g(genE, j)), v128.load(r)))
      r += lagBytes
    }
    const db = v128.load(genS + at)
    if (balanced) {
      v128.store(gB + at, f64x2.add(db, f64x2.mul(sv, dc)))
    } else {
      v128.store(gB + at, db)
      v128.store(gC + at, f64x2.mul(sv, dc))
    }
  }
  for (; k < d; k++) {
    let dc: f64 = 0
    for (let j = 0; j < K; j++) dc += g(genE, j) * g(genR, j * lag + k)
    const db = g(genS, k)
    if (balanced) {
      put(gB, k, db + scale * dc)
    } else {
      put(gB, k, db)
      put(gC, k, scale * dc)
    }
  }
}

/** optim.ts's adamUpdate at the 0-indexed `step`, term for term. */
function adamGeneral(params: usize, grad: usize, m: usize, v: usize, n: i32, step: i32, lr: f64, beta1: f64, beta2: f64,
  eps: f64): void {
  const t = <f64>(step + 1)
  const stepSize = lr / (1 - hostPow(beta1, t))
  const sqrtBc2 = Math.sqrt(1 - hostPow(beta2, t))
  const b1 = f64x2.splat(beta1), c1 = f64x2.splat(1 - beta1)
  const b2 = f64x2.splat(beta2), c2 = f64x2.splat(1 - beta2)
  const size = f64x2.splat(stepSize), bc = f64x2.splat(sqrtBc2), e = f64x2.splat(eps)
  let i = 0
  for (; i + 1 < n; i += 2) {
    const at = <usize>i << 3
    const gv = v128.load(grad + at)
    const mi = f64x2.add(f64x2.mul(b1, v128.load(m + at)), f64x2.mul(c1, gv))
    const vi = f64x2.add(f64x2.mul(b2, v128.load(v + at)), f64x2.mul(f64x2.mul(c2, gv), gv))
    v128.store(m + at, mi)
    v128.store(v + at, vi)
    const update = f64x2.div(f64x2.mul(size, mi), f64x2.add(f64x2.div(f64x2.sqrt(vi), bc), e))
    v128.store(params + at, f64x2.sub(v128.load(params + at), update))
  }
  for (; i < n; i++) {
    const gi = g(grad, i)
    const mi = beta1 * g(m, i) + (1 - beta1) * gi
    const vi = beta2 * g(v, i) + (1 - beta2) * gi * gi
    put(m, i, mi)
    put(v, i, vi)
    put(params, i, g(params, i) - (stepSize * mi) / (Math.sqrt(vi) / sqrtBc2 + eps))
  }
}

// @ts-ignore: decorator
@inline
function updateGeneral(step: i32, d: i32, K: i32, balanced: i32, scale: f64, params: usize, grad: usize, m: usize, v: usize,
  useAdam: i32, lr: f64, beta1: f64, beta2: f64, eps: f64): void {
  const a = scale == 1 ? params : genA
  backwardGeneral(a, grad, d, K, balanced, scale)
  const n = d * d + (balanced ? d : 2 * d)
  if (useAdam) adamGeneral(params, grad, m, v, n, step, lr, beta1, beta2, eps)
  else for (let i = 0; i < n; i++) put(params, i, g(params, i) - lr * g(grad, i))
}

/**
 * Training steps of a general SISO student on Σ_j w_j (ĥ_j − t_j)², from `from` on, as diagonalSisoSteps runs a
 * diagonal one: each step computes ĥ (the first K doubles of `work`), the loss (losses[step]), the gradient (`grad`,
 * the parameters' layout: A row-major, B, then C unless tied) and updates `params` (and Adam's m, v). Ends after the
 * forward pass and loss of step `until`, or of the first step whose loss is not finite or below `threshold`, without
 * updating, and returns that step; generalSisoUpdate then applies its update. The learning rate is constant over the
 * call. `work` holds generalScratchLength(d, K) doubles.
 */
export function generalSisoSteps(from: i32, until: i32, d: i32, K: i32, balanced: i32, scale: f64, params: usize,
  grad: usize, m: usize, v: usize, useAdam: i32, lr: f64, beta1: f64, beta2: f64, eps: f64, labels: usize,
  weights: usize, losses: usize, threshold: f64, work: usize): i32 {
  layoutGeneral(work, d, K)
  let step = from
  while (true) {
    const a = effectiveGeneral(params, d, balanced, scale)
    const value = forwardGeneral(a, params, d, K, labels, weights)
    put(losses, step, value)
    if (step >= until || !isFinite(value) || value < threshold) break
    updateGeneral(step, d, K, balanced, scale, params, grad, m, v, useAdam, lr, beta1, beta2, eps)
    step++
  }
  return step
}

/** The update of the step whose forward pass generalSisoSteps ended with (same arguments; `step` is that step). */
export function generalSisoUpdate(step: i32, d: i32, K: i32, balanced: i32, scale: f64, params: usize, grad: usize,
  m: usize, v: usize, useAdam: i32, lr: f64, beta1: f64, beta2: f64, eps: f64, work: usize): void {
  layoutGeneral(work, d, K)
  updateGeneral(step, d, K, balanced, scale, params, grad, m, v, useAdam, lr, beta1, beta2, eps)
}
