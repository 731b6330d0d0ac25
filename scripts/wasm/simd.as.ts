// Helpers shared by the AssemblyScript kernels (gemm.as.ts, gates.as.ts), generic over the element type T (f32, f64).

/** c + a·b per lane, fused when the module is built with relaxed SIMD (one rounding instead of two). */
// @ts-ignore: decorator
@inline
export function madd<T>(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return v128.relaxed_madd<T>(a, b, c)
  return v128.add<T>(c, v128.mul<T>(a, b))
}

/** Byte address of element `index` of an array of T at `base`. */
// @ts-ignore: decorator
@inline
export function at<T>(base: usize, index: i32): usize {
  return base + <usize>index * sizeof<T>()
}
