import { test } from 'node:test'
import assert from 'node:assert/strict'
import { initLinearStudent } from '../../../../src-shared/engine/init'
import { type LinearDims, linearParams } from '../../../../src-shared/engine/linearRnn'
import { Rng } from '../../../../src-shared/engine/prng'
import { InitSpec } from '../../../../src-shared/spec/student'

const dims = (over: Partial<LinearDims> = {}): LinearDims => ({
  width: 200,
  inputs: 1,
  outputs: 1,
  parameterization: 'general',
  balanced: false,
  widthScaling: false,
  ...over,
})

function std(a: Float64Array): number {
  let s = 0
  for (const v of a) s += v * v
  return Math.sqrt(s / a.length)
}

function init(spec: unknown, d = dims(), seed = 0) {
  const p = linearParams(d)
  initLinearStudent(p, d, InitSpec.parse(spec), new Rng(seed, 'init'))
  return p
}

test('gaussian and xavier scales (with per-matrix multipliers)', () => {
  const g = init({ kind: 'gaussian', scale: 0.01, scaleB: 3 })
  assert.ok(Math.abs(std(g.A) / 0.01 - 1) < 0.02)
  assert.ok(Math.abs(std(g.B) / 0.03 - 1) < 0.2)
  const x = init({ kind: 'xavier', scale: 1 })
  assert.ok(Math.abs(std(x.A) / Math.sqrt(1 / 200) - 1) < 0.02)
  assert.ok(Math.abs(std(x.C) / Math.sqrt(2 / 201) - 1) < 0.2)
  const u = init({ kind: 'pytorch-default' })
  assert.ok(Math.max(...u.A.map(Math.abs)) <= 1 / Math.sqrt(200))
})

test('emami21 variances: W ~ N(0, ν_W), F ~ N(0, ν_F), C ~ N(0, ν_C)', () => {
  const p = init({ kind: 'emami21', nuW: 0.3, nuF: 1, nuC: 2 })
  assert.ok(Math.abs(std(p.A) ** 2 / 0.3 - 1) < 0.03)
  assert.ok(Math.abs(std(p.C) ** 2 / 2 - 1) < 0.3)
})

test('A_0 = αI, α ~ U[0, 1] when uniform; symmetric A = Aᵀ and C = Bᵀ; balanced stores only B', () => {
  const a = init({ alpha: 0.7 }, dims({ width: 3 }))
  assert.deepEqual(Array.from(a.A), [0.7, 0, 0, 0, 0.7, 0, 0, 0, 0.7])
  const u = init({ alpha: 'uniform' }, dims({ width: 3 }), 5)
  assert.ok(u.A[0] > 0 && u.A[0] < 1 && u.A[0] === u.A[4] && u.A[1] === 0)
  assert.notEqual(init({ alpha: 'uniform' }, dims({ width: 3 }), 6).A[0], u.A[0])
  const s = init({ symmetric: true, scale: 1 }, dims({ width: 4 }))
  for (let i = 0; i < 4; i++) {
    assert.equal(s.C[i], s.B[i])
    for (let j = 0; j < 4; j++) assert.equal(s.A[i * 4 + j], s.A[j * 4 + i])
  }
  assert.equal(init({}, dims({ balanced: true, width: 4 })).C.length, 0)
  assert.throws(() => init({ symmetric: true }, dims({ inputs: 2 })), /student\.init\.symmetric/)
})
