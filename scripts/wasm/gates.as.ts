// AssemblyScript source of the GRU/LSTM gate arithmetic in WebAssembly SIMD (compiled into the same module as the
// GEMM kernel, see build-wasm.mjs): V8's scalar Math.exp/Math.tanh cost tens of ns each, and a width-100 GRU step
// evaluates millions of them. Written once over the element type T: the float64 kernels compute exp to float64
// accuracy (range reduction by ln 2, degree-13 polynomial), the float32 ones (suffix 32) to float32 accuracy
// (degree 7). Each kernel runs whole vectors, then the odd tail one lane at a time through the same code. The same
// formulas (σ(a) = 1 / (2 + expm1(−a)), tanh(a) = e / (e + 2) with e = expm1(2a)) are the reference's
// (src-shared/engine/backend/reference.ts, with Math.expm1) and the native kernel's (native/kernel.cc).
import { at, madd } from './simd.as'

const LOG2E: f64 = 1.4426950408889634
const LN2_HI: f64 = 6.93147180369123816490e-01 // fdlibm's split of ln 2: n·LN2_HI is exact for |n| < 2^20
const LN2_LO: f64 = 1.90821492927058770002e-10
const LN2_HI_F: f32 = 0.693359375 // Cephes' float split: n·LN2_HI_F is exact for |n| < 2^9
const LN2_LO_F: f32 = -2.12194440e-4

// @ts-ignore: decorator
@inline
function splat<T>(x: f64): v128 {
  return v128.splat<T>(<T>x)
}

/** e^x − 1 per lane, accurate near 0 (so tanh of tiny pre-activations keeps its relative precision). */
// @ts-ignore: decorator
@inline
function expm1v<T>(x0: v128): v128 {
  if (sizeof<T>() == 8) {
    const x = f64x2.min(f64x2.max(x0, f64x2.splat(-700)), f64x2.splat(700))
    const n = f64x2.nearest(f64x2.mul(x, f64x2.splat(LOG2E)))
    const r = f64x2.sub(f64x2.sub(x, f64x2.mul(n, f64x2.splat(LN2_HI))), f64x2.mul(n, f64x2.splat(LN2_LO)))
    // e^r − 1 = r + r²/2! + … + r¹³/13!, |r| ≤ ln2/2: truncation below 1e-17 relative
    let q = f64x2.splat(1.0 / 6227020800.0)
    q = madd<f64>(q, r, f64x2.splat(1.0 / 479001600.0))
    q = madd<f64>(q, r, f64x2.splat(1.0 / 39916800.0))
    q = madd<f64>(q, r, f64x2.splat(1.0 / 3628800.0))
    q = madd<f64>(q, r, f64x2.splat(1.0 / 362880.0))
    q = madd<f64>(q, r, f64x2.splat(1.0 / 40320.0))
    q = madd<f64>(q, r, f64x2.splat(1.0 / 5040.0))
    q = madd<f64>(q, r, f64x2.splat(1.0 / 720.0))
    q = madd<f64>(q, r, f64x2.splat(1.0 / 120.0))
    q = madd<f64>(q, r, f64x2.splat(1.0 / 24.0))
    q = madd<f64>(q, r, f64x2.splat(1.0 / 6.0))
    q = madd<f64>(q, r, f64x2.splat(0.5))
    const p = madd<f64>(f64x2.mul(r, r), q, r)
    // 2^n from its exponent bits
    const ni = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(n))
    const twoN = i64x2.shl(i64x2.add(ni, i64x2.splat(1023)), 52)
    return madd<f64>(twoN, p, f64x2.sub(twoN, f64x2.splat(1)))
  } else {
    const x = f32x4.min(f32x4.max(x0, f32x4.splat(-87)), f32x4.splat(87))
    const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(<f32>LOG2E)))
    const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI_F))), f32x4.mul(n, f32x4.splat(LN2_LO_F)))
    // e^r − 1 = r + r²/2! + … + r⁷/7!, |r| ≤ ln2/2: truncation below 1e-8 relative
    let q = f32x4.splat(<f32>(1.0 / 5040.0))
    q = madd<f32>(q, r, f32x4.splat(<f32>(1.0 / 720.0)))
    q = madd<f32>(q, r, f32x4.splat(<f32>(1.0 / 120.0)))
    q = madd<f32>(q, r, f32x4.splat(<f32>(1.0 / 24.0)))
    q = madd<f32>(q, r, f32x4.splat(<f32>(1.0 / 6.0)))
    q = madd<f32>(q, r, f32x4.splat(0.5))
    const p = madd<f32>(f32x4.mul(r, r), q, r)
    const twoN = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23)
    return madd<f32>(twoN, p, f32x4.sub(twoN, f32x4.splat(1)))
  }
}

