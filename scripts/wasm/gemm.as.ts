// AssemblyScript source of the WebAssembly SIMD GEMM kernel (src-shared/engine/backend/wasm.ts loads the compiled module).
// Rebuild with `node scripts/build-wasm.mjs`; it rewrites src-shared/engine/backend/generated/wasmKernels.generated.ts. Not part of the TS build.
//
// C (m×n) += op(A) (m×k) · op(B) (k×n), row-major, with leading dimensions, in the GotoBLAS layout: blocks of op(B)
// (KC×NC) and op(A) (MC×KC) are packed into scratch (zero-padded to whole micro-panels), then a register-blocked
// micro-kernel (MR rows × two vectors, 8 accumulators) runs over each pair of panels. Packing also absorbs the
// transposes, so one kernel serves all four cases. Written once over the element type T: `gemm` is float64
// (4×4 tiles), `gemm32` float32 (4×8 tiles). Built with relaxed SIMD, multiply-adds are fused (relaxed_madd).

import { at, madd } from './simd.as'

const MR: i32 = 4
const KC: i32 = 256
const MC: i32 = 128
const NC: i32 = 1024

let packedA: usize = 0 // (MC, KC) as MC/MR panels of (KC, MR)
let packedB: usize = 0 // (KC, NC) as NC/NR panels of (KC, NR)
let edgeTile: usize = 0 // (MR, NR): partial tiles are computed here and then added to C

/** Columns of a micro-tile: two vectors of T (4 doubles or 8 floats). */
// @ts-ignore: decorator
@inline
function nr<T>(): i32 {
  return <i32>(32 / sizeof<T>())
}

/** Bytes of scratch the kernel needs (sized for doubles, so floats fit too). */
export function scratchBytes(): i32 {
  return (MC * KC + KC * NC + MR * 8) * 8
}

export function setScratch(ptr: usize): void {
  packedA = ptr
  packedB = ptr + <usize>(MC * KC * 8)
  edgeTile = packedB + <usize>(KC * NC * 8)
}

function packA<T>(a: usize, lda: i32, transA: i32, i0: i32, mc: i32, p0: i32, kc: i32): void {
  let dst = packedA
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir)
    if (transA && rows == MR) {
      // the MR values of op(A)'s column p are contiguous in the stored row p (the dW = dGᵀ X products)
      let src = at<T>(a, p0 * lda + i0 + ir)
      const stride = <usize>lda * sizeof<T>()
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src))
        if (sizeof<T>() == 8) v128.store(dst, v128.load(src, 16), 16)
        src += stride
        dst += MR * sizeof<T>()
      }
      continue
    }
    if (!transA && rows == MR) {
      // row i of the panel is a contiguous row of A: read it once, scatter with stride MR
      for (let i = 0; i < MR; i++) {
        const src = at<T>(a, (i0 + ir + i) * lda + p0)
        let out = dst + <usize>i * sizeof<T>()
        for (let p = 0; p < kc; p++) {
          store<T>(out, load<T>(at<T>(src, p)))
          out += MR * sizeof<T>()
        }
      }
      dst += <usize>(kc * MR) * sizeof<T>()
      continue
    }
    for (let p = 0; p < kc; p++) {
      for (let i = 0; i < MR; i++) {
        let v: T = 0
        if (i < rows) {
          const row = i0 + ir + i
          const col = p0 + p
          v = transA ? load<T>(at<T>(a, col * lda + row)) : load<T>(at<T>(a, row * lda + col))
        }
        store<T>(dst, v)
        dst += sizeof<T>()
      }
    }
  }
}

function packB<T>(b: usize, ldb: i32, transB: i32, p0: i32, kc: i32, j0: i32, nc: i32): void {
  const NR = nr<T>()
  let dst = packedB
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr)
    if (!transB && cols == NR) {
      // the common case: NR contiguous values (32 bytes) per row of B
      let src = at<T>(b, p0 * ldb + j0 + jr)
      const stride = <usize>ldb * sizeof<T>()
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src))
        v128.store(dst, v128.load(src, 16), 16)
        src += stride
        dst += 32
      }
      continue
    }
    if (transB && cols == NR) {
      // op(B)'s column j is the stored row j (x Wᵀ products): read it once, scatter with stride NR
      for (let j = 0; j < NR; j++) {
        const src = at<T>(b, (j0 + jr + j) * ldb + p0)
        let out = dst + <usize>j * sizeof<T>()
        for (let p = 0; p < kc; p++) {
          store<T>(out, load<T>(at<T>(src, p)))
          out += 32
        }
      }
      dst += <usize>kc * 32
      continue
    }
    for (let p = 0; p < kc; p++) {
      for (let j = 0; j < NR; j++) {
        let v: T = 0
        if (j < cols) {
          const row = p0 + p
          const col = j0 + jr + j
          v = transB ? load<T>(at<T>(b, col * ldb + row)) : load<T>(at<T>(b, row * ldb + col))
        }
        store<T>(dst, v)
        dst += sizeof<T>()
      }
    }
  }
}

