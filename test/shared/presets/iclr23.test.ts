/**
 * ICLR23 reproduction at quick scale: each preset's quick sweep run in-process, asserting the outcomes of
 * docs/experiments.md with thresholds from a PyTorch reference on this machine.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { findPreset, presets } from '../../../src-shared/presets'
import { iclr23Presets } from '../../../src-shared/presets/iclr23'
import { expandSweep } from '../../../src-shared/spec/sweep'
import { type FinishedRun, groupBy, mean, metric, runSweep } from '../../helpers/runSweep'

const quick = (id: string) => findPreset(id)!.build('quick')

/** Each quick sweep runs once per file; several tests read it. */
const sweeps = new Map<string, FinishedRun[]>()
function quickRuns(id: string): FinishedRun[] {
  if (!sweeps.has(id)) sweeps.set(id, runSweep(quick(id)))
  return sweeps.get(id)!
}

/** Largest |eigenvalue| of the run's teacher: ICLR23 Theorem 8 assumes a stable teacher (eigenvalues in [−1, 1]). */
function teacherRadius(run: FinishedRun): number {
  const { A } = run.result.models.teacher.tensors
  const d = A.shape[0]
  return Math.max(...Array.from({ length: d }, (_, i) => Math.abs(A.data[i * d + i])))
}

test('every ICLR23 preset is registered, documented, and its quick and paper sweeps expand and validate', () => {
  for (const preset of iclr23Presets) {
    assert.equal(findPreset(preset.id), preset, `${preset.id} is registered`)
    assert.ok(preset.description.length > 100 && preset.expected.length > 20, `${preset.id} says what it does and expects`)
    for (const scale of ['quick', 'paper'] as const) assert.ok(expandSweep(preset.build(scale)).length > 0)
  }
  const paper = expandSweep(findPreset('iclr23-fig1a')!.build('paper'))
  assert.equal(paper.length, 87, 'fig1a at paper scale: k = 2..30 × 3 seeds')
  assert.deepEqual(
    [paper[0].spec.student.width, paper[0].spec.stopping.maxSteps, paper[0].spec.optimizer.kind],
    [40, 15_000, 'adam'],
  )
})

test('every registered preset (all papers) has a unique id and quick and paper sweeps that expand and validate', () => {
  assert.equal(new Set(presets.map((p) => p.id)).size, presets.length, 'preset ids are unique')
  for (const preset of presets) {
    for (const scale of ['quick', 'paper'] as const) {
      assert.doesNotThrow(() => expandSweep(preset.build(scale)), `${preset.id} at ${scale} scale`)
    }
  }
})

/** Mean extrapolation error over mean zero-solution error, per k (the measure of the transition in docs/experiments.md). */
function ratioOfMeans(runs: FinishedRun[]): Map<number, number> {
  const out = new Map<number, number>()
  for (const [k, group] of groupBy(runs, 'data.length')) {
    out.set(k as number, mean(group.map((r) => metric(r, 'extrapolation_error'))) / mean(group.map((r) => metric(r, 'zero_error'))))
  }
  return out
}

test('iclr23-fig1a: phase transition in k; the teacher\'s eigenvalues and weights are recorded', () => {
  const runs = quickRuns('iclr23-fig1a')
  const ratio = ratioOfMeans(runs)
  const show = [...ratio].map(([k, r]) => `k=${k}: ${r.toPrecision(3)}`).join(', ')
  // Every run carries its teacher (diagonal A = eigenvalues, B = Cᵀ = weights) so a user sees which modes dominate.
  for (const run of runs) {
    assert.deepEqual(run.result.models.teacher.tensors.A.shape, [5, 5])
    assert.deepEqual(run.result.models.teacher.tensors.B.shape, [5, 1])
    assert.ok(run.result.series.impulse_teacher.y.length >= 120)
    // The modes series a user sees beside the curve: 5 eigenvalues and weights p_i = Ĉ_i B̂_i summing to ĈB̂ = 1.
    const modes = run.result.series.teacher_modes
    assert.equal(modes.x!.length, 5)
    assert.ok(Math.abs(modes.y.reduce((a, b) => a + b, 0) - 1) < 1e-12)
  }
  // Ratio ≥ 0.5 for some k ≤ 4 (high error below the transition).
  assert.ok([...ratio].some(([k, r]) => k <= 4 && r >= 0.5), show)
  // The paper's criterion (App. B.3): non-extrapolating = error above the zero solution's; only below 2d̂.
  for (const run of runs) {
    if ((run.params['data.length'] as number) > 10) assert.equal(metric(run, 'non_extrapolating'), 0, JSON.stringify(run.params))
  }
  // Theorem 8 assumes a stable teacher: with one, error < 0.5 × the zero solution's for every k ≥ 2d̂ + 2.
  const stable = runs.filter((r) => teacherRadius(r) <= 1 && (r.params['data.length'] as number) >= 12)
  assert.ok(stable.length > 0, 'at least one stable teacher among the seeds')
  for (const run of stable) {
    assert.ok(metric(run, 'extrapolation_error') < 0.5 * metric(run, 'zero_error'), JSON.stringify(run.params))
  }
})