// @ts-ignore: decorator
@inline
function sigmoidv<T>(a: v128): v128 {
  return v128.div<T>(splat<T>(1), v128.add<T>(splat<T>(2), expm1v<T>(v128.neg<T>(a))))
}

// @ts-ignore: decorator
@inline
function tanhv<T>(a: v128): v128 {
  const e = expm1v<T>(v128.add<T>(a, a))
  return v128.div<T>(e, v128.add<T>(e, splat<T>(2)))
}

/** Scalar float64 versions (lane 0), exported for tests of the approximations. */
export function sigmoid(a: f64): f64 {
  return f64x2.extract_lane(sigmoidv<f64>(f64x2.splat(a)), 0)
}
export function tanh(a: f64): f64 {
  return f64x2.extract_lane(tanhv<f64>(f64x2.splat(a)), 0)
}

/** A whole vector at element i, or (tail) element i in every lane. */
// @ts-ignore: decorator
@inline
function ld<T>(base: usize, i: i32, vector: bool): v128 {
  return vector ? v128.load(at<T>(base, i)) : v128.load_splat<T>(at<T>(base, i))
}
/** Stores a whole vector at element i, or (tail) lane 0 there. */
// @ts-ignore: decorator
@inline
function st<T>(base: usize, i: i32, v: v128, vector: bool): void {
  if (vector) v128.store(at<T>(base, i), v)
  else store<T>(at<T>(base, i), v128.extract_lane<T>(v, 0))
}

// @ts-ignore: decorator
@inline
function lanes<T>(): i32 {
  return <i32>(16 / sizeof<T>())
}

// @ts-ignore: decorator
@inline
function gruLanes<T>(pre: usize, hh: usize, gates: usize, hPrev: usize, hNext: usize, g0: i32, s0: i32, H: i32, j: i32,
  vector: bool): void {
  const one = splat<T>(1)
  const r = sigmoidv<T>(v128.add<T>(ld<T>(pre, g0 + j, vector), ld<T>(hh, g0 + j, vector)))
  const z = sigmoidv<T>(v128.add<T>(ld<T>(pre, g0 + H + j, vector), ld<T>(hh, g0 + H + j, vector)))
  const n = tanhv<T>(madd<T>(r, ld<T>(hh, g0 + 2 * H + j, vector), ld<T>(pre, g0 + 2 * H + j, vector)))
  st<T>(gates, g0 + j, r, vector)
  st<T>(gates, g0 + H + j, z, vector)
  st<T>(gates, g0 + 2 * H + j, n, vector)
  st<T>(hNext, s0 + j, madd<T>(z, ld<T>(hPrev, s0 + j, vector), v128.mul<T>(v128.sub<T>(one, z), n)), vector)
}

/**
 * One GRU step for B rows (torch.nn.GRU): pre = W_ih x + b_ih and hh = W_hh h + b_hh, (B, 3H) each, gates (r, z, n)
 * written to `gates`, h' = (1 − z) n + z h written to hNext.
 */
function gruGatesOf<T>(pre: usize, hh: usize, gates: usize, hPrev: usize, hNext: usize, B: i32, H: i32): void {
  const G = 3 * H
  const L = lanes<T>()
  for (let b = 0; b < B; b++) {
    const g0 = b * G
    const s0 = b * H
    let j = 0
    for (; j + L <= H; j += L) gruLanes<T>(pre, hh, gates, hPrev, hNext, g0, s0, H, j, true)
    for (; j < H; j++) gruLanes<T>(pre, hh, gates, hPrev, hNext, g0, s0, H, j, false)
  }
}

// @ts-ignore: decorator
@inline
function lstmLanes<T>(pre: usize, gates: usize, cPrev: usize, cNext: usize, tanhCell: usize, hNext: usize, g0: i32,
  s0: i32, H: i32, j: i32, vector: bool): void {
  const i = sigmoidv<T>(ld<T>(pre, g0 + j, vector))
  const f = sigmoidv<T>(ld<T>(pre, g0 + H + j, vector))
  const g = tanhv<T>(ld<T>(pre, g0 + 2 * H + j, vector))
  const o = sigmoidv<T>(ld<T>(pre, g0 + 3 * H + j, vector))
  const c = madd<T>(f, ld<T>(cPrev, s0 + j, vector), v128.mul<T>(i, g))
  const tc = tanhv<T>(c)
  st<T>(gates, g0 + j, i, vector)
  st<T>(gates, g0 + H + j, f, vector)
  st<T>(gates, g0 + 2 * H + j, g, vector)
  st<T>(gates, g0 + 3 * H + j, o, vector)
  st<T>(cNext, s0 + j, c, vector)
  st<T>(tanhCell, s0 + j, tc, vector)
  st<T>(hNext, s0 + j, v128.mul<T>(o, tc), vector)
}

