// AssemblyScript source of the GRU/LSTM gate arithmetic in WebAssembly SIMD (compiled into the same module as the
// GEMM kernel, see build-wasm.mjs): V8's scalar Math.exp/Math.tanh cost tens of ns each, and a width-100 GRU step
// evaluates millions of them. exp is computed to float64 accuracy (range reduction by ln 2, degree-13 polynomial).

const LOG2E: f64 = 1.4426950408889634
const LN2_HI: f64 = 6.93147180369123816490e-01 // fdlibm's split of ln 2: n·LN2_HI is exact for |n| < 2^20
const LN2_LO: f64 = 1.90821492927058770002e-10

/** e^x − 1 per lane, accurate near 0 (so tanh of tiny pre-activations keeps its relative precision). */
// @ts-ignore: decorator
@inline
function expm1x2(x0: v128): v128 {
  const x = f64x2.min(f64x2.max(x0, f64x2.splat(-700)), f64x2.splat(700))
  const n = f64x2.nearest(f64x2.mul(x, f64x2.splat(LOG2E)))
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(n, f64x2.splat(LN2_HI))), f64x2.mul(n, f64x2.splat(LN2_LO)))
  // e^r − 1 = r + r²/2! + … + r¹³/13!, |r| ≤ ln2/2: truncation below 1e-17 relative
  let q = f64x2.splat(1.0 / 6227020800.0)
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 479001600.0))
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 39916800.0))
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 3628800.0))
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 362880.0))
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 40320.0))
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 5040.0))
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 720.0))
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 120.0))
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 24.0))
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(1.0 / 6.0))
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(0.5))
  const p = f64x2.add(r, f64x2.mul(f64x2.mul(r, r), q))
  // 2^n from its exponent bits
  const ni = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(n))
  const twoN = i64x2.shl(i64x2.add(ni, i64x2.splat(1023)), 52)
  return f64x2.add(f64x2.mul(twoN, p), f64x2.sub(twoN, f64x2.splat(1)))
}

// @ts-ignore: decorator
@inline
function sigmoidx2(a: v128): v128 {
  return f64x2.div(f64x2.splat(1), f64x2.add(f64x2.splat(2), expm1x2(f64x2.neg(a))))
}

// @ts-ignore: decorator
@inline
function tanhx2(a: v128): v128 {
  const e = expm1x2(f64x2.add(a, a))
  return f64x2.div(e, f64x2.add(e, f64x2.splat(2)))
}

/** Scalar versions through lane 0 (odd widths). */
export function sigmoid(a: f64): f64 {
  return f64x2.extract_lane(sigmoidx2(f64x2.splat(a)), 0)
}
export function tanh(a: f64): f64 {
  return f64x2.extract_lane(tanhx2(f64x2.splat(a)), 0)
}

// @ts-ignore: decorator
@inline
function ldf(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3))
}
// @ts-ignore: decorator
@inline
function ld(base: usize, i: i32): v128 {
  return v128.load(base + (<usize>i << 3))
}
// @ts-ignore: decorator
@inline
function st(base: usize, i: i32, v: v128): void {
  v128.store(base + (<usize>i << 3), v)
}

/**
 * One GRU step for B rows (torch.nn.GRU): pre = W_ih x + b_ih and hh = W_hh h + b_hh, (B, 3H) each, gates (r, z, n)
 * written to `gates`, h' = (1 − z) n + z h written to hNext. Even H runs two lanes at a time; odd H pads with a
 * scalar tail.
 */
export function gruGates(pre: usize, hh: usize, gates: usize, hPrev: usize, hNext: usize, B: i32, H: i32): void {
  const G = 3 * H
  const one = f64x2.splat(1)
  for (let b = 0; b < B; b++) {
    const g0 = b * G
    const s0 = b * H
    let j = 0
    for (; j + 2 <= H; j += 2) {
      const r = sigmoidx2(f64x2.add(ld(pre, g0 + j), ld(hh, g0 + j)))
      const z = sigmoidx2(f64x2.add(ld(pre, g0 + H + j), ld(hh, g0 + H + j)))
      const n = tanhx2(f64x2.add(ld(pre, g0 + 2 * H + j), f64x2.mul(r, ld(hh, g0 + 2 * H + j))))
      st(gates, g0 + j, r)
      st(gates, g0 + H + j, z)
      st(gates, g0 + 2 * H + j, n)
      st(hNext, s0 + j, f64x2.add(f64x2.mul(f64x2.sub(one, z), n), f64x2.mul(z, ld(hPrev, s0 + j))))
    }
    for (; j < H; j++) {
      const r = sigmoid(ldf(pre, g0 + j) + ldf(hh, g0 + j))
      const z = sigmoid(ldf(pre, g0 + H + j) + ldf(hh, g0 + H + j))
      const n = tanh(ldf(pre, g0 + 2 * H + j) + r * ldf(hh, g0 + 2 * H + j))
      store<f64>(gates + (<usize>(g0 + j) << 3), r)
      store<f64>(gates + (<usize>(g0 + H + j) << 3), z)
      store<f64>(gates + (<usize>(g0 + 2 * H + j) << 3), n)
      store<f64>(hNext + (<usize>(s0 + j) << 3), (1 - z) * n + z * ldf(hPrev, s0 + j))
    }
  }
}