/** C tile (rows ≤ MR, cols ≤ NR) += A panel · B panel over kc. */
function microKernel<T>(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, rows: i32, cols: i32): void {
  const S = sizeof<T>()
  let c00 = v128.splat<T>(0), c01 = v128.splat<T>(0)
  let c10 = v128.splat<T>(0), c11 = v128.splat<T>(0)
  let c20 = v128.splat<T>(0), c21 = v128.splat<T>(0)
  let c30 = v128.splat<T>(0), c31 = v128.splat<T>(0)
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp)
    const b1 = v128.load(bp, 16)
    let a = v128.load_splat<T>(ap)
    c00 = madd<T>(a, b0, c00)
    c01 = madd<T>(a, b1, c01)
    a = v128.load_splat<T>(ap + S)
    c10 = madd<T>(a, b0, c10)
    c11 = madd<T>(a, b1, c11)
    a = v128.load_splat<T>(ap + 2 * S)
    c20 = madd<T>(a, b0, c20)
    c21 = madd<T>(a, b1, c21)
    a = v128.load_splat<T>(ap + 3 * S)
    c30 = madd<T>(a, b0, c30)
    c31 = madd<T>(a, b1, c31)
    ap += <usize>MR * S
    bp += 32
  }
  const rowStride = <usize>ldc * S
  if (rows == MR && cols == nr<T>()) {
    let r = c
    v128.store(r, v128.add<T>(v128.load(r), c00))
    v128.store(r, v128.add<T>(v128.load(r, 16), c01), 16)
    r += rowStride
    v128.store(r, v128.add<T>(v128.load(r), c10))
    v128.store(r, v128.add<T>(v128.load(r, 16), c11), 16)
    r += rowStride
    v128.store(r, v128.add<T>(v128.load(r), c20))
    v128.store(r, v128.add<T>(v128.load(r, 16), c21), 16)
    r += rowStride
    v128.store(r, v128.add<T>(v128.load(r), c30))
    v128.store(r, v128.add<T>(v128.load(r, 16), c31), 16)
    return
  }
  const t = edgeTile
  v128.store(t, c00)
  v128.store(t, c01, 16)
  v128.store(t, c10, 32)
  v128.store(t, c11, 48)
  v128.store(t, c20, 64)
  v128.store(t, c21, 80)
  v128.store(t, c30, 96)
  v128.store(t, c31, 112)
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const dst = at<T>(c, i * ldc + j)
      store<T>(dst, load<T>(dst) + load<T>(at<T>(t, i * nr<T>() + j)))
    }
  }
}

function gemmOf<T>(transA: i32, transB: i32, m: i32, n: i32, k: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize,
  ldc: i32): void {
  const NR = nr<T>()
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc)
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc)
      packB<T>(b, ldb, transB, pc, kc, jc, nc)
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic)
        packA<T>(a, lda, transA, ic, mc, pc, kc)
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr)
          const bp = packedB + <usize>(jr * kc) * sizeof<T>()
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir)
            const ap = packedA + <usize>(ir * kc) * sizeof<T>()
            microKernel<T>(kc, ap, bp, at<T>(c, (ic + ir) * ldc + jc + jr), ldc, rows, cols)
          }
        }
      }
    }
  }
}

/**
 * C += op(A) · op(B). a, b, c are byte addresses in this module's memory; lda/ldb/ldc are row strides in elements
 * of the matrices as stored (A is m×k, or k×m when transA; B is k×n, or n×k when transB).
 */
