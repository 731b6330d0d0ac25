// The native backend (native/, bound by src-main/engine/backend/native.ts): the product against the TypeScript
// reference on odd shapes and every transpose, the same bits on one thread or two and from the AVX2 and AVX-512
// builds, the impulse carries' thin products against the reference and the gradient through them by central
// differences, Adam's update against optim.ts's loop bit for bit, the GRU/LSTM gate steps against the WebAssembly
// ones, gradients by central differences and PyTorch's outputs through the native backend, and bad arguments refused
// with an error instead of a crash.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chooseBackend } from '../../../src-main/engine/backend/choose'
import type { Real } from '../../../src-shared/engine/backend'
import { Rng } from '../../../src-shared/engine/prng'
import { gradcheck } from '../../helpers/gradcheck'
import { adamLoop, adamUpdate } from '../../../src-shared/engine/optim'
import { impulseResponseBackward, impulseResponseForward, linearParams, makeImpulseCache, type LinearDims } from '../../../src-shared/engine/linearRnn'
import { populationLoss } from '../../../src-shared/engine/linearLoss'
import { checkGemmShapes, type Product } from '../../helpers/gemmCheck'
import { GatedModel } from '../../../src-shared/engine/gatedModel'
import type { SequenceData } from '../../../src-shared/engine/sequenceData'
import { randomData, randomModel, torchFixtureError } from '../../helpers/gatedCheck'

const root = new URL('../../../', import.meta.url).pathname
// npm install builds the kernels; only a machine told to go without them (IMPULSE_SKIP_NATIVE=1) skips these tests
const skip = process.env.IMPULSE_SKIP_NATIVE === '1' && 'IMPULSE_SKIP_NATIVE=1: the native kernels were not built'
const { native: nativeBackend, wasm, nativeUnavailable } = chooseBackend()
const addon = () => nativeBackend!.addon

test('the native kernels are built and installed', { skip }, () => {
  assert.equal(nativeUnavailable, null, `native kernels: ${nativeUnavailable}`)
  assert.ok(['avx512', 'avx2', 'generic'].includes(addon().isa()))
  assert.equal(nativeBackend!.arena(10).backend, 'native')
  assert.equal(chooseBackend({ ...process.env, IMPULSE_NATIVE: '0' }).backend.name, 'wasm')
})

for (const precision of ['float64', 'float32'] as const) {
  test(`native gemm matches the reference on odd shapes and every transpose, on 1 and 2 threads (${precision})`, { skip }, () => {
    const rng = new Rng(11, 'native')
    const shapes: Array<[number, number, number]> = [
      [4, 4, 4], [5, 4, 7], [13, 17, 300], [100, 300, 100], [100, 100, 300], [300, 100, 600], [97, 301, 257], [12, 16, 1],
    ]
    for (let trial = 0; trial < 6; trial++) shapes.push([4 + rng.int(150), 4 + rng.int(150), 4 + rng.int(700)])
    const g = nativeBackend!.arena(4_000_000, precision)
    // the product on one thread, then on two: the same bits either way
    const onOneAndTwoThreads: Product = (c, a, b, m, n, k, transA, transB) => {
      const c0 = Float64Array.from(c)
      const results: Real[] = []
      try {
        for (const threads of [1, 2]) {
          addon().setThreads(threads)
          c.set(c0)
          g.gemm(c, a, b, m, n, k, transA, transB)
          results.push(c.slice())
        }
      } finally {
        addon().setThreads(1)
      }
      assert.deepEqual(results[1], results[0], `m=${m} n=${n} k=${k} transA=${transA} transB=${transB}: two threads changed the bits`)
    }
    // different summation order only; float32 accumulates in float32 in both, so its rounding grows with k
    checkGemmShapes(g, rng, shapes, (k) => (precision === 'float64' ? 1e-12 : Math.max(2e-5, 1e-7 * k)), onOneAndTwoThreads)
  })
}

