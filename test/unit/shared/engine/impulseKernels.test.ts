// The left-carry kernels (n_y < n_x: gemm sweeps over A, dA = Uᵀ V once) against the independent right-carry
// kernels, on the WASM and reference backends, and the gradient through them at a width-scaled MIMO shape (EMAMI21: n_y < n_x).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { gradcheck } from '../../../helpers/gradcheck'
import { relDiff } from '../../../helpers/relDiff'
import type { Backend } from '../../../../src-shared/engine/backend'
import { referenceBackend, testBackend, wasmBackend } from '../../../helpers/backends'
import { leftCarryBackward, leftCarryForward, rightCarryBackward, rightCarryForward } from '../../../../src-shared/engine/impulseKernels'
import {
  impulseResponseBackward,
  impulseResponseForward,
  type LinearDims,
  linearParams,
  makeImpulseCache,
  type Parameterization,
} from '../../../../src-shared/engine/linearRnn'
import { populationLoss } from '../../../../src-shared/engine/linearLoss'
import { Rng } from '../../../../src-shared/engine/prng'

function compareCarries(d: number, nx: number, ny: number, K: number, backend: Backend): void {
  const rng = new Rng(d * 100 + K, 'test')
  const A = rng.fillNormal(new Float64Array(d * d), 1 / Math.sqrt(d))
  const B = rng.fillNormal(new Float64Array(d * nx))
  const C = rng.fillNormal(new Float64Array(ny * d))
  const G = rng.fillNormal(new Float64Array(K * ny * nx))
  const slab = ny * nx

  // Reference: the right carry R_j = A^j B (plain loops, no gemm).
  const hRef = new Float64Array(K * slab)
  const R = new Float64Array(K * d * nx)
  const shape = { d, nx, ny, K }
  rightCarryForward(hRef, { R, lam: new Float64Array(d * nx), next: new Float64Array(d * nx) }, { A, B, C }, shape)
  const ref = { dA: new Float64Array(d * d), dB: new Float64Array(d * nx), dC: new Float64Array(ny * d) }
  rightCarryBackward(ref, G, { R, lam: new Float64Array(d * nx), next: new Float64Array(d * nx) }, { A, B, C }, shape)

  const arena = backend.arena(4 * d * d + 2 * K * ny * d + d * ny + 2 * d * nx + K * slab + 64)
  const Aw = arena.alloc(d * d)
  Aw.set(A)
  const carry = {
    L: arena.alloc(K * ny * d),
    M: arena.alloc(K * ny * d),
    Mt: arena.alloc(d * ny),
    Bs: arena.alloc(d * nx),
    slabs: arena.alloc(K * slab),
    arena,
    aScale: 1,
  }
  const grads = { dA: arena.alloc(d * d), dB: arena.alloc(d * nx), dC: new Float64Array(ny * d) }
  const { dA, dB, dC } = grads
  const { dA: dARef, dB: dBRef, dC: dCRef } = ref
  const h = new Float64Array(K * slab)
  leftCarryForward(h, carry, { A: Aw, B, C }, shape)
  leftCarryBackward(grads, G, carry, { A: Aw, B, C }, shape)
  const where = `${backend.name} d ${d} n_x ${nx} n_y ${ny} K ${K}`
  assert.ok(relDiff(h, hRef) < 1e-12, `ĥ ${where}: ${relDiff(h, hRef)}`)
  assert.ok(relDiff(dA, dARef) < 1e-12, `dA ${where}: ${relDiff(dA, dARef)}`)
  assert.ok(relDiff(dB, dBRef) < 1e-12, `dB ${where}: ${relDiff(dB, dBRef)}`)
  assert.ok(relDiff(dC, dCRef) < 1e-12, `dC ${where}: ${relDiff(dC, dCRef)}`)

  // A width-scaled model's own A read in place: the carry applies the scale (aScale), the results are the same.
  const scale = 1 / Math.sqrt(d)
  const Araw = arena.alloc(d * d)
  for (let i = 0; i < A.length; i++) Araw[i] = A[i] / scale
  const scaled = { ...carry, aScale: scale }
  leftCarryForward(h, scaled, { A: Araw, B, C }, shape)
  assert.ok(relDiff(h, hRef) < 1e-12, `ĥ, A read in place with aScale, ${where}: ${relDiff(h, hRef)}`)
  // ... and the A step added inside the product: target += factor · dA, dA itself left untouched
  const target = arena.alloc(d * d)
  target.fill(0.25)
  dA.fill(7)
  const factor = -0.3
  leftCarryBackward(grads, G, scaled, { A: Araw, B, C }, shape, { target, factor })
  const applied = Float64Array.from(target, (t) => (t - 0.25) / factor)
  assert.ok(relDiff(applied, dARef) < 1e-12, `descent step ${where}: ${relDiff(applied, dARef)}`)
  assert.ok(dA.every((x) => x === 7), 'dA is not formed on the descent path')
  assert.ok(relDiff(dB, dBRef) < 1e-12 && relDiff(dC, dCRef) < 1e-12, `dB, dC on the descent path ${where}`)
}

