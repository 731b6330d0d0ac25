// AssemblyScript source of the WebAssembly SIMD GEMM kernel (src-shared/engine/gemm.ts loads the compiled module).
// Rebuild with `node scripts/build-wasm.mjs`; it rewrites src-shared/engine/gemmWasm.ts. Not part of the TS build.
//
// C (m×n) += op(A) (m×k) · op(B) (k×n), row-major float64 with leading dimensions, in the GotoBLAS layout:
// blocks of op(B) (KC×NC) and op(A) (MC×KC) are packed into scratch (zero-padded to whole micro-panels), then a
// 4×4 register-blocked micro-kernel (8 f64x2 accumulators) runs over each pair of panels. Packing also absorbs
// the transposes, so one kernel serves all four cases.

const MR: i32 = 4
const NR: i32 = 4
const KC: i32 = 256
const MC: i32 = 128
const NC: i32 = 1024

let packedA: usize = 0 // (MC, KC) as MC/MR panels of (KC, MR)
let packedB: usize = 0 // (KC, NC) as NC/NR panels of (KC, NR)
let edgeTile: usize = 0 // (MR, NR): partial tiles are computed here and then added to C

/** Bytes of scratch the kernel needs; the caller reserves them in the shared memory and passes the address. */
export function scratchBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) * 8
}

export function setScratch(ptr: usize): void {
  packedA = ptr
  packedB = ptr + <usize>(MC * KC * 8)
  edgeTile = packedB + <usize>(KC * NC * 8)
}

function packA(a: usize, lda: i32, transA: i32, i0: i32, mc: i32, p0: i32, kc: i32): void {
  let dst = packedA
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir)
    if (transA && rows == MR) {
      // the MR values of op(A)'s column p are contiguous in the stored row p (the dW = dGᵀ X products)
      let src = a + (<usize>(p0 * lda + i0 + ir) << 3)
      const stride = <usize>lda << 3
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src))
        v128.store(dst, v128.load(src, 16), 16)
        src += stride
        dst += 32
      }
      continue
    }
    for (let p = 0; p < kc; p++) {
      for (let i = 0; i < MR; i++) {
        let v: f64 = 0
        if (i < rows) {
          const row = i0 + ir + i
          const col = p0 + p
          v = transA ? load<f64>(a + (<usize>(col * lda + row) << 3)) : load<f64>(a + (<usize>(row * lda + col) << 3))
        }
        store<f64>(dst, v)
        dst += 8
      }
    }
  }
}

function packB(b: usize, ldb: i32, transB: i32, p0: i32, kc: i32, j0: i32, nc: i32): void {
  let dst = packedB
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr)
    if (!transB && cols == NR) {
      // the common case: four contiguous doubles per row of B
      let src = b + (<usize>(p0 * ldb + j0 + jr) << 3)
      const stride = <usize>ldb << 3
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src))
        v128.store(dst, v128.load(src, 16), 16)
        src += stride
        dst += 32
      }
      continue
    }
    for (let p = 0; p < kc; p++) {
      for (let j = 0; j < NR; j++) {
        let v: f64 = 0
        if (j < cols) {
          const row = p0 + p
          const col = j0 + jr + j
          v = transB ? load<f64>(b + (<usize>(col * ldb + row) << 3)) : load<f64>(b + (<usize>(row * ldb + col) << 3))
        }
        store<f64>(dst, v)
        dst += 8
      }
    }
  }
}

/** C tile (rows ≤ MR, cols ≤ NR) += A panel · B panel over kc. */
function microKernel(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, rows: i32, cols: i32): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0)
  let c10 = f64x2.splat(0), c11 = f64x2.splat(0)
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0)
  let c30 = f64x2.splat(0), c31 = f64x2.splat(0)
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp)
    const b1 = v128.load(bp, 16)
    let a = v128.load64_splat(ap)
    c00 = f64x2.add(c00, f64x2.mul(a, b0))
    c01 = f64x2.add(c01, f64x2.mul(a, b1))
    a = v128.load64_splat(ap, 8)
    c10 = f64x2.add(c10, f64x2.mul(a, b0))
    c11 = f64x2.add(c11, f64x2.mul(a, b1))
    a = v128.load64_splat(ap, 16)
    c20 = f64x2.add(c20, f64x2.mul(a, b0))
    c21 = f64x2.add(c21, f64x2.mul(a, b1))
    a = v128.load64_splat(ap, 24)
    c30 = f64x2.add(c30, f64x2.mul(a, b0))
    c31 = f64x2.add(c31, f64x2.mul(a, b1))
    ap += 32
    bp += 32
  }
  const rowStride = <usize>ldc << 3
  if (rows == MR && cols == NR) {
    let r = c
    v128.store(r, f64x2.add(v128.load(r), c00))
    v128.store(r, f64x2.add(v128.load(r, 16), c01), 16)
    r += rowStride
    v128.store(r, f64x2.add(v128.load(r), c10))
    v128.store(r, f64x2.add(v128.load(r, 16), c11), 16)
    r += rowStride
    v128.store(r, f64x2.add(v128.load(r), c20))
    v128.store(r, f64x2.add(v128.load(r, 16), c21), 16)
    r += rowStride
    v128.store(r, f64x2.add(v128.load(r), c30))
    v128.store(r, f64x2.add(v128.load(r, 16), c31), 16)
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
      const dst = c + (<usize>(i * ldc + j) << 3)
      store<f64>(dst, load<f64>(dst) + load<f64>(t + (<usize>(i * NR + j) << 3)))
    }
  }
}

