/** AISTATS22 (Cohen-Karlik et al. 2022): the claims and figures of its presets. Thresholds are explained beside each. */
import { arrayOf, combineVerdicts, fmt, groupBy, metricOf, notRun, num, verdictOf, where } from './runs'
import type { ClaimNumber, ClaimRun, FigureSpec, PresetClaims, Verdict } from './types'

const lengthsBeyondK = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
const mseAt = (run: ClaimRun, L: number) => arrayOf(run, 'mse_by_length')?.[L - 1] ?? NaN
const gated = (student: unknown) => student === 'gru' || student === 'lstm'

function byLength(id: string, title: string): FigureSpec {
  return { kind: 'by-length', id, title, y: 'mse_by_length', lineBy: ['student', 'data'], logY: true, references: [{ kind: 'x', at: 5, label: 'k = 5' }] }
}

/**
 * Fig. 1 per student: plain data extrapolates (MSE < 1e-2 at every length 6–15 for linear students, < 0.1 for gated
 * ones, whose seed-to-seed spread is larger), and adversarial data fits length 5 (< 1e-2) yet fails beyond (> 0.5;
 * the periodic adversary's own error is 1 at 6–10 and 2 at 11–15).
 */
function fig1Check(runs: readonly ClaimRun[]) {
  const verdicts: Verdict[] = []
  const numbers: ClaimNumber[] = []
  const departures: string[] = []
  const parts: string[] = []
  const adversaryMissed: string[] = []
  for (const [student, group] of groupBy(runs, 'student')) {
    const plain = where(group, { data: 'plain' })[0]
    const adversarial = where(group, { data: 'adversarial' })[0]
    if (!plain || !adversarial) continue
    const bound = gated(student) ? 0.1 : 1e-2
    const worstPlain = Math.max(...lengthsBeyondK.map((L) => mseAt(plain, L)))
    const fitsFive = mseAt(adversarial, 5) < 1e-2
    const failsBeyond = lengthsBeyondK.every((L) => mseAt(adversarial, L) > 0.5)
    const extrapolates = worstPlain < bound
    verdicts.push(verdictOf([extrapolates, fitsFive && failsBeyond]))
    if (!(fitsFive && failsBeyond)) adversaryMissed.push(String(student))
    numbers.push(num(`${String(student)}: worst plain MSE at L = 6..15`, worstPlain), num(`${String(student)}: adversarial MSE at L = 5`, mseAt(adversarial, 5)), num(`${String(student)}: adversarial MSE at L = 15`, mseAt(adversarial, 15)))
    parts.push(`${String(student)} ${extrapolates ? 'extrapolates' : 'does not extrapolate'} (worst ${fmt(worstPlain)})`)
    if (student === 'linear-xavier' && !extrapolates) departures.push('The paper\'s Xavier init is not near zero (ρ(A) ≈ 1): the linear student fits length 5 and keeps its random tail; the small init (Xavier × 0.5 on A, × 0.1 on B, C) is the near-zero regime the theory is about.')
  }
  if (verdicts.length === 0) return notRun('No student has both a plain and an adversarial run.')
  return { verdict: combineVerdicts(verdicts), sentence: `On plain data: ${parts.join(', ')}; adversarial data fit length 5 and fail beyond ${adversaryMissed.length ? `in every student but ${adversaryMissed.join(', ')}` : 'in every student'}.`, numbers, departures }
}

const fig1: PresetClaims = {
  presetId: 'aistats22-fig1-memoryless',
  paper: 'AISTATS22',
  figures: [byLength('mse-by-length', 'MSE against sequence length, memoryless teacher (trained on k = 5)')],
  claims: [{ id: 'gd-extrapolates', figure: 'mse-by-length', quote: 'despite the fact that using adversarial data it is possible to fit training sequences with non-extrapolating solutions, gradient-based optimization leads to extrapolation.', section: 'AISTATS22 §7, Fig. 1', check: fig1Check }],
}

const fig2: PresetClaims = {
  presetId: 'aistats22-fig2-teacher-dim3',
  paper: 'AISTATS22',
  figures: [byLength('mse-by-length', 'MSE against sequence length, teacher with d* = 3 (trained on k = 5)')],
  claims: [
    {
      id: 'gd-extrapolates',
      figure: 'mse-by-length',
      quote: 'Figure 2 confirms that this is indeed the case, via an experiment analogous to that of Figure 1 but with d* = 3.',
      section: 'AISTATS22 §7, Fig. 2',
      // Five steps cannot identify a 3-dimensional system, so plain data is not ~0; the adversary is several times
      // worse: > 5× plain at every length 6–15 (linear), > 3× at length 15 (gated, whose plain error is larger).
      check: (runs) => {
        const verdicts: Verdict[] = []
        const numbers: ClaimNumber[] = []
        for (const [student, group] of groupBy(runs, 'student')) {
          const plain = where(group, { data: 'plain' })[0]
          const adversarial = where(group, { data: 'adversarial' })[0]
          if (!plain || !adversarial) continue
          const ok = gated(student) ? mseAt(adversarial, 15) > 3 * mseAt(plain, 15) : lengthsBeyondK.every((L) => mseAt(adversarial, L) > 5 * mseAt(plain, L))
          verdicts.push(ok ? 'holds' : 'fails')
          numbers.push(num(`${String(student)}: adversarial / plain MSE at L = 15`, mseAt(adversarial, 15) / mseAt(plain, 15)))
        }
        if (verdicts.length === 0) return notRun('No student has both a plain and an adversarial run.')
        return { verdict: combineVerdicts(verdicts), sentence: `Adversarial over plain MSE at length 15: ${numbers.map((n) => `${n.label.split(':')[0]} ${fmt(n.value)}×`).join(', ')}.`, numbers, departures: ['Five training steps cannot identify a 3-dimensional teacher, so plain-data error is small but not zero.'] }
      },
    },
  ],
}

