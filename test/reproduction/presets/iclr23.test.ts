/**
 * ICLR23 reproduction at quick scale: each preset's quick sweep run in-process, asserting the outcomes of
 * docs/experiments.md with thresholds from a PyTorch reference on this machine.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { findPreset, presets } from '../../../src-shared/presets'
import { iclr23Presets } from '../../../src-shared/presets/iclr23'
import { expandSweep } from '../../../src-shared/spec/sweep'
import { buildPreset, presetScales, SpecError, type Scale } from '../../../src-shared/spec/experiment'
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
  assert.equal(paper.length, 580, 'fig1a at paper scale: 2 teacher arms × k = 2..30 × 10 seeds')
  assert.deepEqual(
    [paper[0].spec.student.width, paper[0].spec.stopping.maxSteps, paper[0].spec.optimizer.kind, paper[0].spec.metrics.horizon],
    [40, 15_000, 'adam', 120],
  )
})

test('every registered preset (all papers) has a unique id and sweeps at each of its scales that expand and validate', () => {
  assert.equal(new Set(presets.map((p) => p.id)).size, presets.length, 'preset ids are unique')
  for (const preset of presets) {
    assert.deepEqual(presetScales(preset).filter((s) => s !== 'lab'), ['quick', 'paper'], `${preset.id} offers quick and paper`)
    for (const scale of presetScales(preset)) {
      assert.doesNotThrow(() => expandSweep(buildPreset(preset, scale)), `${preset.id} at ${scale} scale`)
    }
  }
})

test('the lab scale: only ICLR23 Fig. 2 offers it, between quick and paper; asking another preset for it names its scales', () => {
  assert.deepEqual(presets.filter((p) => presetScales(p).includes('lab')).map((p) => p.id), ['iclr23-fig2-gru'])
  const gru = findPreset('iclr23-fig2-gru')!
  const cost = (scale: Scale) => expandSweep(buildPreset(gru, scale)).reduce((sum, r) => {
    const spec = r.spec as { student: { width: number }; data: { length: number }; stopping: { maxSteps: number } }
    return sum + spec.student.width ** 2 * spec.data.length * spec.stopping.maxSteps
  }, 0)
  assert.ok(cost('quick') < cost('lab') && cost('lab') < cost('paper') / 20, `${cost('quick')} < ${cost('lab')} < ${cost('paper')} / 20`)
  const runs = expandSweep(buildPreset(gru, 'lab'))
  assert.equal(runs.length, 18)
  assert.ok(runs.every((r) => (r.spec.student as { precision: string }).precision === 'float32'))
  assert.throws(() => buildPreset(findPreset('iclr23-fig1a')!, 'lab'), (e: Error) => e instanceof SpecError && e.message === 'preset iclr23-fig1a has no lab scale (it has: quick, paper)')
})

/** Mean extrapolation error over mean zero-solution error, per k (the measure of the transition in docs/experiments.md). */
function ratioOfMeans(runs: FinishedRun[]): Map<number, number> {
  const out = new Map<number, number>()
  for (const [k, group] of groupBy(runs, 'data.length')) {
    out.set(k as number, mean(group.map((r) => metric(r, 'extrapolation_error'))) / mean(group.map((r) => metric(r, 'zero_error'))))
  }
  return out
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

const arm = (runs: FinishedRun[], eigMax: number) => runs.filter((r) => r.params['teacher.eigMax'] === eigMax)
const k = (run: FinishedRun) => run.params['data.length'] as number
const show = (runs: FinishedRun[]) => runs.map((r) => `k=${k(r)} s${r.params.seed}: ${metric(r, 'error_ratio').toPrecision(3)}`).join(', ')

test('iclr23-fig1a: two teacher arms from the same seeds; the stable one has every eigenvalue below 1', () => {
  const runs = quickRuns('iclr23-fig1a')
  assert.equal(runs.length, 2 * 6 * 3)
  for (const run of arm(runs, 1)) assert.ok(teacherRadius(run) < 1, JSON.stringify(run.params))
  // The literal draw gives seeds 0 and 1 an eigenvalue above 1; the stable arm scales the same uniforms into [0.6, 1).
  const literal = arm(runs, 1.05).filter((r) => k(r) === 2)
  assert.deepEqual(literal.map((r) => teacherRadius(r) > 1), [true, true, false])
  for (const [lit, stable] of literal.map((r) => [r, arm(runs, 1).find((s) => k(s) === 2 && s.params.seed === r.params.seed)!])) {
    const eig = (run: FinishedRun) => run.result.models.teacher.tensors.A.data.filter((_, i) => i % 6 === 0)
    eig(lit).forEach((l, i) => assert.ok(Math.abs((l - 0.6) / 0.45 - (eig(stable)[i] - 0.6) / 0.4) < 1e-12))
  }
  for (const run of runs) {
    assert.ok(run.result.series.impulse_teacher.y.length >= 120)
    assert.ok(run.result.series.impulse_ho_kalman.y.length >= 120)
    // The modes series beside the curve: 5 eigenvalues and weights p_i = Ĉ_i B̂_i summing to ĈB̂ = 1.
    const modes = run.result.series.teacher_modes
    assert.equal(modes.x!.length, 5)
    assert.ok(Math.abs(modes.y.reduce((a, b) => a + b, 0) - 1) < 1e-12)
  }
})

test('iclr23-fig1a stable arm: a phase transition — high error at small k, every seed below half the zero error from k = 12', () => {
  const stable = arm(quickRuns('iclr23-fig1a'), 1)
  const byK = groupBy(stable, 'data.length')
  // Below the transition: at k = 3 the median run is worse than the zero solution (median error_ratio ≥ 1).
  assert.ok(median(byK.get(3)!.map((r) => metric(r, 'error_ratio'))) >= 1, show(byK.get(3)!))
  // Above 2d̂ + 2 = 12 (Theorem 8, stable teachers): every seed, and the ratio of means, below 0.5.
  for (const run of stable.filter((r) => k(r) >= 12)) assert.ok(metric(run, 'error_ratio') < 0.5, show([run]))
  const stableAbove = [...ratioOfMeans(stable)].filter(([kk]) => kk >= 12)
  assert.equal(stableAbove.length, 2)
  for (const [kk, r] of stableAbove) assert.ok(r < 0.5, `k=${kk}: ratio of means ${r}`)
  // The paper's criterion (App. B.3): no run worse than the zero solution from k = 8.
  for (const run of stable.filter((r) => k(r) >= 8)) assert.equal(metric(run, 'non_extrapolating'), 0, show([run]))
})

test('iclr23-fig1a literal arm: teachers with an eigenvalue above 1 keep the error near the zero solution\'s, so the mean shows no transition', () => {
  const literal = arm(quickRuns('iclr23-fig1a'), 1.05)
  const unstable = literal.filter((r) => teacherRadius(r) > 1 && k(r) === 16)
  assert.equal(unstable.length, 2)
  for (const run of unstable) assert.ok(metric(run, 'error_ratio') > 0.8, show([run]))
  const literalAbove = [...ratioOfMeans(literal)].filter(([kk]) => kk >= 12)
  assert.equal(literalAbove.length, 2)
  for (const [kk, r] of literalAbove) assert.ok(r > 0.5, `k=${kk}: ratio of means ${r}`)
  // Its one stable teacher (seed 2) extrapolates like the stable arm.
  for (const run of literal.filter((r) => teacherRadius(r) < 1 && k(r) >= 12)) assert.ok(metric(run, 'error_ratio') < 0.5, show([run]))
})

test('iclr23-fig1a: the Ho–Kalman realization from the same k values identifies every teacher from k = 12, unstable ones too', () => {
  for (const run of quickRuns('iclr23-fig1a').filter((r) => k(r) >= 12)) {
    const hk = metric(run, 'ho_kalman_error')
    assert.ok(hk < 0.01 * metric(run, 'zero_error'), `${JSON.stringify(run.params)}: ho_kalman_error ${hk}`)
    assert.ok(hk < metric(run, 'extrapolation_error'), `${JSON.stringify(run.params)}: below gradient descent's error`)
    assert.ok(metric(run, 'ho_kalman_order') >= 3 && metric(run, 'ho_kalman_order') <= 5)
  }
})

test('iclr23-fig1b (quick: d̂ = 4, width 16, init 0.03, population loss): error > 0.2 at k = 6, < 0.05 at k = 10', () => {
  const runs = quickRuns('iclr23-fig1b')
  const byK = groupBy(runs, 'data.length')
  // Every seed, as the paper states it: 3 seeds each.
  for (const run of byK.get(6)!) assert.ok(metric(run, 'extrapolation_error') > 0.2, `k=6 ${JSON.stringify(run.params)}`)
  for (const run of byK.get(10)!) assert.ok(metric(run, 'extrapolation_error') < 0.05, `k=10 ${JSON.stringify(run.params)}`)
  assert.equal(byK.get(6)!.length, 3)
  // The delay teacher's tail beyond k ≥ d̂ is silent (zero error 0): the verdict is error > 0.1, not "worse than 0".
  for (const run of [...byK.get(6)!, ...byK.get(10)!]) {
    assert.equal(metric(run, 'zero_error'), 0)
    assert.equal(metric(run, 'non_extrapolating'), k(run) === 6 ? 1 : 0, JSON.stringify(run.params))
    assert.equal(metric(run, 'train_fitted'), 1, `every quick run fits its training lengths: ${JSON.stringify(run.params)}`)
  }
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

test('iclr23-fig3a: stable arm — the general student\'s error falls from k = 2 to 16 and ends below half the zero error; literal arm — unstable teachers stay near it', () => {
  const runs = quickRuns('iclr23-fig3a')
  for (const seed of [0, 1, 2]) {
    const bySeed = arm(runs, 1).filter((r) => r.params.seed === seed)
    const at = (kk: number) => bySeed.find((r) => k(r) === kk)!
    assert.ok(metric(at(16), 'extrapolation_error') < metric(at(2), 'extrapolation_error'), show(bySeed))
    assert.ok(metric(at(16), 'error_ratio') < 0.5, show(bySeed))
  }
  const unstable = arm(runs, 1.05).filter((r) => teacherRadius(r) > 1 && k(r) === 16)
  assert.equal(unstable.length, 2)
  for (const run of unstable) assert.ok(metric(run, 'error_ratio') > 0.9, show([run]))
})

test('iclr23-fig3b: zero solution below d̂, divergence below 2d̂, extrapolation above', () => {
  const byK = groupBy(quickRuns('iclr23-fig3b'), 'data.length')
  // k = 4 < d̂ = 5: the teacher (B = e_d, C = e_1ᵀ) is silent before lag d̂ − 1, so the student learns zero.
  for (const run of byK.get(4)!) assert.ok(Math.abs(metric(run, 'extrapolation_error') - metric(run, 'zero_error')) < 1e-3)
  const err = (k: number) => byK.get(k)!.map((r) => metric(r, 'extrapolation_error'))
  assert.ok(mean(err(6)) > 1, `k=6: ${err(6)}`)
  for (const e of err(12)) assert.ok(e < 0.01, `k=12: ${err(12)}`)
})

/** The first k of the sweep whose error is below `level`, or null (ICLR23 Fig. 4's summary per init scale). */
function firstK(runs: FinishedRun[], level: number): number | null {
  const below = runs.filter((r) => metric(r, 'extrapolation_error') < level).map(k)
  return below.length ? Math.min(...below) : null
}

function fig4Summary() {
  const runs = quickRuns('iclr23-fig4-init-scale')
  const at = (scale: number, kk: number) => runs.filter((r) => r.params['student.init.scale'] === scale && k(r) === kk)
  const err = (scale: number, kk: number) => mean(at(scale, kk).map((r) => metric(r, 'extrapolation_error')))
  const imbalance = (scale: number) => mean(runs.filter((r) => r.params['student.init.scale'] === scale).map((r) => metric(r, 'balance_ratio')))
  const ks = [4, 8, 12, 16]
  const show = [1e-5, 1e-3, 1e-1]
    .map((s) => {
      const perSeed = [0, 1, 2].map((seed) => firstK(runs.filter((r) => r.params['student.init.scale'] === s && r.params.seed === seed), 0.01))
      return `init ${s}: error ${ks.map((kk) => err(s, kk).toPrecision(3)).join(' ')} (k = ${ks}); first k < 0.01 per seed ${perSeed}`
    })
    .join('; ')
  return { runs, err, imbalance, ks, show }
}

test('iclr23-fig4-init-scale (quick: width 20, k ∈ {4, 8, 12, 16}): init 0.1 has the larger error at every k; 1e-5 ≈ 1e-3; larger init ends less balanced', (t) => {
  const { runs, err, imbalance, ks, show } = fig4Summary()
  t.diagnostic(show)
  assert.equal(runs.length, 3 * 4 * 3)
  for (const kk of ks) {
    // Measured 1.15–1.7×: a larger init needs a longer k to reach the same error.
    assert.ok(err(1e-1, kk) > 1.1 * err(1e-3, kk), `k=${kk}: ${show}`)
    // 1e-5 and 1e-3 are indistinguishable in the reference; shown here rather than hidden.
    assert.ok(Math.abs(err(1e-5, kk) - err(1e-3, kk)) < 0.1 * err(1e-3, kk), `k=${kk}: ${show}`)
  }
  assert.ok(imbalance(1e-1) > 10 * imbalance(1e-3), show)
  // The paper's summary where a teacher gets there: the first k below 0.01 is never earlier at init 0.1.
  const firstKs = [0, 1, 2].map((seed) => {
    const of = (scale: number) => firstK(runs.filter((r) => r.params['student.init.scale'] === scale && r.params.seed === seed), 0.01)
    return { seed, small: of(1e-3), large: of(1e-1) }
  })
  // Seeds whose 1e-3 student never gets below 0.01 say nothing here; at least one does.
  const reached = firstKs.filter((f) => f.small !== null)
  assert.ok(reached.length >= 1, show)
  for (const { seed, small, large } of reached) assert.ok(large === null || large >= small!, `seed ${seed}: ${show}`)
})

// "Error at init 0.1 > 2× the 1e-3 init's" is the init-scale claim's auxiliary check (src-shared/claims/iclr23.ts):
// at quick scale it departs (partly), which claimsIclr23.test.ts asserts.

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
  const fig5 = quickRuns('iclr23-fig5-impulse')
  const e5 = (eigMax: number, kk: number) => metric(arm(fig5, eigMax).find((r) => k(r) === kk)!, 'extrapolation_error')
  // Stable arm: k = 20 tracks the teacher (10× closer than k = 10; error_ratio below 0.1).
  assert.ok(e5(1, 20) < 0.2 * e5(1, 10), `fig5 stable: k=10 ${e5(1, 10)}, k=20 ${e5(1, 20)}`)
  assert.ok(metric(arm(fig5, 1).find((r) => k(r) === 20)!, 'error_ratio') < 0.1)
  // Literal arm, seed 0 (an eigenvalue of 1.037): the k = 20 student ends worse than the zero solution.
  const literal20 = arm(fig5, 1.05).find((r) => k(r) === 20)!
  assert.equal(metric(literal20, 'non_extrapolating'), 1, `k=20 literal: ${metric(literal20, 'error_ratio')}`)
  for (const run of fig5) assert.ok(run.result.series.impulse_student.y.length >= 120)

  const fig6 = groupBy(quickRuns('iclr23-fig6-impulse'), 'data.length')
  const e6 = (k: number) => metric(fig6.get(k)![0], 'extrapolation_error')
  // k = 3 < d̂ = 4: the teacher is silent for j < k, so the student learns the zero solution (error = h_{d̂−1} = 1).
  assert.ok(Math.abs(e6(3) - 1) < 0.05, `fig6 k=3: ${e6(3)}`)
  assert.ok(e6(6) > 0.2 && e6(10) < 0.05, `fig6: k=6 ${e6(6)}, k=10 ${e6(10)}`)
})