for (const precision of ['float64', 'float32'] as const) {
  test(`native thin products (the impulse carries' one- and two-row products) match the reference, with vector tails (${precision})`, { skip }, () => {
    const rng = new Rng(12, 'thin')
    const g = nativeBackend!.arena(10_000, precision)
    const shapes: Array<[number, number, number]> = []
    // one or two rows of A times B (the left carry), A times one or two rows of Bᵀ (its adjoint): widths around the
    // vector widths and the row blocks, and the width of EMAMI21's students
    for (const d of [1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 33, 64, 101, 1000]) {
      shapes.push([1, d, d], [2, d, d], [d, 1, d], [d, 2, d], [2, d, 5], [d, 1, 3])
    }
    const native = addon()
    const taken = (m: number, n: number, k: number, transA: boolean, transB: boolean) => {
      const a = g.alloc(m * k), b = g.alloc(k * n), c = g.alloc(m * n)
      const at = (x: Real) => x.byteOffset
      return native.gemmThin(a.buffer as ArrayBuffer, precision === 'float32' ? 1 : 0, transA ? 1 : 0, transB ? 1 : 0, m, n, k, at(a), at(b), at(c))
    }
    // the carries' shapes run natively; a shape it does not take is left to the WebAssembly kernel untouched
    assert.equal(taken(1, 40, 40, false, false), true)
    assert.equal(taken(2, 40, 40, false, false), true)
    assert.equal(taken(40, 1, 40, false, true), true)
    assert.equal(taken(40, 2, 40, false, true), true)
    assert.equal(taken(40, 3, 40, false, true), false)
    assert.equal(taken(3, 40, 2, true, false), false)
    // float32 sums in float32: its rounding grows with k. An arena a shape: every transpose allocates its operands anew.
    for (const [m, n, k] of shapes) {
      const arena = nativeBackend!.arena(4 * (m * k + k * n + 2 * m * n) + 64, precision)
      checkGemmShapes(arena, rng, [[m, n, k]], (k) => (precision === 'float64' ? 1e-12 : Math.max(2e-5, 1e-7 * k)))
    }
  })
}

for (const outputs of [1, 2]) {
  test(`the gradient through the native carries (n_y ${outputs}: the one- and two-row products) matches central differences`, { skip }, () => {
    const dims: LinearDims = { width: 24, inputs: 3, outputs, parameterization: 'general', balanced: false, widthScaling: true }
    const K = 5
    const slab = dims.inputs * outputs
    const cache = makeImpulseCache(dims, K, nativeBackend!)
    assert.equal(cache.arena.backend, 'native')
    const hT = new Rng(3, 'teacher').fillNormal(new Float64Array(K * slab))
    const h = new Float64Array(K * slab)
    const G = new Float64Array(K * slab)
    const loss = (buffer: Float64Array) => {
      impulseResponseForward(h, cache, linearParams(dims, buffer), dims, K)
      return populationLoss(G, h, hT, K, outputs, dims.inputs, 'every', 'mean')
    }
    const p = linearParams(dims)
    new Rng(1, 'test').fillNormal(p.buffer, 0.7)
    loss(p.buffer)
    const grad = linearParams(dims)
    impulseResponseBackward(grad, G, p, dims, cache)
    const report = gradcheck(loss, p.buffer, grad.buffer, p.views, { h: 1e-4 })
    assert.ok(report.worst < 1e-6, `worst relative error ${report.worst} ${JSON.stringify(report.perTensor)}`)
  })
}

test("native Adam gives optim.ts's loop bit for bit (moments, parameters; vector tails, tiny and huge gradients)", { skip }, () => {
  const rng = new Rng(13, 'adam')
  for (const n of [1, 3, 4, 5, 8, 13, 1001]) {
    const grad0 = Float64Array.from({ length: n }, (_, i) => rng.normal() * 10 ** (-12 + (i % 13)))
    if (n > 4) grad0[2] = 0
    const start = Float64Array.from({ length: n }, () => rng.normal())
    const runs = [adamLoop, nativeBackend!.adamUpdate!].map((loop) => {
      const params = Float64Array.from(start)
      const grad = Float64Array.from(grad0)
      const m = new Float64Array(n)
      const v = new Float64Array(n)
      for (let step = 0; step < 40; step++) {
        for (let i = 0; i < n; i++) grad[i] *= -1.01
        adamUpdate(params, grad, m, v, step, 1e-3, 0.9, 0.999, 1e-8, loop)
      }
      return [params, m, v]
    })
    for (let a = 0; a < 3; a++) {
      for (let i = 0; i < n; i++) assert.ok(Object.is(runs[0][a][i], runs[1][a][i]), `n=${n}, array ${a}, entry ${i}: ${runs[0][a][i]} vs ${runs[1][a][i]}`)
    }
  }
  assert.throws(() => addon().adamUpdate(new Float64Array(3), new Float64Array(2), new Float64Array(3), new Float64Array(3), 1, 1, 0.9, 0.999, 1e-8), /grad must have the length of params/)
  assert.throws(() => (addon().adamUpdate as (...a: unknown[]) => void)(new Float32Array(3), new Float64Array(3), new Float64Array(3), new Float64Array(3), 1, 1, 0.9, 0.999, 1e-8), /params must be a Float64Array/)
})

