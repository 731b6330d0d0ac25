// AssemblyScript source of the WebAssembly SIMD GEMM kernel (src-shared/engine/backend/wasm.ts loads the compiled module).
// Rebuild with `node scripts/build-wasm.mjs`; it rewrites src-shared/engine/backend/generated/wasmKernels.generated.ts. Not part of the TS build.
//
// C (m×n) += op(A) (m×k) · op(B) (k×n), row-major, with leading dimensions, in the GotoBLAS layout: blocks of op(B)
// (KC×NC) and op(A) (MC×KC) are packed into scratch (zero-padded to whole micro-panels), then a register-blocked
// micro-kernel (MR rows × two vectors, 8 accumulators) runs over each pair of panels. Packing also absorbs the
// transposes, so one kernel serves all four cases. Written once over the element type T: `gemm` is float64
// (4×4 tiles), `gemm32` float32 (4×8 tiles). Built with relaxed SIMD, multiply-adds are fused (relaxed_madd). Products
// with m, n or k below 4 go to gemmThin.as.ts instead; the peak loop is in peak.as.ts.

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
