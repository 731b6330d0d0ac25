// Shared checks for the GRU and LSTM tests: a small model with random weights, random data, the gradient of its
// loss against central finite differences (test/helpers/gradcheck.ts), and PyTorch's own outputs as an oracle.
import { readFileSync } from 'node:fs'
import { gradcheck, type GradcheckReport } from './gradcheck'
import type { ModelSnapshot } from '../../src-shared/api/results'
import { loadGatedSnapshot, type GatedDims } from '../../src-shared/engine/gated'
import { GatedModel } from '../../src-shared/engine/gatedModel'
import { Rng } from '../../src-shared/engine/prng'
import { allocSequences, type SequenceData, type TargetKind } from '../../src-shared/engine/sequenceData'
import type { Backend } from '../../src-shared/engine/backend'
import { wasmBackend } from './backends'

export function randomModel(dims: GatedDims, seed: number, backend: Backend = wasmBackend, scale = 0.6): GatedModel {
  const model = new GatedModel(dims, { maxBatch: 8, maxRows: 64, backend })
  new Rng(seed, 'init').fillNormal(model.params.buffer, scale)
  return model
}

export function randomData(dims: GatedDims, count: number, length: number, target: TargetKind, seed: number): SequenceData {
  const data = allocSequences(count, length, dims.inputs, dims.outputs, target)
  const rng = new Rng(seed, 'data')
  rng.fillNormal(data.x)
  rng.fillNormal(data.y)
  return data
}

export function checkGradient(model: GatedModel, data: SequenceData): GradcheckReport {
  model.zeroGrad()
  model.lossAndGradient(data, 'mean')
  const grad = Float64Array.from(model.grads.buffer)
  const start = Float64Array.from(model.params.buffer)
  const loss = (p: Float64Array) => {
    model.params.buffer.set(p)
    return model.lossAndGradient(data, 'mean')
  }
  // h = 1e-5 balances the two errors of a central difference on entries of order 1e-4: rounding of the O(1) loss
  // (ε/h: 1e-6 relative at h = 1e-6) and truncation (h²: 1e-6 relative at h = 1e-4); measured worst ~3e-7.
  const report = gradcheck(loss, start, grad, model.params.tensors, { h: 1e-5, floor: 1e-8 })
  model.params.buffer.set(start)
  return report
}

/** torch.nn.GRU/LSTM(2, 3) + nn.Linear(3, 2) weights, inputs (2, 4, 2) and outputs from test/fixtures/torch_gated.py. */
export function torchFixture(kind: 'gru' | 'lstm'): { snapshot: ModelSnapshot; x: Float64Array; y: Float64Array } {
  const all = JSON.parse(readFileSync(new URL('../fixtures/torch_gated.json', import.meta.url), 'utf8'))
  const entry = all[kind] as { tensors: ModelSnapshot['tensors']; x: number[]; y: number[] }
  return { snapshot: { kind, tensors: entry.tensors }, x: Float64Array.from(entry.x), y: Float64Array.from(entry.y) }
}

/** Largest |ŷ − y| of a model loaded from the torch fixture. */
export function torchFixtureError(kind: 'gru' | 'lstm', backend: Backend): number {
  const { snapshot, x, y } = torchFixture(kind)
  const model = new GatedModel({ kind, inputs: 2, hidden: 3, outputs: 2 }, { maxBatch: 2, maxRows: 8, backend })
  loadGatedSnapshot(model.params, snapshot)
  const out = new Float64Array(y.length)
  model.predict(out, x, 2, 4)
  return Math.max(...Array.from(out, (v, i) => Math.abs(v - y[i])))
}
