/** Connectivity modes: a known system's modes are recovered and the modes rebuild the impulse response C A^j B. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connectivityModes, modeCheckpointEvery, ModeTracker, type ConnectivityMode } from '../../../../src-shared/metrics/modes'
import { Rng } from '../../../../src-shared/engine/prng'
import { runExperiment } from '../../../../src-shared/experiments/index'
import { parseExperimentSpec } from '../../../../src-shared/spec/experiment'
import { testContext } from '../../../helpers/backends'

/** C A^j B for SISO by repeated multiplication (the oracle). */
function impulse(A: Float64Array, B: Float64Array, C: Float64Array, d: number, horizon: number): number[] {
  let state = Float64Array.from(B)
  const out: number[] = []
  for (let j = 0; j < horizon; j++) {
    out.push(C.reduce((acc, c, i) => acc + c * state[i], 0))
    const next = new Float64Array(d)
    for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) next[i] += A[i * d + k] * state[k]
    state = next
  }
  return out
}

/** Σ_i ac_i b_i^j (complex arithmetic; conjugate pairs sum to a real number). */
function fromModes(modes: ConnectivityMode[], horizon: number): number[] {
  return Array.from({ length: horizon }, (_, j) => {
    let sum = 0
    for (const m of modes) {
      const r = Math.hypot(m.bRe, m.bIm) ** j
      const phi = Math.atan2(m.bIm, m.bRe) * j
      sum += m.acRe * r * Math.cos(phi) - m.acIm * r * Math.sin(phi)
    }
    return sum
  })
}

test('a known diagonalisable system: b = λ_i and ac = (CV)_i (V⁻¹B)_i, whatever V\'s scaling', () => {
  // A = V diag(0.9, 0.5, -0.3) V⁻¹ with V upper-triangular (V⁻¹ by hand), B = V (1, 2, 3)ᵀ, C = (2, -1, 4) V⁻¹:
  // then V⁻¹B = (1, 2, 3) and CV = (2, -1, 4), so ac = (2, -2, 12) in the order 0.9, 0.5, -0.3.
  const V = [1, 1, 0, 0, 1, 1, 0, 0, 1]
  const Vinv = [1, -1, 1, 0, 1, -1, 0, 0, 1]
  const lambda = [0.9, 0.5, -0.3]
  const d = 3
  const A = new Float64Array(9)
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) A[i * d + j] += V[i * d + k] * lambda[k] * Vinv[k * d + j]
  const B = Float64Array.from([0, 1, 2].map((i) => V[i * d] * 1 + V[i * d + 1] * 2 + V[i * d + 2] * 3))
  const C = Float64Array.from([0, 1, 2].map((j) => 2 * Vinv[j] - 1 * Vinv[d + j] + 4 * Vinv[2 * d + j]))
  const modes = connectivityModes(A, B, C, { width: 3, inputs: 1, outputs: 1 })
  const expected = [
    [0.9, 2],
    [0.5, -2],
    [-0.3, 12],
  ]
  modes.forEach((m, i) => {
    assert.ok(Math.abs(m.bRe - expected[i][0]) < 1e-12 && m.bIm === 0, `b_${i} = ${m.bRe}`)
    assert.ok(Math.abs(m.acRe - expected[i][1]) < 1e-10 && m.acIm === 0, `ac_${i} = ${m.acRe}`)
  })
})

test('a rotation-scaling block: one conjugate pair ρe^{±iθ} whose modes rebuild the response', () => {
  const rho = 0.8
  const theta = 0.6
  const A = Float64Array.of(rho * Math.cos(theta), -rho * Math.sin(theta), rho * Math.sin(theta), rho * Math.cos(theta))
  const B = Float64Array.of(1, 0.5)
  const C = Float64Array.of(0.3, -2)
  const modes = connectivityModes(A, B, C, { width: 2, inputs: 1, outputs: 1 })
  assert.equal(modes.length, 2)
  assert.ok(Math.abs(modes[0].bIm + modes[1].bIm) < 1e-15 && Math.abs(Math.abs(modes[0].bIm) - rho * Math.sin(theta)) < 1e-12)
  assert.ok(Math.abs(modes[0].acIm + modes[1].acIm) < 1e-15, 'conjugate ac')
  const oracle = impulse(A, B, C, 2, 20)
  fromModes(modes, 20).forEach((h, j) => assert.ok(Math.abs(h - oracle[j]) < 1e-12, `h_${j}: ${h} vs ${oracle[j]}`))
})

test('random general A (real and complex eigenvalues): Σ_i ac_i b_i^j = C A^j B', () => {
  for (const seed of [1, 2, 3]) {
    const rng = new Rng(seed, 'modes-test')
    const d = 7
    const A = Float64Array.from({ length: d * d }, () => rng.normal() * 0.35)
    const B = Float64Array.from({ length: d }, () => rng.normal())
    const C = Float64Array.from({ length: d }, () => rng.normal())
    const modes = connectivityModes(A, B, C, { width: d, inputs: 1, outputs: 1 })
    assert.ok(modes.some((m) => m.bIm !== 0), 'this seed must exercise complex pairs')
    const oracle = impulse(A, B, C, d, 15)
    const rebuilt = fromModes(modes, 15)
    rebuilt.forEach((h, j) => assert.ok(Math.abs(h - oracle[j]) < 1e-9 * (1 + Math.abs(oracle[j])), `seed ${seed} h_${j}`))
  }
})

