// The WebAssembly SIMD GEMM against the TypeScript reference (random shapes, odd sizes, all transposes, float64 and
// float32) and the fused (relaxed SIMD) module where the engine has it. The committed module against a fresh build:
// test/integration/build/wasmKernels.test.ts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createGemm, wasmGemmAvailable } from '../../../../src-shared/engine/gemm'
import { Rng } from '../../../../src-shared/engine/prng'
import { checkGemmShapes } from '../../../helpers/gemmCheck'

const root = new URL('../../../../', import.meta.url).pathname

test('the SIMD kernel is available in Node', () => {
  assert.ok(wasmGemmAvailable())
  assert.equal(createGemm(10).backend, 'wasm')
})

for (const precision of ['float64', 'float32'] as const) test(`wasm gemm matches the reference on random shapes, odd sizes and every transpose (${precision})`, () => {
  const rng = new Rng(7, 'gemm')
  const shapes: Array<[number, number, number]> = [
    [1, 1, 1], [3, 5, 7], [4, 4, 4], [5, 3, 1], [17, 9, 33], [100, 300, 1], [33, 65, 257], [130, 7, 300], [2, 1030, 3],
    // the few-row kernels (impulse carries): one or two rows times a matrix, a matrix times one or two rows transposed
    [2, 1001, 37], [1, 83, 50], [2, 13, 7], [2, 16, 9], [101, 2, 57], [7, 1, 33], [3, 2, 9], [8, 2, 3],
  ]
  for (let trial = 0; trial < 6; trial++) shapes.push([1 + rng.int(70), 1 + rng.int(70), 1 + rng.int(300)])
  const g = createGemm(3_000_000, 'wasm', precision)
  assert.equal(g.precision, precision)
  // different summation order only: rounding grows like √k ε (float32 accumulates in float32 in both)
  checkGemmShapes(g, rng, shapes, () => (precision === 'float64' ? 1e-12 : 2e-5))
})

test('with relaxed SIMD (a V8 flag in Node 20, on in Electron) the fused module is chosen and agrees to rounding', () => {
  const script = `
    import { createGemm, gemmReference, wasmGemmFused } from '${root}src-shared/engine/gemm.ts'
    const g = createGemm(100000)
    const [m, n, k] = [37, 29, 61]
    const a = g.alloc(m * k)
    const b = g.alloc(k * n)
    const c = g.alloc(m * n)
    a.forEach((_, i) => (a[i] = Math.sin(i)))
    b.forEach((_, i) => (b[i] = Math.cos(i)))
    g.gemm(c, a, b, m, n, k)
    const expected = new Float64Array(m * n)
    gemmReference(expected, a, b, m, n, k)
    let worst = 0
    for (let i = 0; i < c.length; i++) worst = Math.max(worst, Math.abs(c[i] - expected[i]) / (1 + Math.abs(expected[i])))
    console.log(JSON.stringify({ fused: wasmGemmFused(), worst }))`
  const result = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8', cwd: root })
  assert.equal(result.status, 0, result.stderr)
  const { fused, worst } = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}')
  assert.equal(fused, true)
  assert.ok(worst < 1e-12, `fused gemm: max rel diff ${worst}`)
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
