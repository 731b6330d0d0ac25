// The WASM backend's arena (in-place views, foreign operands refused, capacity) and its fused (relaxed SIMD) module
// where the engine has it. Every operation of every backend against the reference: backends.test.ts (test/unit/main);
// the committed module against a fresh build: test/integration/build/wasmKernels.test.ts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { wasmBackend } from '../../../helpers/backends'

const root = new URL('../../../../', import.meta.url).pathname

test('with relaxed SIMD (a V8 flag in Node 20, on in Electron) the fused module is chosen and agrees to rounding', () => {
  const script = `
    import { createWasmBackend } from '${root}src-shared/engine/backend/index.ts'
    import { gemm as gemmReference } from '${root}src-shared/engine/backend/reference.ts'
    const wasm = createWasmBackend()
    const g = wasm.arena(100000)
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
    console.log(JSON.stringify({ fused: wasm.compiled.fused, worst }))`
  const result = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8', cwd: root })
  assert.equal(result.status, 0, result.stderr)
  const { fused, worst } = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}')
  assert.equal(fused, true)
  assert.ok(worst < 1e-12, `fused gemm: max rel diff ${worst}`)
})

test('subarray views are multiplied in place and operands from elsewhere are refused', () => {
  const g = wasmBackend.arena(1000)
  const buf = g.alloc(40)
  buf.set([1, 2, 3, 4], 10) // A (2×2) at offset 10
  buf.set([5, 6, 7, 8], 20) // B (2×2) at offset 20
  g.gemm(buf.subarray(30, 34), buf.subarray(10, 14), buf.subarray(20, 24), 2, 2, 2)
  assert.deepEqual(Array.from(buf.subarray(30, 34)), [19, 22, 43, 50])
  assert.throws(() => g.gemm(new Float64Array(4), buf.subarray(10, 14), buf.subarray(20, 24), 2, 2, 2), /allocated from this arena/)
  assert.throws(() => g.alloc(10_000_000), /do not fit/)
})