/**
 * One LSTM step for B rows (torch.nn.LSTM): pre (B, 4H) holds the full pre-activation; writes gates (i, f, g, o),
 * c' = f c + i g to cNext, tanh(c') to tanhCell and h' = o tanh(c') to hNext.
 */
function lstmGatesOf<T>(pre: usize, gates: usize, cPrev: usize, cNext: usize, tanhCell: usize, hNext: usize, B: i32, H: i32): void {
  const G = 4 * H
  const L = lanes<T>()
  for (let b = 0; b < B; b++) {
    const g0 = b * G
    const s0 = b * H
    let j = 0
    for (; j + L <= H; j += L) lstmLanes<T>(pre, gates, cPrev, cNext, tanhCell, hNext, g0, s0, H, j, true)
    for (; j < H; j++) lstmLanes<T>(pre, gates, cPrev, cNext, tanhCell, hNext, g0, s0, H, j, false)
  }
}

// @ts-ignore: decorator
@inline
function gruBackwardLanes<T>(dh: usize, gates: usize, hPrev: usize, hh: usize, dPre: usize, dHh: usize, dhPrev: usize,
  carry: i32, g0: i32, s0: i32, H: i32, j: i32, vector: bool): void {
  const one = splat<T>(1)
  const r = ld<T>(gates, g0 + j, vector)
  const z = ld<T>(gates, g0 + H + j, vector)
  const n = ld<T>(gates, g0 + 2 * H + j, vector)
  const d = ld<T>(dh, s0 + j, vector)
  const dan = v128.mul<T>(v128.mul<T>(d, v128.sub<T>(one, z)), v128.sub<T>(one, v128.mul<T>(n, n)))
  const daz = v128.mul<T>(v128.mul<T>(d, v128.sub<T>(ld<T>(hPrev, s0 + j, vector), n)), v128.mul<T>(z, v128.sub<T>(one, z)))
  const dar = v128.mul<T>(v128.mul<T>(dan, ld<T>(hh, g0 + 2 * H + j, vector)), v128.mul<T>(r, v128.sub<T>(one, r)))
  st<T>(dPre, g0 + j, dar, vector)
  st<T>(dPre, g0 + H + j, daz, vector)
  st<T>(dPre, g0 + 2 * H + j, dan, vector)
  st<T>(dHh, g0 + j, dar, vector)
  st<T>(dHh, g0 + H + j, daz, vector)
  st<T>(dHh, g0 + 2 * H + j, v128.mul<T>(dan, r), vector)
  if (carry) st<T>(dhPrev, s0 + j, madd<T>(d, z, ld<T>(dhPrev, s0 + j, vector)), vector)
}

/**
 * GRU backward for one step's B rows: from dh (dL/dh'), the cached gates, hPrev and hh, writes the pre-activation
 * gradients dPre (of W_ih x + b_ih) and dHh (of W_hh h + b_hh), and adds z ⊙ dh into dhPrev when `carry` is set.
 */
function gruGatesBackwardOf<T>(dh: usize, gates: usize, hPrev: usize, hh: usize, dPre: usize, dHh: usize, dhPrev: usize,
  carry: i32, B: i32, H: i32): void {
  const G = 3 * H
  const L = lanes<T>()
  for (let b = 0; b < B; b++) {
    const g0 = b * G
    const s0 = b * H
    let j = 0
    for (; j + L <= H; j += L) gruBackwardLanes<T>(dh, gates, hPrev, hh, dPre, dHh, dhPrev, carry, g0, s0, H, j, true)
    for (; j < H; j++) gruBackwardLanes<T>(dh, gates, hPrev, hh, dPre, dHh, dhPrev, carry, g0, s0, H, j, false)
  }
}

// @ts-ignore: decorator
@inline
function lstmBackwardLanes<T>(dh: usize, gates: usize, cPrev: usize, tanhCell: usize, dCell: usize, dPre: usize, g0: i32,
  s0: i32, H: i32, j: i32, vector: bool): void {
  const one = splat<T>(1)
  const i = ld<T>(gates, g0 + j, vector)
  const f = ld<T>(gates, g0 + H + j, vector)
  const g = ld<T>(gates, g0 + 2 * H + j, vector)
  const o = ld<T>(gates, g0 + 3 * H + j, vector)
  const tc = ld<T>(tanhCell, s0 + j, vector)
  const d = ld<T>(dh, s0 + j, vector)
  const dc = madd<T>(v128.mul<T>(d, o), v128.sub<T>(one, v128.mul<T>(tc, tc)), ld<T>(dCell, s0 + j, vector))
  st<T>(dPre, g0 + j, v128.mul<T>(v128.mul<T>(dc, g), v128.mul<T>(i, v128.sub<T>(one, i))), vector)
  st<T>(dPre, g0 + H + j, v128.mul<T>(v128.mul<T>(dc, ld<T>(cPrev, s0 + j, vector)), v128.mul<T>(f, v128.sub<T>(one, f))), vector)
  st<T>(dPre, g0 + 2 * H + j, v128.mul<T>(v128.mul<T>(dc, i), v128.sub<T>(one, v128.mul<T>(g, g))), vector)
  st<T>(dPre, g0 + 3 * H + j, v128.mul<T>(v128.mul<T>(d, tc), v128.mul<T>(o, v128.sub<T>(one, o))), vector)
  st<T>(dCell, s0 + j, v128.mul<T>(dc, f), vector)
}

