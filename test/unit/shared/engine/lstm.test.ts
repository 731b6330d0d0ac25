// LSTM: forward against a naive per-sequence loop written from PyTorch's equations (gates i, f, g, o), backward
// against central finite differences (float64, relative error < 1e-6), and the error a bad shape raises.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { GatedModel } from '../../../../src-shared/engine/gatedModel'
import type { GatedDims, GatedParams } from '../../../../src-shared/engine/gated'
import { checkGradient, randomData, randomModel, torchFixtureError } from '../../../helpers/gatedCheck'
import { referenceBackend, testBackend, wasmBackend } from '../../../helpers/backends'

const sigmoid = (a: number) => 1 / (1 + Math.exp(-a))

/** torch.nn.LSTM + nn.Linear for one sequence, straight from the documented equations. */
function naiveLstm(p: GatedParams, dims: GatedDims, x: number[][]): number[][] {
  const { inputs: I, hidden: H, outputs: O } = dims
  let h = new Array(H).fill(0)
  let c = new Array(H).fill(0)
  const ys: number[][] = []
  const row = (w: Float64Array, cols: number, r: number, v: number[]) => v.reduce((s, vi, i) => s + w[r * cols + i] * vi, 0)
  for (const xt of x) {
    const a = (gate: number, j: number) => {
      const r = gate * H + j
      return row(p.wIh, I, r, xt) + p.bIh[r] + row(p.wHh, H, r, h) + p.bHh[r]
    }
    const nextH = []
    const nextC = []
    for (let j = 0; j < H; j++) {
      const cj = sigmoid(a(1, j)) * c[j] + sigmoid(a(0, j)) * Math.tanh(a(2, j))
      nextC.push(cj)
      nextH.push(sigmoid(a(3, j)) * Math.tanh(cj))
    }
    h = nextH
    c = nextC
    ys.push(Array.from({ length: O }, (_, o) => row(p.wOut, H, o, h) + p.bOut[o]))
  }
  return ys
}

const dims: GatedDims = { kind: 'lstm', inputs: 2, hidden: 4, outputs: 2 }

test('LSTM forward matches the naive loop (both backends)', () => {
  for (const backend of [wasmBackend, referenceBackend]) {
    const model = randomModel(dims, 11, backend)
    const data = randomData(dims, 5, 7, 'every', 12)
    const y = new Float64Array(data.y.length)
    model.predict(y, data.x, 5, 7)
    for (let b = 0; b < 5; b++) {
      const x = Array.from({ length: 7 }, (_, t) => Array.from(data.x.subarray((b * 7 + t) * 2, (b * 7 + t + 1) * 2)))
      const expected = naiveLstm(model.params, dims, x)
      for (let t = 0; t < 7; t++) {
        for (let o = 0; o < 2; o++) assert.ok(Math.abs(y[(b * 7 + t) * 2 + o] - expected[t][o]) < 1e-12, `${backend.name} b=${b} t=${t}`)
      }
    }
  }
})

test('LSTM gradients match central differences (both backends, every-step and last-step targets)', () => {
  for (const backend of [wasmBackend, referenceBackend]) {
    for (const target of ['every', 'last'] as const) {
      const model = randomModel(dims, 13, backend)
      const report = checkGradient(model, randomData(dims, 3, 5, target, 14))
      for (const [name, err] of Object.entries(report.perTensor)) assert.ok(err < 1e-6, `${backend.name} ${target} ${name}: ${err}`)
    }
  }
})

test('LSTM sequences longer than the buffers are refused with the sizes', () => {
  const model = new GatedModel(dims, { maxBatch: 2, maxRows: 10, backend: testBackend })
  assert.throws(() => model.forward(new Float64Array(2 * 6 * 2), 2, 6), /2 sequences of length 6 exceed the buffers \(10 rows\)/)
})

test('LSTM weights from torch.nn.LSTM + nn.Linear give torch\'s outputs (gate order, state_dict names)', () => {
  for (const backend of [wasmBackend, referenceBackend]) {
    const err = torchFixtureError('lstm', backend)
    assert.ok(err < 1e-12, `${backend.name}: max |ŷ − y_torch| = ${err}`)
  }
})
