// The float32 path of the GRU/LSTM students: outputs and gradients against PyTorch float32 (torch_gated_f32.json,
// written by test/fixtures/torch_gated_f32.py), and gradients against the float64 path, in both backends.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import type { ModelSnapshot } from '../../../../src-shared/api/results'
import { loadGatedSnapshot, type GatedKind } from '../../../../src-shared/engine/gated'
import { GatedModel } from '../../../../src-shared/engine/gatedModel'
import { allocSequences } from '../../../../src-shared/engine/sequenceData'
import { randomData } from '../../../helpers/gatedCheck'
import { referenceBackend, testBackend, wasmBackend } from '../../../helpers/backends'

interface Fixture {
  tensors: ModelSnapshot['tensors']
  grads: Record<string, number[]>
  x: number[]
  target: number[]
  y: number[]
}
const fixtures = JSON.parse(readFileSync(new URL('../../../fixtures/torch_gated_f32.json', import.meta.url), 'utf8')) as Record<GatedKind, Fixture>
const COUNT = 5
const LENGTH = 7

/** max |x − y| over max |y|. */
function relMax(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let scale = 0
  let worst = 0
  for (let i = 0; i < y.length; i++) {
    scale = Math.max(scale, Math.abs(y[i]))
    worst = Math.max(worst, Math.abs(x[i] - y[i]))
  }
  return worst / scale
}

for (const kind of ['gru', 'lstm'] as const) {
  for (const backend of [wasmBackend, referenceBackend]) {
    test(`${kind} float32 (${backend.name}) gives PyTorch float32's outputs and gradients`, () => {
      const fixture = fixtures[kind]
      const dims = { kind, inputs: 3, hidden: 10, outputs: 2 }
      const model = new GatedModel(dims, { maxBatch: COUNT, maxRows: COUNT * LENGTH, backend, precision: 'float32' })
      assert.equal(model.arena.backend, backend.name)
      assert.equal(model.arena.precision, 'float32')
      loadGatedSnapshot(model.params, { kind, tensors: fixture.tensors })
      const data = allocSequences(COUNT, LENGTH, 3, 2, 'every')
      data.x.set(fixture.x)
      data.y.set(fixture.target)
      const y = new Float64Array(fixture.y.length)
      model.predict(y, data.x, COUNT, LENGTH)
      // float32 rounding of both implementations, summed in different orders: measured ≤ 1.8e-7
      assert.ok(relMax(y, fixture.y) < 1e-6, `outputs: ${relMax(y, fixture.y)}`)
      model.zeroGrad()
      model.lossAndGradient(data, 'mean')
      for (const t of model.grads.tensors) {
        const name = t.name.startsWith('readout') ? t.name : `rnn.${t.name}`
        const err = relMax(model.grads.buffer.subarray(t.offset, t.offset + t.length), fixture.grads[name])
        assert.ok(err < 2e-6, `${name}: ${err}`) // measured ≤ 4.4e-7
      }
    })
  }

  test(`${kind} float32 gradients agree with the float64 path (width 37: vectors and a tail, batch 6, length 9)`, () => {
    const dims = { kind, inputs: 2, hidden: 37, outputs: 3 }
    const data = randomData(dims, 6, 9, 'every', 11)
    const models = (['float64', 'float32'] as const).map((precision) => new GatedModel(dims, { maxBatch: 6, maxRows: 54, precision, backend: testBackend }))
    models[0].params.buffer.forEach((_, i, p) => (p[i] = Math.fround(Math.sin(i * 12.9898) * 0.3)))
    models[1].params.buffer.set(models[0].params.buffer)
    const losses = models.map((m) => {
      m.zeroGrad()
      return m.lossAndGradient(data, 'mean')
    })
    assert.ok(Math.abs(losses[1] - losses[0]) < 1e-6 * losses[0], `loss ${losses[1]} vs ${losses[0]}`)
    for (const t of models[0].grads.tensors) {
      const view = (m: GatedModel) => m.grads.buffer.subarray(t.offset, t.offset + t.length)
      const err = relMax(view(models[1]), view(models[0]))
      // float32 rounding of every product and gate: measured ≤ 2.1e-7
      assert.ok(err < 2e-6, `${t.name}: ${err}`)
    }
  })
}