/**
 * LSTM backward for one step's B rows: from dh (dL/dh') and dCell (dL/dc' carried from the next step), writes the
 * pre-activation gradients dPre and replaces dCell by dL/dc = (dCell + dh o (1 − tanh² c')) f.
 */
function lstmGatesBackwardOf<T>(dh: usize, gates: usize, cPrev: usize, tanhCell: usize, dCell: usize, dPre: usize, B: i32,
  H: i32): void {
  const G = 4 * H
  const L = lanes<T>()
  for (let b = 0; b < B; b++) {
    const g0 = b * G
    const s0 = b * H
    let j = 0
    for (; j + L <= H; j += L) lstmBackwardLanes<T>(dh, gates, cPrev, tanhCell, dCell, dPre, g0, s0, H, j, true)
    for (; j < H; j++) lstmBackwardLanes<T>(dh, gates, cPrev, tanhCell, dCell, dPre, g0, s0, H, j, false)
  }
}

/** out[0..n) += Σ over `rows` rows of m (rows × n): bias gradients. */
function addColumnSumsOf<T>(out: usize, m: usize, rows: i32, n: i32): void {
  const L = lanes<T>()
  for (let r = 0; r < rows; r++) {
    const x = at<T>(m, r * n)
    let p = 0
    for (; p + L <= n; p += L) v128.store(at<T>(out, p), v128.add<T>(v128.load(at<T>(out, p)), v128.load(at<T>(x, p))))
    for (; p < n; p++) store<T>(at<T>(out, p), load<T>(at<T>(out, p)) + load<T>(at<T>(x, p)))
  }
}

export function gruGates(pre: usize, hh: usize, gates: usize, hPrev: usize, hNext: usize, B: i32, H: i32): void {
  gruGatesOf<f64>(pre, hh, gates, hPrev, hNext, B, H)
}
export function gruGates32(pre: usize, hh: usize, gates: usize, hPrev: usize, hNext: usize, B: i32, H: i32): void {
  gruGatesOf<f32>(pre, hh, gates, hPrev, hNext, B, H)
}
export function lstmGates(pre: usize, gates: usize, cPrev: usize, cNext: usize, tanhCell: usize, hNext: usize, B: i32, H: i32): void {
  lstmGatesOf<f64>(pre, gates, cPrev, cNext, tanhCell, hNext, B, H)
}
export function lstmGates32(pre: usize, gates: usize, cPrev: usize, cNext: usize, tanhCell: usize, hNext: usize, B: i32, H: i32): void {
  lstmGatesOf<f32>(pre, gates, cPrev, cNext, tanhCell, hNext, B, H)
}
export function gruGatesBackward(dh: usize, gates: usize, hPrev: usize, hh: usize, dPre: usize, dHh: usize, dhPrev: usize,
  carry: i32, B: i32, H: i32): void {
  gruGatesBackwardOf<f64>(dh, gates, hPrev, hh, dPre, dHh, dhPrev, carry, B, H)
}
export function gruGatesBackward32(dh: usize, gates: usize, hPrev: usize, hh: usize, dPre: usize, dHh: usize, dhPrev: usize,
  carry: i32, B: i32, H: i32): void {
  gruGatesBackwardOf<f32>(dh, gates, hPrev, hh, dPre, dHh, dhPrev, carry, B, H)
}
export function lstmGatesBackward(dh: usize, gates: usize, cPrev: usize, tanhCell: usize, dCell: usize, dPre: usize, B: i32, H: i32): void {
  lstmGatesBackwardOf<f64>(dh, gates, cPrev, tanhCell, dCell, dPre, B, H)
}
export function lstmGatesBackward32(dh: usize, gates: usize, cPrev: usize, tanhCell: usize, dCell: usize, dPre: usize, B: i32, H: i32): void {
  lstmGatesBackwardOf<f32>(dh, gates, cPrev, tanhCell, dCell, dPre, B, H)
}
export function addColumnSums(out: usize, m: usize, rows: i32, n: i32): void {
  addColumnSumsOf<f64>(out, m, rows, n)
}
export function addColumnSums32(out: usize, m: usize, rows: i32, n: i32): void {
  addColumnSumsOf<f32>(out, m, rows, n)
}
