// EMAMI21: the RNN's loss and gradient through its impulse responses (conv1d stage 1 + A1's stage 2) against the
// unrolled width-scaled recurrence (eq. 1) and finite differences; the twins start at one function; Fig. 1 at
// quick scale with thresholds from docs/experiments.md (3 seeds: the reference measured ≤ 0.033, ≤ 2.5%, ≤ 0.006).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Rng } from '../../../../src-shared/engine/prng'
import { type Conv1dDims, conv1dBackward, conv1dForward, squaredErrorLoss } from '../../../../src-shared/engine/conv1d'
import { impulseResponseBackward, impulseResponseForward, type LinearDims, linearParams, makeImpulseCache } from '../../../../src-shared/engine/linearRnn'
import { expandSweep } from '../../../../src-shared/spec/sweep'
import { parseExperimentSpec } from '../../../../src-shared/spec/experiment'
import { runExperiment } from '../../../../src-shared/experiments/index'
import { emami21Fig1 } from '../../../../src-shared/presets/emami21'
import { gradcheck } from '../../../helpers/gradcheck'
import { testContext, testBackend } from '../../../helpers/backends'

/** EMAMI21 eq. 1 unrolled: h_t = W h_{t−1}/√n + F x_t, y_t = C h_t/√n. Params buffer in A1's order (W, F, C). */
function unrolledLoss(params: Float64Array, d: LinearDims, x: Float64Array, target: Float64Array, batch: number, T: number, last: boolean): number {
  const { width: n, inputs: nx, outputs: ny } = d
  const W = params.subarray(0, n * n)
  const F = params.subarray(n * n, n * n + n * nx)
  const C = params.subarray(n * n + n * nx)
  const s = 1 / Math.sqrt(n)
  let loss = 0
  let count = 0
  for (let b = 0; b < batch; b++) {
    let h = new Float64Array(n)
    for (let t = 0; t < T; t++) {
      const next = new Float64Array(n)
      for (let i = 0; i < n; i++) {
        let v = 0
        for (let k = 0; k < n; k++) v += s * W[i * n + k] * h[k]
        for (let a = 0; a < nx; a++) v += F[i * nx + a] * x[(b * T + t) * nx + a]
        next[i] = v
      }
      h = next
      if (last && t < T - 1) continue
      for (let o = 0; o < ny; o++) {
        let y = 0
        for (let i = 0; i < n; i++) y += s * C[o * n + i] * h[i]
        const ti = last ? b * ny + o : (b * T + t) * ny + o
        loss += (y - target[ti]) ** 2
        count++
      }
    }
  }
  return loss / count
}

for (const target of ['every', 'last'] as const) {
  test(`the RNN through its impulse responses equals the unrolled recurrence, loss and gradient (${target}-step targets)`, () => {
    const dims: LinearDims = { width: 6, inputs: 3, outputs: 2, parameterization: 'general', balanced: false, widthScaling: true }
    const T = 5
    const batch = 4
    const rng = new Rng(11, 'test')
    const p = linearParams(dims)
    rng.fillNormal(p.A, Math.sqrt(0.3))
    rng.fillNormal(p.B)
    rng.fillNormal(p.C)
    const x = rng.fillNormal(new Float64Array(batch * T * dims.inputs))
    const cd: Conv1dDims = { taps: T, length: T, inputs: 3, outputs: 2, target }
    const outs = batch * (target === 'every' ? T : 1) * 2
    const y = rng.fillNormal(new Float64Array(outs))
    const cache = makeImpulseCache(dims, T, testBackend)
    const L = new Float64Array(T * 6)
    const yhat = new Float64Array(outs)
    const dy = new Float64Array(outs)
    const viaImpulse = (buf: Float64Array) => {
      impulseResponseForward(L, cache, linearParams(dims, buf), dims, T)
      conv1dForward(yhat, x, L, cd, batch)
      return squaredErrorLoss(dy, yhat, y, outs, 'mean')
    }
    const loss = viaImpulse(p.buffer)
    const unrolled = unrolledLoss(p.buffer, dims, x, y, batch, T, target === 'last')
    assert.ok(Math.abs(loss - unrolled) < 1e-12 * Math.max(1, unrolled), `impulse ${loss} vs unrolled ${unrolled}`)
    const dL = new Float64Array(L.length)
    conv1dBackward(dL, dy, x, cd, batch)
    const dp = linearParams(dims)
    impulseResponseBackward(dp, dL, p, dims, cache)
    const report = gradcheck((b) => unrolledLoss(b, dims, x, y, batch, T, target === 'last'), p.buffer, dp.buffer, p.views)
    assert.ok(report.worst < 1e-6, `worst relative error against the unrolled recurrence: ${JSON.stringify(report.perTensor)}`)
  })
}

const fig1Runs = expandSweep(emami21Fig1.build('quick'))

test('Fig. 1 quick: the RNN and its scaled Conv1D start at one function and train alike (3 seeds)', () => {
  assert.equal(fig1Runs.length, 3)
  for (const run of fig1Runs) {
    const r = runExperiment(run.spec, testContext)
    const m = r.metrics as Record<string, number>
    const seed = run.spec.seed
    // Same function at step 0: identical losses.
    assert.ok(Math.abs(r.series.train_loss_rnn.y[0] - r.series.train_loss_scaled_conv1d.y[0]) < 1e-10 * r.series.train_loss_rnn.y[0])
    // Training worked: the loss fell more than 10× (to the 20 dB noise floor).
    assert.ok(m.final_loss_rnn < r.series.train_loss_rnn.y[0] / 10, `seed ${seed}: loss ${r.series.train_loss_rnn.y[0]} → ${m.final_loss_rnn}`)
    // Thresholds: max_t |L_rnn − L_conv| / L(0) < 0.05 (reference ≤ 0.033), final within 5% (≤ 2.5%),
    // final impulse-response difference over the distance moved < 0.02 (≤ 0.006 at n = 100).
    assert.ok(m.loss_gap_max < 0.05, `seed ${seed}: loss gap ${m.loss_gap_max}`)
    assert.ok(m.final_loss_rel_diff < 0.05, `seed ${seed}: final losses differ by ${m.final_loss_rel_diff}`)
    assert.ok(m.impulse_gap < 0.02, `seed ${seed}: impulse gap ${m.impulse_gap}`)
    assert.equal(r.metrics.r2, r.metrics.r2_rnn)
    assert.ok(typeof (r.metrics.r2 as Record<string, number>).y0 === 'number')
  }
})

test('the same spec and seed give bit-identical results', () => {
  const spec = { ...fig1Runs[0].spec, stopping: { ...fig1Runs[0].spec.stopping, maxSteps: 20 } }
  const a = runExperiment(spec, testContext)
  const b = runExperiment(spec, testContext)
  assert.deepEqual(a.metrics, b.metrics)
  assert.deepEqual(a.series.train_loss_rnn, b.series.train_loss_rnn)
})

test('bad options name the field', () => {
  assert.throws(() => parseExperimentSpec({ ...fig1Runs[0].spec, options: { models: ['rnn', 'lstm'] } }), /options\.models\.1/)
  const noData = { ...fig1Runs[0].spec, teacher: { kind: 'none' as const } }
  assert.throws(() => runExperiment(noData, testContext), /data\.dataset: this run needs a dataset/)
})
