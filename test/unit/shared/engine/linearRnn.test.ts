import { test } from 'node:test'
import assert from 'node:assert/strict'
import { gradcheck } from '../../../helpers/gradcheck'
import { relDiff } from '../../../helpers/relDiff'
import {
  arenaParams,
  impulseResponseBackward,
  impulseResponseDescend,
  impulseResponseForward,
  type LinearDims,
  linearParams,
  makeImpulseCache,
  type Parameterization,
} from '../../../../src-shared/engine/linearRnn'
import { empiricalLossDirect, populationLoss, sufficientStats, sufficientStatsLoss, type Reduction } from '../../../../src-shared/engine/linearLoss'
import { allocSequences, convolve, type TargetKind } from '../../../../src-shared/engine/sequenceData'
import { Rng } from '../../../../src-shared/engine/prng'
import { testBackend } from '../../../helpers/backends'

type Loss = (G: Float64Array, h: Float64Array) => number

/** Loss and analytic gradient of (forward → stage-1 loss → backward) at the given parameters. */
function lossAndGrad(dims: LinearDims, K: number, loss: Loss) {
  const cache = makeImpulseCache(dims, K, testBackend)
  const slab = dims.inputs * dims.outputs
  const h = new Float64Array(K * slab)
  const G = new Float64Array(K * slab)
  const f = (buffer: Float64Array) => {
    impulseResponseForward(h, cache, linearParams(dims, buffer), dims, K)
    return loss(G, h)
  }
  const grad = (buffer: Float64Array) => {
    f(buffer)
    const g = linearParams(dims)
    impulseResponseBackward(g, G, linearParams(dims, buffer), dims, cache)
    return g.buffer
  }
  return { f, grad }
}

function randomParams(dims: LinearDims, seed: number, scale = 0.7) {
  const p = linearParams(dims)
  new Rng(seed, 'test').fillNormal(p.buffer, scale)
  return p
}

function check(dims: LinearDims, K: number, loss: Loss, seed = 1) {
  const p = randomParams(dims, seed)
  const { f, grad } = lossAndGrad(dims, K, loss)
  // h = 1e-5 ≈ ε^{1/3}, the step that balances truncation and round-off for central differences: at 1e-6 round-off
  // alone (~1e-10 absolute) reaches 1e-5 relative on the smallest gradient entries (~1e-5, high powers of A/√d).
  const report = gradcheck(f, p.buffer, grad(p.buffer), p.views, { h: 1e-5 })
  assert.ok(report.worst < 1e-6, `worst relative error ${report.worst} ${JSON.stringify(report.perTensor)}`)
  return report
}

const parameterizations: Parameterization[] = ['general', 'symmetric', 'diagonal']

function dimsOf(parameterization: Parameterization, balanced: boolean, widthScaling: boolean, inputs = 1, outputs = 1): LinearDims {
  return { width: 5, inputs, outputs, parameterization, balanced, widthScaling }
}

function teacherImpulse(K: number, slab: number, seed = 3): Float64Array {
  return new Rng(seed, 'teacher').fillNormal(new Float64Array(K * slab))
}

for (const parameterization of parameterizations) {
  for (const balanced of [false, true]) {
    for (const widthScaling of [false, true]) {
      test(`population loss gradient: ${parameterization}, balanced ${balanced}, width scaling ${widthScaling}`, () => {
        const dims = dimsOf(parameterization, balanced, widthScaling)
        const K = 7
        const hT = teacherImpulse(K, 1)
        // factor ½: AISTATS22 eq. 4 (data.lossScale = 0.5) on half of the cases.
        const factor = widthScaling ? 0.5 : 1
        check(dims, K, (G, h) => populationLoss(G, h, hT, K, 1, 1, 'last', 'sum', factor))
      })
    }
  }
}

for (const parameterization of parameterizations) {
  for (const [nx, ny] of [[3, 2], [2, 3], [2, 2]] as const) {
    test(`MIMO gradient (n_x ${nx}, n_y ${ny}): ${parameterization}, both carries, every-step population`, () => {
      const balanced = nx === ny
      const dims = dimsOf(parameterization, balanced, false, nx, ny)
      const K = 6
      const hT = teacherImpulse(K, nx * ny)
      check(dims, K, (G, h) => populationLoss(G, h, hT, K, ny, nx, 'every', 'mean'))
    })
  }
}