test('a GRU/LSTM gradient is bit-identical on one thread and two (products split by tiles, gate steps by rows)', { skip }, () => {
  for (const kind of ['gru', 'lstm'] as const) {
    // B × H = 4,480 gate lanes and 64 × 280 × 70 products: both are split between threads
    const dims = { kind, inputs: 3, hidden: 70, outputs: 2 }
    const model = new GatedModel(dims, { maxBatch: 64, maxRows: 64 * 6, backend: nativeBackend! })
    new Rng(9, 'init').fillNormal(model.params.buffer, 0.2)
    const data = randomData(dims, 64, 6, 'every', 10)
    const runs: Array<{ loss: number; grads: Float64Array }> = []
    try {
      for (const threads of [1, 2]) {
        addon().setThreads(threads)
        model.zeroGrad()
        const loss = model.lossAndGradient(data, 'mean')
        runs.push({ loss, grads: Float64Array.from(model.grads.buffer) })
      }
    } finally {
      addon().setThreads(1)
    }
    assert.equal(runs[1].loss, runs[0].loss, `${kind}: loss`)
    assert.deepEqual(runs[1].grads, runs[0].grads, `${kind}: gradients`)
  }
})

test('the AVX2 and AVX-512 builds give the same bits (products and gate steps)', { skip }, () => {
  const script = `
    const { chooseBackend } = await import('${root}src-main/engine/backend/choose.ts')
    const { createHash } = await import('node:crypto')
    const { native } = chooseBackend()
    const { GatedModel } = await import('${root}src-shared/engine/gatedModel.ts')
    const { Rng } = await import('${root}src-shared/engine/prng.ts')
    const { allocSequences } = await import('${root}src-shared/engine/sequenceData.ts')
    const hash = createHash('sha256')
    const g = native.arena(200000)
    const [m, n, k] = [53, 71, 300]
    const a = g.alloc(m * k), b = g.alloc(k * n), c = g.alloc(m * n)
    a.forEach((_, i) => (a[i] = Math.sin(i)))
    b.forEach((_, i) => (b[i] = Math.cos(i)))
    g.gemm(c, a, b, m, n, k, false, true)
    hash.update(new Uint8Array(c.buffer, c.byteOffset, c.byteLength))
    // the thin products of the impulse carries: one and two rows, with vector tails
    for (const [tm, tn, tk, tb] of [[1, 71, 53, false], [2, 71, 53, false], [71, 1, 53, true], [71, 2, 53, true]]) {
      const t = g.alloc(tm * tn)
      g.gemm(t, a, b, tm, tn, tk, false, tb)
      hash.update(new Uint8Array(t.buffer, t.byteOffset, t.byteLength))
    }
    for (const kind of ['gru', 'lstm']) {
      const dims = { kind, inputs: 2, hidden: 37, outputs: 3 }
      const model = new GatedModel(dims, { maxBatch: 9, maxRows: 90, backend: native })
      new Rng(3, 'init').fillNormal(model.params.buffer, 0.4)
      const data = allocSequences(9, 10, 2, 3, 'every')
      new Rng(4, 'data').fillNormal(data.x)
      new Rng(5, 'data').fillNormal(data.y)
      model.zeroGrad()
      hash.update(String(model.lossAndGradient(data, 'mean')))
      hash.update(new Uint8Array(model.grads.buffer.buffer, model.grads.buffer.byteOffset, model.grads.buffer.byteLength))
    }
    console.log(JSON.stringify({ isa: native.addon.isa(), hash: hash.digest('hex') }))`
  const run = (isa: string) => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8', cwd: root, env: { ...process.env, IMPULSE_NATIVE_ISA: isa } })
    assert.equal(result.status, 0, result.stderr)
    return JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as { isa: string; hash: string }
  }
  const wide = run('')
  const avx2 = run('avx2')
  if (wide.isa === 'generic') return // not an x86-64 machine with AVX2: nothing to compare
  assert.equal(avx2.isa, 'avx2')
  assert.equal(avx2.hash, wide.hash, `${wide.isa} and avx2 differ`)
})

/**
 * Worst relative error of the gradient against central differences, entries below 1e-4 of the largest counted at
 * that scale (with a width past one vector, the many tiny entries of dW_hh would otherwise measure the difference's
 * rounding, not the gradient). At this width the rounding of the loss dominates below h = 1e-4; measured worst with
 * h = 1e-4: GRU 1.2e-7, LSTM 2.9e-6, the same for the native, WebAssembly and TypeScript backends.
 */
function gradientError(model: GatedModel, data: SequenceData): number {
  model.zeroGrad()
  model.lossAndGradient(data, 'mean')
  const grad = Float64Array.from(model.grads.buffer)
  const start = Float64Array.from(model.params.buffer)
  const floor = 1e-4 * Math.max(...Array.from(grad, Math.abs))
  const report = gradcheck((p) => {
    model.params.buffer.set(p)
    return model.lossAndGradient(data, 'mean')
  }, start, grad, model.params.tensors, { h: 1e-4, floor })
  model.params.buffer.set(start)
  return report.worst
}

