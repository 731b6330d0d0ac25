/** The product check of every backend: every transpose of every shape against the reference product. */
import assert from 'node:assert/strict'
import type { Arena, Real } from '../../src-shared/engine/backend'
import { gemm as gemmReference } from '../../src-shared/engine/backend/reference'
import type { Rng } from '../../src-shared/engine/prng'

export type Product = (c: Real, a: Real, b: Real, m: number, n: number, k: number, transA: boolean, transB: boolean) => void

/**
 * Fill A, B and C from `rng` in `g`'s arena, run `product` (the kernel under test: by default `g.gemm`) and compare with
 * the reference; the worst relative difference must stay under `tolerance(k)` (only the summation order differs).
 */
export function checkGemmShapes(g: Arena<Real>, rng: Rng, shapes: ReadonlyArray<readonly [number, number, number]>,
                                tolerance: (k: number) => number, product: Product = (...args) => g.gemm(...args)): void {
  const normal = (x: Real) => {
    for (let i = 0; i < x.length; i++) x[i] = rng.normal()
    return x
  }
  for (const [m, n, k] of shapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const a = normal(g.alloc(m * k))
        const b = normal(g.alloc(k * n))
        const c = normal(g.alloc(m * n))
        const expected = g.precision === 'float64' ? Float64Array.from(c) : Float32Array.from(c)
        gemmReference(expected, a, b, m, n, k, transA, transB)
        product(c, a, b, m, n, k, transA, transB)
        let worst = 0
        for (let i = 0; i < c.length; i++) worst = Math.max(worst, Math.abs(c[i] - expected[i]) / (1 + Math.abs(expected[i])))
        assert.ok(worst < tolerance(k), `m=${m} n=${n} k=${k} transA=${transA} transB=${transB}: max rel diff ${worst}`)
      }
    }
  }
}