function sequences(count: number, length: number, nx: number, ny: number, target: TargetKind, seed = 5) {
  const data = allocSequences(count, length, nx, ny, target)
  const rng = new Rng(seed, 'data')
  rng.fillNormal(data.x)
  rng.fillNormal(data.y)
  return data
}

for (const target of ['last', 'every'] as TargetKind[]) {
  for (const reduction of ['mean', 'sum'] as Reduction[]) {
    test(`empirical loss gradient (MIMO 3→2, fixed data): target ${target}, reduction ${reduction}, direct and statistics`, () => {
      const K = 5
      const data = sequences(9, K, 3, 2, target)
      const stats = sufficientStats(data, reduction)
      for (const parameterization of parameterizations) {
        const dims = dimsOf(parameterization, false, parameterization === 'general', 3, 2)
        check(dims, K, (G, h) => empiricalLossDirect(G, h, data, reduction))
        check(dims, K, (G, h) => sufficientStatsLoss(G, h, stats))
        check(dims, K, (G, h) => empiricalLossDirect(G, h, data, reduction, 0.5))
      }
    })
  }
}

/** Naive reference: unroll s_{t} = A s_{t−1} + B x_t, y_t = C s_t on every sequence. */
function unrolledLoss(A: Float64Array, B: Float64Array, C: Float64Array, d: number, data: ReturnType<typeof sequences>, reduction: Reduction) {
  const { count, length, inputs: nx, outputs: ny } = data
  let loss = 0
  let m = 0
  for (let n = 0; n < count; n++) {
    let s = new Float64Array(d)
    for (let t = 0; t < length; t++) {
      const next = new Float64Array(d)
      for (let r = 0; r < d; r++) {
        for (let c = 0; c < d; c++) next[r] += A[r * d + c] * s[c]
        for (let i = 0; i < nx; i++) next[r] += B[r * nx + i] * data.x[(n * length + t) * nx + i]
      }
      s = next
      if (data.target === 'last' && t !== length - 1) continue
      for (let o = 0; o < ny; o++) {
        let y = 0
        for (let c = 0; c < d; c++) y += C[o * d + c] * s[c]
        loss += (y - data.y[(n * length + t) * ny + o]) ** 2
        m++
      }
    }
  }
  return reduction === 'sum' ? loss : loss / m
}

test('the impulse-response empirical losses equal the unrolled recurrence to 1e-12', () => {
  const d = 4
  const dims = dimsOf('general', false, false, 3, 2)
  dims.width = d
  const p = randomParams(dims, 11, 0.5)
  for (const target of ['last', 'every'] as TargetKind[]) {
    for (const reduction of ['mean', 'sum'] as Reduction[]) {
      const data = sequences(20, 8, 3, 2, target, 13)
      const cache = makeImpulseCache(dims, 8, testBackend)
      const h = new Float64Array(8 * 6)
      const G = new Float64Array(8 * 6)
      impulseResponseForward(h, cache, p, dims, 8)
      const naive = unrolledLoss(p.A, p.B, p.C, d, data, reduction)
      const direct = empiricalLossDirect(G, h, data, reduction)
      const viaStats = sufficientStatsLoss(G, h, sufficientStats(data, reduction))
      const halfStats = sufficientStatsLoss(G, h, sufficientStats(data, reduction, 0.5))
      assert.ok(Math.abs(direct - naive) <= 1e-12 * Math.max(1, naive), `direct ${direct} vs unrolled ${naive}`)
      assert.ok(Math.abs(halfStats - naive / 2) <= 1e-12 * Math.max(1, naive), `½ statistics ${halfStats} vs ½ unrolled ${naive / 2}`)
      assert.ok(Math.abs(viaStats - naive) <= 1e-12 * Math.max(1, naive), `statistics ${viaStats} vs unrolled ${naive}`)
    }
  }
})