const shapes: [number, number, number, number][] = [
  [7, 5, 2, 4], // the gradient-check shape
  [7, 5, 2, 1], // no carry: dA = 0
  [9, 3, 1, 2], // one output row, a thin Uᵀ V (k = 1)
  [37, 6, 2, 6], // odd sizes past the kernel's 4 × 4 tiles
  [130, 52, 2, 15], // the EMAMI21 shape with a smaller width (more than one packed block of rows)
]

for (const backend of [wasmBackend, referenceBackend]) {
  test(`left carry (${backend.name} backend) equals the right carry to 1e-12: ĥ, dA, dB, dC`, () => {
    for (const [d, nx, ny, K] of shapes) compareCarries(d, nx, ny, K, backend)
  })
}

test('a width-scaled left-carry cache multiplies in the backend\'s arena; a single-lag one uses plain arrays', () => {
  const dims: LinearDims = { width: 7, inputs: 5, outputs: 2, parameterization: 'general', balanced: false, widthScaling: true }
  assert.equal(makeImpulseCache(dims, 4, wasmBackend).arena.backend, 'wasm')
  assert.equal(makeImpulseCache(dims, 1, wasmBackend).arena.backend, 'reference')
  assert.equal(makeImpulseCache({ ...dims, inputs: 2, outputs: 5 }, 4, wasmBackend).arena.backend, 'reference')
})

for (const parameterization of ['general', 'symmetric'] as Parameterization[]) {
  test(`gradient through the left carry (n_y 2, n_x 5, d 7, K 4, width scaling): ${parameterization}`, () => {
    const dims: LinearDims = { width: 7, inputs: 5, outputs: 2, parameterization, balanced: false, widthScaling: true }
    const K = 4
    const slab = dims.inputs * dims.outputs
    const hT = new Rng(3, 'teacher').fillNormal(new Float64Array(K * slab))
    const cache = makeImpulseCache(dims, K, testBackend)
    assert.equal(cache.carryRight, false)
    const h = new Float64Array(K * slab)
    const G = new Float64Array(K * slab)
    const loss = (buffer: Float64Array) => {
      impulseResponseForward(h, cache, linearParams(dims, buffer), dims, K)
      return populationLoss(G, h, hT, K, dims.outputs, dims.inputs, 'every', 'mean')
    }
    const p = linearParams(dims)
    new Rng(1, 'test').fillNormal(p.buffer, 0.7)
    loss(p.buffer)
    const grad = linearParams(dims)
    impulseResponseBackward(grad, G, p, dims, cache)
    // h = 1e-4: the central-difference error falls as h² down to it (A: 6e-6 at 1e-3, 3e-8 at 1e-4), while at
    // 1e-5 round-off on the smallest A entries (high powers of A/√d) already reaches 1e-6 relative.
    const report = gradcheck(loss, p.buffer, grad.buffer, p.views, { h: 1e-4 })
    assert.ok(report.worst < 1e-6, `worst relative error ${report.worst} ${JSON.stringify(report.perTensor)}`)
  })
}