export function gemm(transA: i32, transB: i32, m: i32, n: i32, k: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize,
  ldc: i32): void {
  gemmOf<f64>(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
}
export function gemm32(transA: i32, transB: i32, m: i32, n: i32, k: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize,
  ldc: i32): void {
  gemmOf<f32>(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
}

// ---- thin products: m, n or k below 4, where packing costs more than it saves ----

/** dot of `len` contiguous values at x and y. */
function dot<T>(x: usize, y: usize, len: i32): T {
  const L = <i32>(16 / sizeof<T>())
  let acc0 = v128.splat<T>(0)
  let acc1 = v128.splat<T>(0)
  let p = 0
  for (; p + 2 * L <= len; p += 2 * L) {
    acc0 = madd<T>(v128.load(at<T>(x, p)), v128.load(at<T>(y, p)), acc0)
    acc1 = madd<T>(v128.load(at<T>(x, p), 16), v128.load(at<T>(y, p), 16), acc1)
  }
  const acc = v128.add<T>(acc0, acc1)
  let s: T = v128.extract_lane<T>(acc, 0) + v128.extract_lane<T>(acc, 1)
  if (sizeof<T>() == 4) s += v128.extract_lane<T>(acc, 2) + v128.extract_lane<T>(acc, 3)
  for (; p < len; p++) s += load<T>(at<T>(x, p)) * load<T>(at<T>(y, p))
  return s
}

/** y[0..len) += alpha · x[0..len) */
function axpy<T>(y: usize, alpha: T, x: usize, len: i32): void {
  const L = <i32>(16 / sizeof<T>())
  const a = v128.splat<T>(alpha)
  let p = 0
  for (; p + L <= len; p += L) v128.store(at<T>(y, p), madd<T>(a, v128.load(at<T>(x, p)), v128.load(at<T>(y, p))))
  for (; p < len; p++) store<T>(at<T>(y, p), load<T>(at<T>(y, p)) + alpha * load<T>(at<T>(x, p)))
}

/**
 * c (m × n) += a (m × k) · b (k × n) for one or two rows (the impulse carry L_{j+1} = L_j A): n in blocks of four
 * vectors held in registers for all k, so b is read once and c is loaded and stored once per block, not once per
 * row of b as an axpy formulation does.
 */
function fewRowsTimes<T>(m: i32, n: i32, k: i32, a: usize, b: usize, c: usize): void {
  const L = <i32>(16 / sizeof<T>())
  const W = 4 * L
  const rowBytes = <usize>n * sizeof<T>()
  const two = m == 2
  let j = 0
  for (; j + W <= n; j += W) {
    let c00 = v128.splat<T>(0), c01 = v128.splat<T>(0), c02 = v128.splat<T>(0), c03 = v128.splat<T>(0)
    let c10 = v128.splat<T>(0), c11 = v128.splat<T>(0), c12 = v128.splat<T>(0), c13 = v128.splat<T>(0)
    let src = at<T>(b, j)
    for (let p = 0; p < k; p++) {
      const b0 = v128.load(src), b1 = v128.load(src, 16), b2 = v128.load(src, 32), b3 = v128.load(src, 48)
      const x0 = v128.splat<T>(load<T>(at<T>(a, p)))
      c00 = madd<T>(x0, b0, c00)
      c01 = madd<T>(x0, b1, c01)
      c02 = madd<T>(x0, b2, c02)
      c03 = madd<T>(x0, b3, c03)
      if (two) {
        const x1 = v128.splat<T>(load<T>(at<T>(a, k + p)))
        c10 = madd<T>(x1, b0, c10)
        c11 = madd<T>(x1, b1, c11)
        c12 = madd<T>(x1, b2, c12)
        c13 = madd<T>(x1, b3, c13)
      }
      src += rowBytes
    }
    addTo<T>(at<T>(c, j), c00, c01, c02, c03)
    if (two) addTo<T>(at<T>(c, n + j), c10, c11, c12, c13)
  }
  // the last n mod 4L columns: one axpy each way, as before
  if (j < n) {
    for (let p = 0; p < k; p++) {
      for (let i = 0; i < m; i++) axpy<T>(at<T>(c, i * n + j), load<T>(at<T>(a, i * k + p)), at<T>(b, p * n + j), n - j)
    }
  }
}

// @ts-ignore: decorator
@inline
function addTo<T>(dst: usize, x0: v128, x1: v128, x2: v128, x3: v128): void {
  v128.store(dst, v128.add<T>(v128.load(dst), x0))
  v128.store(dst, v128.add<T>(v128.load(dst, 16), x1), 16)
  v128.store(dst, v128.add<T>(v128.load(dst, 32), x2), 32)
  v128.store(dst, v128.add<T>(v128.load(dst, 48), x3), 48)
}

/**
 * c (m × n) += a (m × k) · bᵀ with b (n × k) and n one or two (the adjoint carry M_j Aᵀ, as A Mᵀ): four rows of a at
 * a time against the one or two rows of b, so each vector of b loaded serves four rows of a.
 */
function timesFewRowsT<T>(m: i32, n: i32, k: i32, a: usize, b: usize, c: usize): void {
  const L = <i32>(16 / sizeof<T>())
  const two = n == 2
  const b1row = at<T>(b, k)
  let i = 0
  for (; i + 4 <= m; i += 4) {
    const r0 = at<T>(a, i * k), r1 = at<T>(a, (i + 1) * k), r2 = at<T>(a, (i + 2) * k), r3 = at<T>(a, (i + 3) * k)
    let s00 = v128.splat<T>(0), s10 = v128.splat<T>(0), s20 = v128.splat<T>(0), s30 = v128.splat<T>(0)
    let s01 = v128.splat<T>(0), s11 = v128.splat<T>(0), s21 = v128.splat<T>(0), s31 = v128.splat<T>(0)
    let p = 0
    for (; p + L <= k; p += L) {
      const off = <usize>p * sizeof<T>()
      const x0 = v128.load(b + off)
      const a0 = v128.load(r0 + off), a1 = v128.load(r1 + off), a2 = v128.load(r2 + off), a3 = v128.load(r3 + off)
      s00 = madd<T>(a0, x0, s00)
      s10 = madd<T>(a1, x0, s10)
      s20 = madd<T>(a2, x0, s20)
      s30 = madd<T>(a3, x0, s30)
      if (two) {
        const x1 = v128.load(b1row + off)
        s01 = madd<T>(a0, x1, s01)
        s11 = madd<T>(a1, x1, s11)
        s21 = madd<T>(a2, x1, s21)
        s31 = madd<T>(a3, x1, s31)
      }
    }
    finishRow<T>(at<T>(c, i * n), r0, b, b1row, two, s00, s01, p, k)
    finishRow<T>(at<T>(c, (i + 1) * n), r1, b, b1row, two, s10, s11, p, k)
    finishRow<T>(at<T>(c, (i + 2) * n), r2, b, b1row, two, s20, s21, p, k)
    finishRow<T>(at<T>(c, (i + 3) * n), r3, b, b1row, two, s30, s31, p, k)
  }
  for (; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const dst = at<T>(c, i * n + j)
      store<T>(dst, load<T>(dst) + dot<T>(at<T>(a, i * k), at<T>(b, j * k), k))
    }
  }
}

/** dst[0] (and dst[1]) += the lanes of s0 (s1) plus the products of the columns from..k−1 the vectors did not cover. */
// @ts-ignore: decorator
@inline
function finishRow<T>(dst: usize, row: usize, b0row: usize, b1row: usize, two: bool, s0: v128, s1: v128, from: i32, k: i32): void {
  let t0: T = laneSum<T>(s0)
  let t1: T = two ? laneSum<T>(s1) : <T>0
  for (let q = from; q < k; q++) {
    const av = load<T>(at<T>(row, q))
    t0 += av * load<T>(at<T>(b0row, q))
    if (two) t1 += av * load<T>(at<T>(b1row, q))
  }
  store<T>(dst, load<T>(dst) + t0)
  if (two) store<T>(dst, load<T>(dst, sizeof<T>()) + t1, sizeof<T>())
}

// @ts-ignore: decorator
@inline
function laneSum<T>(x: v128): T {
  let s: T = v128.extract_lane<T>(x, 0) + v128.extract_lane<T>(x, 1)
  if (sizeof<T>() == 4) s += v128.extract_lane<T>(x, 2) + v128.extract_lane<T>(x, 3)
  return s
}

function gemmThinOf<T>(transA: i32, transB: i32, m: i32, n: i32, k: i32, a: usize, b: usize, c: usize): void {
  if (k == 1) transB = 0 // one row or one column of B: the same memory either way
  if (!transA && !transB && m <= 2) {
    fewRowsTimes<T>(m, n, k, a, b, c)
  } else if (!transA && transB && n <= 2) {
    timesFewRowsT<T>(m, n, k, a, b, c)
  } else if (!transA && !transB) {
    // row p of B once for all m rows of C (few rows: the impulse carry L_{j+1} = L_j A sweeps A once, not m times)
    for (let p = 0; p < k; p++) {
      for (let i = 0; i < m; i++) axpy<T>(at<T>(c, i * n), load<T>(at<T>(a, i * k + p)), at<T>(b, p * n), n)
    }
  } else if (!transA) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const dst = at<T>(c, i * n + j)
        store<T>(dst, load<T>(dst) + dot<T>(at<T>(a, i * k), at<T>(b, j * k), k))
      }
    }
  } else if (!transB && n == 1) {
    // c (m) += Aᵀ b: one axpy over the rows of A
    for (let p = 0; p < k; p++) axpy<T>(c, load<T>(at<T>(b, p)), at<T>(a, p * m), m)
  } else if (!transB) {
    for (let p = 0; p < k; p++) {
      for (let i = 0; i < m; i++) axpy<T>(at<T>(c, i * n), load<T>(at<T>(a, p * m + i)), at<T>(b, p * n), n)
    }
  } else {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s: T = 0
        for (let p = 0; p < k; p++) s += load<T>(at<T>(a, p * m + i)) * load<T>(at<T>(b, j * k + p))
        const dst = at<T>(c, i * n + j)
        store<T>(dst, load<T>(dst) + s)
      }
    }
  }
}