test('the impulse response is C A^j B for every parameterisation (against explicit powers)', () => {
  for (const parameterization of parameterizations) {
    const dims = dimsOf(parameterization, true, true, 2, 2)
    const d = dims.width
    const p = randomParams(dims, 17)
    const K = 5
    const h = new Float64Array(K * 4)
    const cache = makeImpulseCache(dims, K, testBackend)
    impulseResponseForward(h, cache, p, dims, K)
    // Effective matrices written out by hand: A/√d (symmetrised or diagonal), C = Bᵀ/√d.
    const s = 1 / Math.sqrt(d)
    const A = new Float64Array(d * d)
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        if (parameterization === 'diagonal') A[i * d + j] = i === j ? s * p.A[i] : 0
        else if (parameterization === 'symmetric') A[i * d + j] = (s * (p.A[i * d + j] + p.A[j * d + i])) / 2
        else A[i * d + j] = s * p.A[i * d + j]
      }
    }
    let R = Float64Array.from(p.B)
    for (let j = 0; j < K; j++) {
      for (let o = 0; o < 2; o++) {
        for (let i = 0; i < 2; i++) {
          let v = 0
          for (let r = 0; r < d; r++) v += s * p.B[r * 2 + o] * R[r * 2 + i]
          assert.ok(Math.abs(v - h[(j * 2 + o) * 2 + i]) < 1e-13, `${parameterization} ĥ_${j}[${o},${i}]`)
        }
      }
      const next = new Float64Array(d * 2)
      for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) for (let i = 0; i < 2; i++) next[r * 2 + i] += A[r * d + c] * R[c * 2 + i]
      R = next
    }
  }
})

test('balanced with n_x ≠ n_y is refused, naming the field', () => {
  assert.throws(() => linearParams(dimsOf('general', true, false, 3, 2)), /student\.balanced/)
})

test('the population loss is the expectation of the empirical loss (last and every step, weight K − j per lag)', () => {
  const K = 5
  const hT = teacherImpulse(K, 1, 21)
  const hS = teacherImpulse(K, 1, 22)
  const G = new Float64Array(K)
  for (const target of ['last', 'every'] as TargetKind[]) {
    const data = allocSequences(40000, K, 1, 1, target)
    new Rng(23, 'data').fillNormal(data.x)
    convolve(data.y, data.x, hT, data.count, K, 1, 1)
    const empirical = empiricalLossDirect(G, hS, data, 'mean')
    const population = populationLoss(G, hS, hT, K, 1, 1, target, 'mean')
    // Per sequence the last-step loss is σ² χ²₁, so the mean over 40,000 has relative std √(2/40000) ≈ 0.7%: 4% is > 5σ.
    assert.ok(Math.abs(empirical / population - 1) < 0.04, `${target}: empirical ${empirical} vs population ${population}`)
  }
})

test('the fused descent step of a width-scaled general student is p − lr ∂L/∂p (the general gradient; finite differences)', () => {
  for (const [d, nx, ny, K] of [[7, 5, 2, 4], [12, 1, 1, 6], [40, 52, 2, 15]] as const) {
    const dims: LinearDims = { width: d, inputs: nx, outputs: ny, parameterization: 'general', balanced: false, widthScaling: true }
    const slab = nx * ny
    const rng = new Rng(d * 7 + K, 'descent')
    const target = rng.fillNormal(new Float64Array(K * slab))
    const loss: Loss = (G, h) => populationLoss(G, h, target, K, ny, nx, 'last', 'mean')
    const cache = makeImpulseCache(dims, K, testBackend, true)
    const p = arenaParams(cache, dims)
    rng.fillNormal(p.buffer, 0.5)
    const before = Float64Array.from(p.buffer)
    const h = new Float64Array(K * slab)
    const G = new Float64Array(K * slab)
    impulseResponseForward(h, cache, p, dims, K)
    loss(G, h)
    const lr = 1e-3
    impulseResponseDescend(p, G, dims, cache, lr, linearParams(dims))
    const applied = Float64Array.from(p.buffer, (x, i) => (before[i] - x) / lr)

    const { f, grad } = lossAndGrad(dims, K, loss)
    const general = grad(before)
    assert.ok(relDiff(applied, general) < 1e-9, `d ${d}: the step's gradient vs impulseResponseBackward's: ${relDiff(applied, general)}`)
    const scale = general.reduce((m, g) => Math.max(m, Math.abs(g)), 0)
    // finite differences at the small shapes (at the EMAMI21 one their round-off on a loss of ~10³ swamps small entries)
    if (d > 12) continue
    const report = gradcheck(f, before, applied, linearParams(dims).views, { h: 1e-5, floor: 1e-4 * scale })
    assert.ok(report.worst < 1e-6, `d ${d} n_x ${nx} n_y ${ny} K ${K}: ${JSON.stringify(report.perTensor)}`)
  }
})
