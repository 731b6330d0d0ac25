// GRU: forward against a naive per-sequence loop written from PyTorch's equations, backward against central
// finite differences (float64, relative error < 1e-6), and the errors a bad shape raises.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { GatedModel } from '../../../../src-shared/engine/gatedModel'
import type { GatedDims, GatedParams } from '../../../../src-shared/engine/gated'
import { checkGradient, randomData, randomModel, torchFixtureError } from '../../../helpers/gatedCheck'
import { referenceBackend, testBackend, wasmBackend } from '../../../helpers/backends'

const sigmoid = (a: number) => 1 / (1 + Math.exp(-a))

/** torch.nn.GRU + nn.Linear for one sequence, straight from the documented equations. */
function naiveGru(p: GatedParams, dims: GatedDims, x: number[][]): number[][] {
  const { inputs: I, hidden: H, outputs: O } = dims
  let h = new Array(H).fill(0)
  const ys: number[][] = []
  for (const xt of x) {
    const row = (w: Float64Array, cols: number, r: number, v: number[]) => v.reduce((s, vi, i) => s + w[r * cols + i] * vi, 0)
    const next = []
    for (let j = 0; j < H; j++) {
      const r = sigmoid(row(p.wIh, I, j, xt) + p.bIh[j] + row(p.wHh, H, j, h) + p.bHh[j])
      const z = sigmoid(row(p.wIh, I, H + j, xt) + p.bIh[H + j] + row(p.wHh, H, H + j, h) + p.bHh[H + j])
      const n = Math.tanh(row(p.wIh, I, 2 * H + j, xt) + p.bIh[2 * H + j] + r * (row(p.wHh, H, 2 * H + j, h) + p.bHh[2 * H + j]))
      next.push((1 - z) * n + z * h[j])
    }
    h = next
    ys.push(Array.from({ length: O }, (_, o) => row(p.wOut, H, o, h) + p.bOut[o]))
  }
  return ys
}

const dims: GatedDims = { kind: 'gru', inputs: 2, hidden: 5, outputs: 3 }

test('GRU forward matches the naive loop (both backends)', () => {
  for (const backend of [wasmBackend, referenceBackend]) {
    const model = randomModel(dims, 1, backend)
    const data = randomData(dims, 4, 6, 'every', 2)
    const y = new Float64Array(data.y.length)
    model.predict(y, data.x, 4, 6)
    for (let b = 0; b < 4; b++) {
      const x = Array.from({ length: 6 }, (_, t) => Array.from(data.x.subarray((b * 6 + t) * 2, (b * 6 + t + 1) * 2)))
      const expected = naiveGru(model.params, dims, x)
      for (let t = 0; t < 6; t++) {
        for (let o = 0; o < 3; o++) assert.ok(Math.abs(y[(b * 6 + t) * 3 + o] - expected[t][o]) < 1e-12, `${backend.name} b=${b} t=${t}`)
      }
    }
  }
})

test('GRU gradients match central differences (both backends, every-step and last-step targets)', () => {
  for (const backend of [wasmBackend, referenceBackend]) {
    for (const target of ['every', 'last'] as const) {
      const model = randomModel(dims, 3, backend)
      const report = checkGradient(model, randomData(dims, 3, 5, target, 4))
      for (const [name, err] of Object.entries(report.perTensor)) assert.ok(err < 1e-6, `${backend.name} ${target} ${name}: ${err}`)
    }
  }
})

test('GRU predictions run in chunks when the sequences exceed the buffers', () => {
  const model = randomModel(dims, 5)
  const data = randomData(dims, 20, 30, 'every', 6)
  const chunked = new Float64Array(data.y.length)
  model.predict(chunked, data.x, 20, 30)
  const big = new GatedModel(dims, { maxBatch: 20, maxRows: 600, backend: testBackend })
  big.params.buffer.set(model.params.buffer)
  const whole = new Float64Array(data.y.length)
  big.predict(whole, data.x, 20, 30)
  for (let i = 0; i < whole.length; i++) assert.ok(Math.abs(whole[i] - chunked[i]) < 1e-12)
})

test('GRU bad shapes name the problem', () => {
  assert.throws(() => new GatedModel({ ...dims, hidden: 0 }, { maxBatch: 1, maxRows: 1, backend: testBackend }), /student\.width: expected a positive integer/)
  const model = randomModel(dims, 7)
  assert.throws(() => model.lossAndGradient(randomData(dims, 9, 3, 'last', 1), 'mean'), /batch 9 exceeds maxBatch 8/)
  assert.throws(() => model.predict(new Float64Array(300), new Float64Array(200), 1, 100), /exceed the buffers/)
})

test('GRU weights from torch.nn.GRU + nn.Linear give torch\'s outputs (gate order, state_dict names)', () => {
  for (const backend of [wasmBackend, referenceBackend]) {
    const err = torchFixtureError('gru', backend)
    assert.ok(err < 1e-12, `${backend.name}: max |ŷ − y_torch| = ${err}`)
  }
})

test('GRU gradients accumulate until zeroGrad: two calls give twice one call', () => {
  const model = randomModel(dims, 9)
  const data = randomData(dims, 3, 4, 'every', 10)
  model.zeroGrad()
  model.lossAndGradient(data, 'mean')
  const once = Float64Array.from(model.grads.buffer)
  model.lossAndGradient(data, 'mean')
  for (let i = 0; i < once.length; i++) assert.ok(Math.abs(model.grads.buffer[i] - 2 * once[i]) <= 1e-12 * Math.abs(once[i]) + 1e-300, `entry ${i}`)
  model.zeroGrad()
  assert.ok(model.grads.buffer.every((g) => g === 0))
})