test(
  'iclr23-fig1a: ratio of means < 0.5 for every k ≥ 2d̂ + 2 = 12',
  {
    todo:
      'not reproduced with the teachers of seeds 0–2 (ratios 0.73 and 0.89 at k = 12 and 16): two of them have an eigenvalue ' +
      'above 1 with a small weight (1.037 with p = 0.030, 1.023 with p = 0.060) whose tail dominates both errors up to ' +
      'j = 119 and which k ≤ 16 lags cannot pin down; PyTorch on the same teachers: 0.76 and 0.91',
  },
  () => {
    const ratio = ratioOfMeans(quickRuns('iclr23-fig1a'))
    const show = [...ratio].map(([k, r]) => `k=${k}: ${r.toPrecision(3)}`).join(', ')
    for (const [k, r] of ratio) if (k >= 12) assert.ok(r < 0.5, `k=${k}: ${show}`)
  },
)

test('iclr23-fig1b (quick: d̂ = 4, width 16, init 0.03, population loss): error > 0.2 at k = 6, < 0.05 at k = 10', () => {
  const runs = quickRuns('iclr23-fig1b')
  const byK = groupBy(runs, 'data.length')
  // Every seed, as the paper states it: 3 seeds each.
  for (const run of byK.get(6)!) assert.ok(metric(run, 'extrapolation_error') > 0.2, `k=6 ${JSON.stringify(run.params)}`)
  for (const run of byK.get(10)!) assert.ok(metric(run, 'extrapolation_error') < 0.05, `k=10 ${JSON.stringify(run.params)}`)
  assert.equal(byK.get(6)!.length, 3)
})

test('iclr23-fig1b: from init 1e-3 on the population loss (d̂ = 10, width 50) Adam never moves, and the run says so', () => {
  // The paper's teacher and width: the init gradients (~4e-8) sit below Adam's ε scale (docs/experiments.md), so the
  // population loss stays at 1; the run must not pass silently as a result. (At the quick d̂ = 4 the same init
  // escapes: its gradients are larger, so this is checked at the paper's sizes, for 500 steps.)
  const [run] = runSweep(quick('iclr23-fig1b'), {
    'teacher.dim': 10,
    'student.width': 50,
    'data.length': 20,
    'student.init.scale': 1e-3,
    'stopping.maxSteps': 500,
    seeds: [0],
  })
  assert.equal(metric(run, 'learned'), 0)
  assert.ok(run.result.warnings.some((w) => /did not decrease/.test(w) && /eps/.test(w)), run.result.warnings.join('; '))
})

test('iclr23-fig3a: with a stable teacher the general student extrapolates at k = 16, not at k = 2', () => {
  const runs = quickRuns('iclr23-fig3a')
  const stable = runs.filter((r) => teacherRadius(r) <= 1)
  assert.ok(stable.length > 0, 'at least one stable teacher among the seeds')
  for (const run of stable) {
    const k = run.params['data.length'] as number
    const relative = metric(run, 'extrapolation_error') / metric(run, 'zero_error')
    if (k === 16) assert.ok(relative < 0.1, `k=16: error / zero error = ${relative}`)
    if (k === 2) assert.ok(relative > 0.2, `k=2: error / zero error = ${relative}`)
  }
})