for (const kind of ['gru', 'lstm'] as const) {
  test(`${kind.toUpperCase()} through the native kernels: the WebAssembly results to rounding, gradients by central differences, PyTorch's outputs`, { skip }, () => {
    // 19 = two AVX-512 vectors and a tail (four AVX2 vectors and a tail)
    const dims = { kind, inputs: 2, hidden: 19, outputs: 3 }
    const grads: Float64Array[] = []
    const losses: number[] = []
    for (const backend of [nativeBackend!, wasm!]) {
      const model = randomModel(dims, 5, backend, 0.3)
      const data = randomData(dims, 7, 6, 'every', 6)
      model.zeroGrad()
      losses.push(model.lossAndGradient(data, 'mean'))
      grads.push(Float64Array.from(model.grads.buffer))
      if (backend.name === 'native') {
        for (const target of ['every', 'last'] as const) {
          const err = gradientError(model, randomData(dims, 5, 7, target, 8))
          assert.ok(err < 1e-5, `${target}: gradient vs central differences ${err}`)
        }
      }
    }
    assert.ok(Math.abs(losses[0] - losses[1]) < 1e-13 * Math.abs(losses[1]), `loss ${losses[0]} vs ${losses[1]}`)
    let worst = 0
    for (let i = 0; i < grads[0].length; i++) worst = Math.max(worst, Math.abs(grads[0][i] - grads[1][i]) / (1e-3 + Math.abs(grads[1][i])))
    assert.ok(worst < 1e-11, `gradients: max rel diff native vs wasm ${worst}`)
    const err = torchFixtureError(kind, nativeBackend!)
    assert.ok(err < 1e-12, `max |ŷ − y_torch| = ${err}`)
  })
}

test('bad arguments get an error naming what is wrong, never a crash (480 fuzzed calls)', { skip }, () => {
  const native = addon()
  const memory = new ArrayBuffer(4096)
  assert.throws(() => native.gemm(memory, 0, 0, 0, 4, 4, 4, 0, 4, 128, 4, 4000, 4), /c: extends past the end/)
  assert.throws(() => native.gemm(memory, 0, 0, 0, 4, 4, 4, 3, 4, 128, 4, 256, 4), /a: offset must be/)
  assert.throws(() => native.gemm(memory, 0, 0, 0, 4, 4, 4, 0, 2, 128, 4, 256, 4), /a: leading dimension/)
  assert.throws(() => (native.gemm as (...args: unknown[]) => void)({}, 0, 0, 0, 1, 1, 1, 0, 1, 0, 1, 0, 1), /ArrayBuffer/)
  assert.throws(() => (native.gemm as (...args: unknown[]) => void)(memory, 0, 0, 0, 1.5, 1, 1, 0, 1, 0, 1, 0, 1), /m must be an integer/)
  assert.throws(() => native.gemmThin(memory, 0, 0, 0, 1, 600, 4, 0, 64, 128), /b: extends past the end/)
  assert.throws(() => native.gemmThin(memory, 0, 0, 1, 1, 1, 4, 12, 64, 128), /a: offset must be/)
  assert.throws(() => native.gruGates(memory, 0, 0, 0, 0, 0, 4000, 4, 4), /outside the buffer/)
  assert.throws(() => native.setThreads(0), /setThreads/)
  const rng = new Rng(1, 'fuzz')
  const values = [0, 1, 2, 3, 7, 8, 64, 511, 512, 4096, -1, -8, 1e9, 2 ** 31, NaN, Infinity, 0.5, '1', null]
  const pick = () => values[rng.int(values.length)]
  const calls: Array<[string, number]> = [['gemm', 12], ['gemmThin', 9], ['adamUpdate', 8], ['gruGates', 8], ['lstmGates', 9], ['gruGatesBackward', 11],
    ['lstmGatesBackward', 9], ['addColumnSums', 5]]
  let refused = 0
  for (let i = 0; i < 480; i++) {
    const [name, count] = calls[i % calls.length]
    const args = Array.from({ length: count }, pick)
    try {
      ;(native as unknown as Record<string, (...a: unknown[]) => void>)[name](memory, ...args)
    } catch (error) {
      assert.ok(error instanceof RangeError && error.message.startsWith(name), `${name}: ${String(error)}`)
      refused++
    }
  }
  assert.ok(refused > 360, `only ${refused} of 480 random calls refused`)
  // the process is still here, and its buffers still multiply
  const g = nativeBackend!.arena(100)
  const x = g.alloc(4)
  x.set([1, 2, 3, 4])
  const y = g.alloc(4)
  g.gemm(y, x, x, 2, 2, 2)
  assert.deepEqual(Array.from(y), [7, 10, 15, 22])
  assert.ok(createHash('sha256').update('alive').digest('hex').length === 64)
})