const fig5: PresetClaims = {
  presetId: 'aistats22-fig5-teacher-dim',
  paper: 'AISTATS22',
  figures: [
    {
      kind: 'metric-vs-param',
      id: 'error-vs-dim',
      title: 'Extrapolation MSE (lengths 6–10) against teacher dimension d*',
      x: 'teacher.dim',
      y: 'extrapolation_mse',
      lineBy: ['student'],
      logY: true,
      references: [{ kind: 'metric', metric: 'zero_tail_extrapolation_mse', label: 'exact to k, zero after' }, { kind: 'x', at: 5, label: 'd* = k' }],
    },
  ],
  claims: [
    {
      id: 'two-regimes',
      figure: 'error-vs-dim',
      quote: 'when d* < k there is good extrapolation indicating inductive bias towards low dimensional model. On the other hand for d* > k extrapolation fails',
      section: 'AISTATS22 App., Fig. 5',
      // d* = 1: the small-init student's extrapolation MSE < 0.1 × the zero-tail model's. d* > k = 5: its MSE > 10×
      // the d* = 1 MSE (only at paper scale, which sweeps d* up to 8).
      check: (runs) => {
        const small = where(runs, { student: 'linear-small' })
        const d1 = where(small, { 'teacher.dim': 1 })[0]
        if (!d1) return notRun('No small-init run at d* = 1.')
        const e1 = metricOf(d1, 'extrapolation_mse') ?? NaN
        const z1 = metricOf(d1, 'zero_tail_extrapolation_mse') ?? NaN
        const high = small.filter((r) => (r.params['teacher.dim'] as number) > 5)
        const numbers = [num('d* = 1: extrapolation MSE', e1), num('d* = 1: zero-tail model', z1), ...high.map((r) => num(`d* = ${String(r.params['teacher.dim'])}: extrapolation MSE`, metricOf(r, 'extrapolation_mse')))]
        const low = e1 < 0.1 * z1
        if (high.length === 0) return { verdict: low ? 'holds' : 'fails', sentence: `At d* = 1 the small-init student's extrapolation MSE is ${fmt(e1)} against the zero tail's ${fmt(z1)}; d* > k is not in this sweep (paper scale sweeps it).`, numbers, departures: [] }
        const fails = high.every((r) => (metricOf(r, 'extrapolation_mse') ?? 0) > 10 * e1)
        return { verdict: verdictOf([low, fails]), sentence: `Extrapolation MSE ${fmt(e1)} at d* = 1 (zero tail ${fmt(z1)}); at d* > k it is ${fails ? '' : 'not '}over 10× higher.`, numbers, departures: [] }
      },
    },
  ],
}

const fig3: PresetClaims = {
  presetId: 'aistats22-fig3-slackness',
  paper: 'AISTATS22',
  figures: [{ kind: 'series', id: 'slackness', title: '|λ_i u_i| against Re λ_i after training', series: ['slackness'], x: 'eigen-real', y: '|λ_i u_i|', scatter: true }],
  claims: [
    {
      id: 'slackness',
      figure: 'slackness',
      quote: 'The proof shows that the implicit bias of GD ensures that λ_i u_i = 0 for all i. The results above validate this phenomenon.',
      section: 'AISTATS22 §6, Fig. 3',
      // max |λu| < 2e-2 and < 5e-2 · max |λ| while A is far from 0 (max |λ| > 0.3, at least 3 eigenvalues above 0.1).
      check: (runs) => {
        const run = runs[0]
        if (!run) return notRun('No finished run.')
        const lambda = (arrayOf(run, 'slackness_lambda') ?? []).map(Math.abs)
        const slack = metricOf(run, 'slackness_max') ?? NaN
        const maxLambda = Math.max(...lambda)
        const nontrivial = maxLambda > 0.3 && lambda.filter((l) => l > 0.1).length >= 3
        const checks = [slack < 2e-2 && slack < 5e-2 * maxLambda, nontrivial, (metricOf(run, 'final_loss') ?? 1) < 1e-8]
        return { verdict: verdictOf(checks), sentence: `max |λ_i u_i| = ${fmt(slack)} while max |λ_i| = ${fmt(maxLambda)} (${lambda.filter((l) => l > 0.1).length} eigenvalues above 0.1), at loss ${fmt(metricOf(run, 'final_loss'))}.`, numbers: [num('max |λ_i u_i|', slack), num('max |λ_i|', maxLambda), num('final loss', metricOf(run, 'final_loss'))], departures: [] }
      },
    },
  ],
}

