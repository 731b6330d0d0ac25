// The WebAssembly SIMD GEMM against the TypeScript reference (random shapes, odd sizes, all transposes), and the
// committed module against a fresh build of scripts/wasm/gemm.as.ts when AssemblyScript is installed.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createGemm, gemmReference, wasmGemmAvailable } from '../../../src-shared/engine/gemm'
import { Rng } from '../../../src-shared/engine/prng'

const root = new URL('../../../', import.meta.url).pathname

test('the SIMD kernel is available in Node', () => {
  assert.ok(wasmGemmAvailable())
  assert.equal(createGemm(10).backend, 'wasm')
})

test('wasm gemm matches the reference on random shapes, odd sizes and every transpose', () => {
  const rng = new Rng(7, 'gemm')
  const shapes: Array<[number, number, number]> = [
    [1, 1, 1], [3, 5, 7], [4, 4, 4], [5, 3, 1], [17, 9, 33], [100, 300, 1], [33, 65, 257], [130, 7, 300], [2, 1030, 3],
  ]
  for (let trial = 0; trial < 6; trial++) shapes.push([1 + rng.int(70), 1 + rng.int(70), 1 + rng.int(300)])
  const g = createGemm(3_000_000)
  for (const [m, n, k] of shapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const a = rng.fillNormal(g.alloc(m * k))
        const b = rng.fillNormal(g.alloc(k * n))
        const c = rng.fillNormal(g.alloc(m * n))
        const expected = Float64Array.from(c)
        gemmReference(expected, a, b, m, n, k, transA, transB)
        g.gemm(c, a, b, m, n, k, transA, transB)
        let worst = 0
        for (let i = 0; i < c.length; i++) worst = Math.max(worst, Math.abs(c[i] - expected[i]) / (1 + Math.abs(expected[i])))
        // different summation order only: float64 rounding grows like √k ε
        assert.ok(worst < 1e-12, `m=${m} n=${n} k=${k} transA=${transA} transB=${transB}: max rel diff ${worst}`)
      }
    }
  }
})

test('subarray views are multiplied in place and operands from elsewhere are refused', () => {
  const g = createGemm(1000)
  const buf = g.alloc(40)
  buf.set([1, 2, 3, 4], 10) // A (2×2) at offset 10
  buf.set([5, 6, 7, 8], 20) // B (2×2) at offset 20
  g.gemm(buf.subarray(30, 34), buf.subarray(10, 14), buf.subarray(20, 24), 2, 2, 2)
  assert.deepEqual(Array.from(buf.subarray(30, 34)), [19, 22, 43, 50])
  assert.throws(() => g.gemm(new Float64Array(4), buf.subarray(10, 14), buf.subarray(20, 24), 2, 2, 2), /allocated from this arena/)
  assert.throws(() => g.alloc(10_000_000), /do not fit/)
})

test('the committed module equals a fresh build of its source', { skip: !existsSync(`${root}node_modules/assemblyscript`) && 'assemblyscript not installed' }, () => {
  const result = spawnSync(process.execPath, [`${root}scripts/build-wasm.mjs`, '--check'], { encoding: 'utf8' })
  assert.equal(result.status, 0, result.stderr)
})