/**
 * One LSTM step for B rows (torch.nn.LSTM): pre (B, 4H) holds the full pre-activation; writes gates (i, f, g, o),
 * c' = f c + i g to cNext, tanh(c') to tanhCell and h' = o tanh(c') to hNext.
 */
export function lstmGates(pre: usize, gates: usize, cPrev: usize, cNext: usize, tanhCell: usize, hNext: usize, B: i32, H: i32): void {
  const G = 4 * H
  for (let b = 0; b < B; b++) {
    const g0 = b * G
    const s0 = b * H
    let j = 0
    for (; j + 2 <= H; j += 2) {
      const i = sigmoidx2(ld(pre, g0 + j))
      const f = sigmoidx2(ld(pre, g0 + H + j))
      const g = tanhx2(ld(pre, g0 + 2 * H + j))
      const o = sigmoidx2(ld(pre, g0 + 3 * H + j))
      const c = f64x2.add(f64x2.mul(f, ld(cPrev, s0 + j)), f64x2.mul(i, g))
      const tc = tanhx2(c)
      st(gates, g0 + j, i)
      st(gates, g0 + H + j, f)
      st(gates, g0 + 2 * H + j, g)
      st(gates, g0 + 3 * H + j, o)
      st(cNext, s0 + j, c)
      st(tanhCell, s0 + j, tc)
      st(hNext, s0 + j, f64x2.mul(o, tc))
    }
    for (; j < H; j++) {
      const i = sigmoid(ldf(pre, g0 + j))
      const f = sigmoid(ldf(pre, g0 + H + j))
      const g = tanh(ldf(pre, g0 + 2 * H + j))
      const o = sigmoid(ldf(pre, g0 + 3 * H + j))
      const c = f * ldf(cPrev, s0 + j) + i * g
      const tc = tanh(c)
      store<f64>(gates + (<usize>(g0 + j) << 3), i)
      store<f64>(gates + (<usize>(g0 + H + j) << 3), f)
      store<f64>(gates + (<usize>(g0 + 2 * H + j) << 3), g)
      store<f64>(gates + (<usize>(g0 + 3 * H + j) << 3), o)
      store<f64>(cNext + (<usize>(s0 + j) << 3), c)
      store<f64>(tanhCell + (<usize>(s0 + j) << 3), tc)
      store<f64>(hNext + (<usize>(s0 + j) << 3), o * tc)
    }
  }
}

/**
 * GRU backward for one step's B rows: from dh (dL/dh'), the cached gates, hPrev and hh, writes the pre-activation
 * gradients dPre (of W_ih x + b_ih) and dHh (of W_hh h + b_hh), and adds z ⊙ dh into dhPrev when `carry` is set.
 */
export function gruGatesBackward(dh: usize, gates: usize, hPrev: usize, hh: usize, dPre: usize, dHh: usize, dhPrev: usize,
  carry: i32, B: i32, H: i32): void {
  const G = 3 * H
  const one = f64x2.splat(1)
  for (let b = 0; b < B; b++) {
    const g0 = b * G
    const s0 = b * H
    let j = 0
    for (; j + 2 <= H; j += 2) {
      const r = ld(gates, g0 + j)
      const z = ld(gates, g0 + H + j)
      const n = ld(gates, g0 + 2 * H + j)
      const d = ld(dh, s0 + j)
      const dan = f64x2.mul(f64x2.mul(d, f64x2.sub(one, z)), f64x2.sub(one, f64x2.mul(n, n)))
      const daz = f64x2.mul(f64x2.mul(d, f64x2.sub(ld(hPrev, s0 + j), n)), f64x2.mul(z, f64x2.sub(one, z)))
      const dar = f64x2.mul(f64x2.mul(dan, ld(hh, g0 + 2 * H + j)), f64x2.mul(r, f64x2.sub(one, r)))
      st(dPre, g0 + j, dar)
      st(dPre, g0 + H + j, daz)
      st(dPre, g0 + 2 * H + j, dan)
      st(dHh, g0 + j, dar)
      st(dHh, g0 + H + j, daz)
      st(dHh, g0 + 2 * H + j, f64x2.mul(dan, r))
      if (carry) st(dhPrev, s0 + j, f64x2.add(ld(dhPrev, s0 + j), f64x2.mul(d, z)))
    }
    for (; j < H; j++) {
      const r = ldf(gates, g0 + j)
      const z = ldf(gates, g0 + H + j)
      const n = ldf(gates, g0 + 2 * H + j)
      const d = ldf(dh, s0 + j)
      const dan = d * (1 - z) * (1 - n * n)
      const daz = d * (ldf(hPrev, s0 + j) - n) * z * (1 - z)
      const dar = dan * ldf(hh, g0 + 2 * H + j) * r * (1 - r)
      store<f64>(dPre + (<usize>(g0 + j) << 3), dar)
      store<f64>(dPre + (<usize>(g0 + H + j) << 3), daz)
      store<f64>(dPre + (<usize>(g0 + 2 * H + j) << 3), dan)
      store<f64>(dHh + (<usize>(g0 + j) << 3), dar)
      store<f64>(dHh + (<usize>(g0 + H + j) << 3), daz)
      store<f64>(dHh + (<usize>(g0 + 2 * H + j) << 3), dan * r)
      if (carry) store<f64>(dhPrev + (<usize>(s0 + j) << 3), ldf(dhPrev, s0 + j) + d * z)
    }
  }
}