const fig4: PresetClaims = {
  presetId: 'aistats22-fig4-weight-dynamics',
  paper: 'AISTATS22',
  figures: [{ kind: 'series', id: 'norms', title: 'Weight norms and asymmetry over training', series: ['a_norm_curve', 'b_norm_curve', 'c_norm_curve', 'a_asym_curve', 'b_minus_ct_curve'], x: 'step', y: 'norm' }],
  claims: [
    {
      id: 'symmetry',
      figure: 'norms',
      quote: 'As can be seen, the norms of B, C grow while the weights remain approximately symmetric.',
      section: 'AISTATS22 §7, Fig. 4',
      // ‖A − Aᵀ‖/‖A‖ and ‖B − Cᵀ‖/‖B‖ below 0.05 at the end, with ‖B‖ > 0.5 (it grew from a 1e-5 variance init).
      check: (runs) => {
        const run = runs[0]
        if (!run) return notRun('No finished run.')
        const aRel = (metricOf(run, 'a_asym') ?? NaN) / (metricOf(run, 'a_norm') ?? NaN)
        const bRel = (metricOf(run, 'b_minus_ct') ?? NaN) / (metricOf(run, 'b_norm') ?? NaN)
        const bNorm = metricOf(run, 'b_norm') ?? NaN
        return { verdict: verdictOf([aRel < 0.05 && bRel < 0.05, bNorm > 0.5]), sentence: `At the end ‖A − Aᵀ‖/‖A‖ = ${fmt(aRel)}, ‖B − Cᵀ‖/‖B‖ = ${fmt(bRel)}, with ‖B‖ = ${fmt(bNorm)}.`, numbers: [num('‖A − Aᵀ‖ / ‖A‖', aRel), num('‖B − Cᵀ‖ / ‖B‖', bRel), num('‖B‖', bNorm)], departures: [] }
      },
    },
  ],
}

const counterexamples: PresetClaims = {
  presetId: 'aistats22-counterexamples',
  paper: 'AISTATS22',
  figures: [{ kind: 'series', id: 'impulse', title: 'Impulse responses of the constructed solutions', series: ['impulse_student', 'impulse_teacher'], lineBy: ['construction'], x: 'lag', y: 'h_j', logY: true }],
  claims: [
    {
      id: 'constructions',
      figure: 'impulse',
      quote: 'there exist RNN parameters (A, B, C) that minimize the loss in Equation (4) but do not extrapolate.',
      section: 'AISTATS22 Prop. 5.1, Lemma 6.3',
      // Prop. 5.1: loss exactly 0 and non-extrapolating. Lemma 6.3: loss equal to its closed form (21 δ²) to 1e-12,
      // symmetric and balanced, non-extrapolating.
      check: (runs) => {
        const prop = where(runs, { construction: 'prop5.1' })[0]
        const lemma = where(runs, { construction: 'lemma6.3' })[0]
        if (!prop || !lemma) return notRun('The sweep lacks one of the constructions.')
        const propOk = metricOf(prop, 'final_loss') === 0 && metricOf(prop, 'non_extrapolating') === 1
        const lemmaLoss = metricOf(lemma, 'final_loss') ?? NaN
        const lemmaOk = Math.abs(lemmaLoss - (metricOf(lemma, 'predicted_loss') ?? NaN)) < 1e-12 && metricOf(lemma, 'a_asym') === 0 && metricOf(lemma, 'b_minus_ct') === 0 && metricOf(lemma, 'non_extrapolating') === 1
        return { verdict: verdictOf([propOk, lemmaOk]), sentence: `Prop. 5.1: loss ${fmt(metricOf(prop, 'final_loss'))}, extrapolation error ${fmt(metricOf(prop, 'extrapolation_error'))}; Lemma 6.3: loss ${fmt(lemmaLoss)} (predicted ${fmt(metricOf(lemma, 'predicted_loss'))}), extrapolation error ${fmt(metricOf(lemma, 'extrapolation_error'))}.`, numbers: [num('Prop. 5.1 loss', metricOf(prop, 'final_loss')), num('Prop. 5.1 extrapolation error', metricOf(prop, 'extrapolation_error')), num('Lemma 6.3 loss', lemmaLoss), num('Lemma 6.3 extrapolation error', metricOf(lemma, 'extrapolation_error'))], departures: [] }
      },
    },
  ],
}

export const aistats22Claims: PresetClaims[] = [fig1, fig2, fig3, fig4, fig5, counterexamples]
