// AssemblyScript source of the WebAssembly peak loop: the multiply-add rate the kernels' throughput is compared with
// (the bench's peak column). Compiled into the same module as gemm.as.ts (scripts/build-wasm.mjs).

import { madd } from './simd.as'

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