/**
 * C += op(A) · op(B). a, b, c are byte addresses in this module's memory; lda/ldb/ldc are row strides in elements
 * of the matrices as stored (A is m×k, or k×m when transA; B is k×n, or n×k when transB).
 */
export function gemm(
  transA: i32, transB: i32, m: i32, n: i32, k: i32,
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32,
): void {
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc)
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc)
      packB(b, ldb, transB, pc, kc, jc, nc)
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic)
        packA(a, lda, transA, ic, mc, pc, kc)
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr)
          const bp = packedB + (<usize>(jr * kc) << 3)
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir)
            const ap = packedA + (<usize>(ir * kc) << 3)
            const cTile = c + (<usize>((ic + ir) * ldc + jc + jr) << 3)
            microKernel(kc, ap, bp, cTile, ldc, rows, cols)
          }
        }
      }
    }
  }
}

// ---- thin products: n or k below 4, where packing costs more than it saves ----

/** dot of `len` contiguous doubles at x and y. */
function dot(x: usize, y: usize, len: i32): f64 {
  let acc0 = f64x2.splat(0)
  let acc1 = f64x2.splat(0)
  let p = 0
  for (; p + 4 <= len; p += 4) {
    const o = <usize>p << 3
    acc0 = f64x2.add(acc0, f64x2.mul(v128.load(x + o), v128.load(y + o)))
    acc1 = f64x2.add(acc1, f64x2.mul(v128.load(x + o, 16), v128.load(y + o, 16)))
  }
  const acc = f64x2.add(acc0, acc1)
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1)
  for (; p < len; p++) s += load<f64>(x + (<usize>p << 3)) * load<f64>(y + (<usize>p << 3))
  return s
}

/** y[0..len) += alpha · x[0..len) */
function axpy(y: usize, alpha: f64, x: usize, len: i32): void {
  const a = f64x2.splat(alpha)
  let p = 0
  for (; p + 2 <= len; p += 2) {
    const o = <usize>p << 3
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(a, v128.load(x + o))))
  }
  if (p < len) {
    const o = <usize>p << 3
    store<f64>(y + o, load<f64>(y + o) + alpha * load<f64>(x + o))
  }
}

/** C += op(A) · op(B) for contiguous row-major operands, by rows (axpy) or dot products, without packing. */
export function gemmThin(transA: i32, transB: i32, m: i32, n: i32, k: i32, a: usize, b: usize, c: usize): void {
  if (k == 1) transB = 0 // one row or one column of B: the same memory either way
  if (!transA && !transB) {
    for (let i = 0; i < m; i++) {
      for (let p = 0; p < k; p++) axpy(c + (<usize>(i * n) << 3), load<f64>(a + (<usize>(i * k + p) << 3)), b + (<usize>(p * n) << 3), n)
    }
  } else if (!transA) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const dst = c + (<usize>(i * n + j) << 3)
        store<f64>(dst, load<f64>(dst) + dot(a + (<usize>(i * k) << 3), b + (<usize>(j * k) << 3), k))
      }
    }
  } else if (!transB && n == 1) {
    // c (m) += Aᵀ b: one axpy over the rows of A
    for (let p = 0; p < k; p++) axpy(c, load<f64>(b + (<usize>p << 3)), a + (<usize>(p * m) << 3), m)
  } else if (!transB) {
    for (let p = 0; p < k; p++) {
      for (let i = 0; i < m; i++) axpy(c + (<usize>(i * n) << 3), load<f64>(a + (<usize>(p * m + i) << 3)), b + (<usize>(p * n) << 3), n)
    }
  } else {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s: f64 = 0
        for (let p = 0; p < k; p++) s += load<f64>(a + (<usize>(p * m + i) << 3)) * load<f64>(b + (<usize>(j * k + p) << 3))
        const dst = c + (<usize>(i * n + j) << 3)
        store<f64>(dst, load<f64>(dst) + s)
      }
    }
  }
}
