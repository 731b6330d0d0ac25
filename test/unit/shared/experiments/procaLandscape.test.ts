/** PROCA Fig. 2: the landscape's minima, its gradient field and the grid layout the app renders. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { gradcheck } from '../../../helpers/gradcheck'
import { landscapePoint } from '../../../../src-shared/experiments/procaLandscape'
import { runExperiment } from '../../../../src-shared/experiments/index'
import { procaFig2Landscape } from '../../../../src-shared/presets/proca'
import { expandSweep } from '../../../../src-shared/spec/sweep'
import { parseExperimentSpec } from '../../../../src-shared/spec/experiment'
import { testContext } from '../../../helpers/backends'

const ctx = testContext

test('quick preset: the numerical global minima are the paper\'s to 1e-3', () => {
  // PROCA Fig. 2 text: constant 0.7 → (1, 0.7); expanding 0.7^{T−t} → (0.7, 1); contracting 0.9^t → (1/0.9, 0.9^T).
  const expected: Record<string, (T: number) => [number, number]> = {
    'constant 0.7': () => [1, 0.7],
    'expanding 0.7^(T−t)': () => [0.7, 1],
    'contracting 0.9^t': (T) => [1 / 0.9, 0.9 ** T],
  }
  const runs = expandSweep(procaFig2Landscape.build('quick'))
  assert.equal(runs.length, 6)
  for (const planned of runs) {
    const T = planned.spec.data.length
    const [b, ac] = expected[planned.params.target as string](T)
    const m = runExperiment({ ...planned.spec, stopping: { ...planned.spec.stopping, maxSteps: 0 } }, ctx).metrics
    const label = `${planned.params.target}, T = ${T}`
    assert.ok(Math.abs((m.min_b as number) - b) < 1e-3, `${label}: b ${m.min_b} vs ${b}`)
    assert.ok(Math.abs((m.min_ac as number) - ac) < 1e-3, `${label}: ac ${m.min_ac} vs ${ac}`)
    assert.ok((m.min_loss as number) < 1e-12, `${label}: these targets are fitted exactly`)
  }
})

test('contracting T = 50 from b = ±0.3, a = c = 0.3: the minimum (b > 1) is out of reach; GD stays below 1 (PROCA prediction 3)', () => {
  const planned = expandSweep(procaFig2Landscape.build('quick')).find(
    (p) => p.params.target === 'contracting 0.9^t' && p.spec.data.length === 50,
  )!
  const trajectories = [{ b: 0.3, init: 0.3 }, { b: -0.3, init: 0.3 }]
  const spec = parseExperimentSpec({ ...planned.spec, options: { ...planned.spec.options, trajectories } })
  const m = runExperiment(spec, ctx).metrics
  for (const b of m.trajectory_final_b as number[]) assert.ok(Math.abs(b) < 1, `b ended at ${b}`)
  for (const loss of m.trajectory_final_loss as number[]) assert.ok(loss > 1e-3, `loss ${loss} is far above the minimum`)
})

test('quick preset: the bifurcation — for the contracting target b(0) = +0.95 reaches the minimum, −0.95 ends at a·c ≈ 0; the others both reach it', () => {
  for (const planned of expandSweep(procaFig2Landscape.build('quick'))) {
    const m = runExperiment(planned.spec, ctx).metrics
    const [bPlus, bMinus] = m.trajectory_final_b as number[]
    const acMinus = (m.trajectory_final_ac as number[])[1]
    const [lossPlus, lossMinus] = m.trajectory_final_loss as number[]
    const label = `${planned.params.target}, T = ${planned.spec.data.length}: b ${bPlus}, ${bMinus}; loss ${lossPlus}, ${lossMinus}`
    // Both starts lie inside |b| < 1; the + one reaches the global minimum for every target.
    assert.ok(Math.abs(bPlus - (m.min_b as number)) < 1e-6 && lossPlus < 1e-12, label)
    if (planned.params.target === 'contracting 0.9^t') {
      // Pushed to negative b: a·c collapses to ~0 and the loss stays at the zero function's, ½ Σ s_t².
      const zeroLoss = 0.5 * Array.from({ length: planned.spec.data.length }, (_, t) => 0.81 ** (t + 1)).reduce((a, b) => a + b)
      assert.ok(bMinus < -0.5 && Math.abs(acMinus) < 1e-2, label)
      assert.ok(Math.abs(lossMinus - zeroLoss) < 0.01 * zeroLoss, `${label}; zero function ${zeroLoss}`)
    } else {
      assert.ok(Math.abs(bMinus - (m.min_b as number)) < 1e-6 && lossMinus < 1e-12, label)
    }
  }
})

test('the flow field is the negative gradient of E(b, ac)', () => {
  const s = Float64Array.from({ length: 12 }, (_, i) => 0.9 ** (i + 1))
  const flow = new Float64Array(2)
  for (const [b, u] of [[0.5, 0.3], [-0.8, 1.1], [1.05, 0.2]]) {
    landscapePoint(flow, b, u, s)
    const params = Float64Array.of(b, u)
    const grad = Float64Array.of(-flow[0], -flow[1])
    const report = gradcheck((p) => landscapePoint(new Float64Array(2), p[0], p[1], s), params, grad, [
      { name: 'b', offset: 0, length: 1 },
      { name: 'ac', offset: 1, length: 1 },
    ])
    assert.ok(report.worst < 1e-6, `worst ${report.worst} at (${b}, ${u})`)
  }
})

test('grid layout: axes, row-major (ac, b) cells, and a trajectory series per start', () => {
  const spec = parseExperimentSpec({
    experiment: 'proca-landscape',
    teacher: { kind: 'sequence', shape: 'constant', base: 0.7 },
    data: { length: 10 },
    optimizer: { kind: 'gd', lr: 1e-3 },
    stopping: { maxSteps: 500 },
    options: { grid: 5, bMin: -1, bMax: 1, acMin: 0, acMax: 2, trajectories: [{ b: 0.5, init: 0.5 }] },
  })
  const { series } = runExperiment(spec, ctx)
  assert.deepEqual(series.landscape_b_axis.y, [-1, -0.5, 0, 0.5, 1])
  assert.deepEqual(series.landscape_ac_axis.y, [0, 0.5, 1, 1.5, 2])
  assert.equal(series.landscape_loss.y.length, 25)
  const s = new Float64Array(10).fill(0.7)
  // cell (j = 3, i = 1): ac = 1.5, b = -0.5
  assert.equal(series.landscape_loss.y[3 * 5 + 1], landscapePoint(new Float64Array(2), -0.5, 1.5, s))
  assert.equal(series.landscape_flow_b.y.length, 25)
  assert.ok(series.trajectory_0.x!.length > 2 && series.trajectory_1 === undefined)
  assert.equal(series.trajectory_0.x![0], 0.5)
  assert.equal(series.trajectory_0.y[0], 0.25)
})

test('bad options name the field', () => {
  const base = { experiment: 'proca-landscape', teacher: { kind: 'sequence' }, optimizer: { kind: 'gd' } } as const
  assert.throws(() => runExperiment(parseExperimentSpec({ ...base, options: { grid: 1 } }), ctx), /options\.grid/)
  assert.throws(() => runExperiment(parseExperimentSpec({ ...base, options: { bMin: 1, bMax: 0 } }), ctx), /options\.bMax/)
  assert.throws(() => runExperiment(parseExperimentSpec({ ...base, options: { trajectories: [{ b: 1 }] } }), ctx), /options\.trajectories\.0/)
})