/** C += op(A) · op(B) for contiguous row-major operands, by rows (axpy) or dot products, without packing. */
export function gemmThin(transA: i32, transB: i32, m: i32, n: i32, k: i32, a: usize, b: usize, c: usize): void {
  gemmThinOf<f64>(transA, transB, m, n, k, a, b, c)
}
export function gemmThin32(transA: i32, transB: i32, m: i32, n: i32, k: i32, a: usize, b: usize, c: usize): void {
  gemmThinOf<f32>(transA, transB, m, n, k, a, b, c)
}

/**
 * The machine's limit for these kernels: `iterations` rounds of 12 independent vector multiply-adds c = c·a + b
 * (enough chains in flight to hide the latency), nothing read from memory. Each round is 12 × 2 × lanes flops.
 * Returns a lane so the work cannot be dropped.
 */
export function peakLoop(iterations: i32, single: i32): f64 {
  if (single) return peakOf<f32>(iterations)
  return peakOf<f64>(iterations)
}

function peakOf<T>(iterations: i32): f64 {
  const a = v128.splat<T>(<T>0.999999)
  const b = v128.splat<T>(<T>1e-7)
  let c0 = v128.splat<T>(1), c1 = v128.splat<T>(2), c2 = v128.splat<T>(3), c3 = v128.splat<T>(4)
  let c4 = v128.splat<T>(5), c5 = v128.splat<T>(6), c6 = v128.splat<T>(7), c7 = v128.splat<T>(8)
  let c8 = v128.splat<T>(9), c9 = v128.splat<T>(10), c10 = v128.splat<T>(11), c11 = v128.splat<T>(12)
  for (let i = 0; i < iterations; i++) {
    c0 = madd<T>(c0, a, b)
    c1 = madd<T>(c1, a, b)
    c2 = madd<T>(c2, a, b)
    c3 = madd<T>(c3, a, b)
    c4 = madd<T>(c4, a, b)
    c5 = madd<T>(c5, a, b)
    c6 = madd<T>(c6, a, b)
    c7 = madd<T>(c7, a, b)
    c8 = madd<T>(c8, a, b)
    c9 = madd<T>(c9, a, b)
    c10 = madd<T>(c10, a, b)
    c11 = madd<T>(c11, a, b)
  }
  const s0 = v128.add<T>(v128.add<T>(v128.add<T>(c0, c1), v128.add<T>(c2, c3)), v128.add<T>(v128.add<T>(c4, c5), v128.add<T>(c6, c7)))
  const s = v128.add<T>(s0, v128.add<T>(v128.add<T>(c8, c9), v128.add<T>(c10, c11)))
  return <f64>v128.extract_lane<T>(s, 0)
}