test('iclr23-fig3b: zero solution below d̂, divergence below 2d̂, extrapolation above', () => {
  const byK = groupBy(quickRuns('iclr23-fig3b'), 'data.length')
  // k = 4 < d̂ = 5: the teacher (B = e_d, C = e_1ᵀ) is silent before lag d̂ − 1, so the student learns zero.
  for (const run of byK.get(4)!) assert.ok(Math.abs(metric(run, 'extrapolation_error') - metric(run, 'zero_error')) < 1e-3)
  const err = (k: number) => byK.get(k)!.map((r) => metric(r, 'extrapolation_error'))
  assert.ok(mean(err(6)) > 1, `k=6: ${err(6)}`)
  for (const e of err(12)) assert.ok(e < 0.01, `k=12: ${err(12)}`)
})

function fig4Summary() {
  const byScale = groupBy(quickRuns('iclr23-fig4-init-scale'), 'student.init.scale')
  const err = (s: number) => mean(byScale.get(s)!.map((r) => metric(r, 'extrapolation_error')))
  const imbalance = (s: number) => mean(byScale.get(s)!.map((r) => metric(r, 'balance_ratio')))
  const show = [1e-5, 1e-3, 1e-1]
    .map((s) => `init ${s}: error ${err(s).toPrecision(3)}, B/C imbalance ${imbalance(s).toPrecision(3)}`)
    .join('; ')
  return { err, imbalance, show }
}

test('iclr23-fig4-init-scale (quick: width 20, k = 8): larger init ends less balanced; 1e-5 ≈ 1e-3', () => {
  const { err, imbalance, show } = fig4Summary()
  assert.ok(imbalance(1e-1) > 10 * imbalance(1e-3), show)
  // 1e-5 and 1e-3 are indistinguishable in the reference; shown here rather than hidden.
  assert.ok(Math.abs(err(1e-5) - err(1e-3)) < 0.5 * err(1e-3), show)
})

test(
  'iclr23-fig4-init-scale: error at init 0.1 > 2× error at 1e-3',
  {
    todo:
      'not reproduced at width 20 with the teachers of seeds 0–2: mean error 0.029 at init 0.1 vs 0.020 at 1e-3 ' +
      '(× 1.4). With eigenvalues < 0.95: × 1.35 here, × 1.27 in PyTorch on the same teachers, per-teacher ratios ' +
      '0.8–3.7 over seeds 0–9, × 2.3 at width 40',
  },
  () => {
    const { err, show } = fig4Summary()
    assert.ok(err(1e-1) > 2 * err(1e-3), show)
  },
)

test('ICLR23 Prop. 9: from near-zero init the balance ratio ||B − Cᵀ|| / ||B + Cᵀ|| falls over training', () => {
  for (const run of quickRuns('iclr23-fig3a')) {
    const curve = run.result.series.balance_curve
    assert.ok(curve && curve.y.length > 10, 'balance_curve is recorded')
    // A Gaussian init has B and Cᵀ independent: ratio ≈ 1 at step 0; Prop. 9 says it shrinks towards 0.
    assert.ok(curve.y[0] > 0.5, `initial ${curve.y[0]}`)
    assert.ok(curve.y[curve.y.length - 1] < 0.05, `final ${curve.y[curve.y.length - 1]} ${JSON.stringify(run.params)}`)
  }
})

test('iclr23-fig5/fig6-impulse: students track the teacher up to k; only the longer k extrapolates', () => {
  const fig5 = groupBy(quickRuns('iclr23-fig5-impulse'), 'data.length')
  const e5 = (k: number) => metric(fig5.get(k)![0], 'extrapolation_error')
  assert.ok(e5(20) < e5(10), `fig5: k=10 ${e5(10)}, k=20 ${e5(20)}`)
  for (const [, [run]] of fig5) assert.ok(run.result.series.impulse_student.y.length >= 120)

  const fig6 = groupBy(quickRuns('iclr23-fig6-impulse'), 'data.length')
  const e6 = (k: number) => metric(fig6.get(k)![0], 'extrapolation_error')
  // k = 3 < d̂ = 4: the teacher is silent for j < k, so the student learns the zero solution (error = h_{d̂−1} = 1).
  assert.ok(Math.abs(e6(3) - 1) < 0.05, `fig6 k=3: ${e6(3)}`)
  assert.ok(e6(6) > 0.2 && e6(10) < 0.05, `fig6: k=6 ${e6(6)}, k=10 ${e6(10)}`)
})
