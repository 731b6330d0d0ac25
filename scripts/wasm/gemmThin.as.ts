// AssemblyScript source of the thin WebAssembly products: C += op(A) · op(B) when m, n or k is below 4, where packing
// (gemm.as.ts) costs more than it saves: by rows (axpy) or dot products, and for the one- or two-row carries of the
// impulse responses with columns or rows held in registers. Compiled into the same module as gemm.as.ts
// (scripts/build-wasm.mjs). Written once over the element type T (f64, f32: suffix 32); built with relaxed SIMD,
// multiply-adds are fused (relaxed_madd).

import { at, madd } from './simd.as'

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