/**
 * LSTM backward for one step's B rows: from dh (dL/dh') and dCell (dL/dc' carried from the next step), writes the
 * pre-activation gradients dPre and replaces dCell by dL/dc = (dCell + dh o (1 − tanh² c')) f.
 */
export function lstmGatesBackward(dh: usize, gates: usize, cPrev: usize, tanhCell: usize, dCell: usize, dPre: usize,
  B: i32, H: i32): void {
  const G = 4 * H
  const one = f64x2.splat(1)
  for (let b = 0; b < B; b++) {
    const g0 = b * G
    const s0 = b * H
    let j = 0
    for (; j + 2 <= H; j += 2) {
      const i = ld(gates, g0 + j)
      const f = ld(gates, g0 + H + j)
      const g = ld(gates, g0 + 2 * H + j)
      const o = ld(gates, g0 + 3 * H + j)
      const tc = ld(tanhCell, s0 + j)
      const d = ld(dh, s0 + j)
      const dc = f64x2.add(ld(dCell, s0 + j), f64x2.mul(f64x2.mul(d, o), f64x2.sub(one, f64x2.mul(tc, tc))))
      st(dPre, g0 + j, f64x2.mul(f64x2.mul(dc, g), f64x2.mul(i, f64x2.sub(one, i))))
      st(dPre, g0 + H + j, f64x2.mul(f64x2.mul(dc, ld(cPrev, s0 + j)), f64x2.mul(f, f64x2.sub(one, f))))
      st(dPre, g0 + 2 * H + j, f64x2.mul(f64x2.mul(dc, i), f64x2.sub(one, f64x2.mul(g, g))))
      st(dPre, g0 + 3 * H + j, f64x2.mul(f64x2.mul(d, tc), f64x2.mul(o, f64x2.sub(one, o))))
      st(dCell, s0 + j, f64x2.mul(dc, f))
    }
    for (; j < H; j++) {
      const i = ldf(gates, g0 + j)
      const f = ldf(gates, g0 + H + j)
      const g = ldf(gates, g0 + 2 * H + j)
      const o = ldf(gates, g0 + 3 * H + j)
      const tc = ldf(tanhCell, s0 + j)
      const d = ldf(dh, s0 + j)
      const dc = ldf(dCell, s0 + j) + d * o * (1 - tc * tc)
      store<f64>(dPre + (<usize>(g0 + j) << 3), dc * g * i * (1 - i))
      store<f64>(dPre + (<usize>(g0 + H + j) << 3), dc * ldf(cPrev, s0 + j) * f * (1 - f))
      store<f64>(dPre + (<usize>(g0 + 2 * H + j) << 3), dc * i * (1 - g * g))
      store<f64>(dPre + (<usize>(g0 + 3 * H + j) << 3), d * tc * o * (1 - o))
      store<f64>(dCell + (<usize>(s0 + j) << 3), dc * f)
    }
  }
}

/** out[0..n) += Σ over `rows` rows of m (rows × n): bias gradients. */
export function addColumnSums(out: usize, m: usize, rows: i32, n: i32): void {
  for (let r = 0; r < rows; r++) axpyOne(out, m + (<usize>(r * n) << 3), n)
}

// @ts-ignore: decorator
@inline
function axpyOne(y: usize, x: usize, len: i32): void {
  let p = 0
  for (; p + 2 <= len; p += 2) st(y, p, f64x2.add(ld(y, p), ld(x, p)))
  if (p < len) store<f64>(y + (<usize>p << 3), ldf(y, p) + ldf(x, p))
}