test('diagonal A given as its d entries, and MIMO ac as the norm of the rank-one c a', () => {
  const A = Float64Array.of(0.2, 0.7) // diagonal entries
  const B = Float64Array.of(1, 2, 3, 4) // (2, 2)
  const C = Float64Array.of(1, 0, 0, 2) // (2, 2)
  const modes = connectivityModes(A, B, C, { width: 2, inputs: 2, outputs: 2 })
  // Mode 0.7: c = (0, 2), a = (3, 4) → ||c a||_F = 2·5 = 10. Mode 0.2: c = (1, 0), a = (1, 2) → √5.
  assert.deepEqual(modes.map((m) => m.bRe), [0.7, 0.2])
  assert.ok(Math.abs(modes[0].acRe - 10) < 1e-12 && Math.abs(modes[1].acRe - Math.sqrt(5)) < 1e-12)
  assert.throws(() => connectivityModes(A, B.subarray(0, 3), C, { width: 2, inputs: 2, outputs: 2 }), /^Error: B:/)
})

test('a diagonal A given as its entries gives the modes of the same A written out in full', () => {
  const d = 6
  const diag = Float64Array.of(0.9, -0.3, 0.5, 0.1, 0.75, -0.6)
  const full = new Float64Array(d * d)
  for (let i = 0; i < d; i++) full[i * d + i] = diag[i]
  const B = Float64Array.of(0.4, -1.2, 0.3, 2, -0.5, 0.8)
  const C = Float64Array.of(1.5, 0.2, -0.7, 0.9, 0.6, -1.1)
  const fast = connectivityModes(diag, B, C, { width: d, inputs: 1, outputs: 1 })
  const dense = connectivityModes(full, B, C, { width: d, inputs: 1, outputs: 1 })
  for (let i = 0; i < d; i++) {
    assert.ok(Math.abs(fast[i].bRe - dense[i].bRe) < 1e-12 && fast[i].bIm === 0, `b of mode ${i}`)
    assert.ok(Math.abs(fast[i].acRe - dense[i].acRe) < 1e-9, `ac of mode ${i}: ${fast[i].acRe} vs ${dense[i].acRe}`)
  }
})

test('the tracker lays points out checkpoint-major and thins checkpoints to the point budget', () => {
  const tracker = new ModeTracker({ width: 2, inputs: 1, outputs: 1 }, 10)
  for (let step = 0; step <= 90; step += 10) tracker.record(step, Float64Array.of(step / 100, 0.5), Float64Array.of(1, 1), Float64Array.of(1, 1))
  const { modes_b, modes_ac } = tracker.series()
  assert.equal(modes_b.y.length, 10) // 5 of 10 checkpoints × 2 modes
  assert.deepEqual(modes_b.x, [0, 0, 20, 20, 50, 50, 70, 70, 90, 90])
  assert.deepEqual(modes_b.y.slice(0, 2), [0.5, 0]) // sorted by b, largest first
  assert.deepEqual(modes_b.y.slice(-2), [0.9, 0.5])
  assert.deepEqual(modes_ac.y.slice(0, 2), [1, 1])
})

test('checkpoint interval: at most 20 checkpoints, 2,000 points per series, fewer eigen-decompositions when wide', () => {
  assert.equal(modeCheckpointEvery(1000, 40), Math.ceil(1000 / 19)) // 20 checkpoints
  assert.equal(modeCheckpointEvery(1000, 100), Math.ceil(1000 / 4)) // 20 · 0.64³ = 5 checkpoints
  assert.equal(modeCheckpointEvery(1000, 200), 1000) // init and end only
  assert.equal(modeCheckpointEvery(5, 10), 1)
})

test('every linear train run records its modes; the last checkpoint rebuilds the trained impulse response', () => {
  const spec = parseExperimentSpec({
    experiment: 'train',
    teacher: { kind: 'memoryless', weight: 1 },
    student: { kind: 'linear', width: 5, init: { kind: 'gaussian', scale: 0.3 } },
    data: { length: 4 },
    optimizer: { kind: 'gd', lr: 0.05 },
    stopping: { maxSteps: 300 },
  })
  const { series } = runExperiment(spec, testContext)
  const d = 5
  assert.equal(series.modes_b.y.length % d, 0)
  assert.equal(series.modes_b.y.length / d, 20, '≤ 20 checkpoints: 0, 16, ..., 300')
  assert.equal(series.modes_b.x!.at(-1), 300)
  const last = (name: string) => series[name].y.slice(-d)
  const [bRe, bIm, acRe, acIm] = [last('modes_b'), last('modes_b_im'), last('modes_ac'), last('modes_ac_im')]
  const modes = bRe.map((_, i) => ({ bRe: bRe[i], bIm: bIm[i], acRe: acRe[i], acIm: acIm[i] }))
  const trained = series.impulse_student.y
  fromModes(modes, 8).forEach((h, j) => assert.ok(Math.abs(h - trained[j]) < 1e-9, `h_${j}: ${h} vs ${trained[j]}`))
})
