/** ICLR23 (Cohen-Karlik et al. 2023): the claims and figures of its presets. Thresholds are explained beside each. */
import type { Scale } from '../spec/experiment'
import { armsBy, combineVerdicts, fmt, groupBy, mean, meanOf, metricOf, notRun, num, numericValues, teacherRadius, unstableTeacherNotes, values, verdictOf } from './runs'
import type { Claim, ClaimNumber, ClaimOutcome, ClaimRun, FigureSpec, PresetClaims, Verdict } from './types'

const TRANSITION_QUOTE = 'when k > 2d̂ extrapolation error is low, whereas when k falls below 2d̂ extrapolation error is high.'

/** Extrapolation error against k with the zero solution's error and k = 2d̂ marked; one line per eigMax arm. */
function errorVsK(id: string, title: string, twiceDim: (scale: Scale) => number): FigureSpec {
  return {
    kind: 'metric-vs-param',
    id,
    title,
    x: 'data.length',
    y: 'extrapolation_error',
    lineBy: ['teacher.eigMax'],
    logY: true,
    references: [
      { kind: 'metric', metric: 'zero_error', label: 'zero solution' },
      { kind: 'x', at: twiceDim, label: 'k = 2d̂' },
    ],
  }
}

/** Mean error / mean zero-solution error per k (the ratio of means: one bad seed cannot hide in a mean of ratios). */
function ratioOfMeans(runs: readonly ClaimRun[]): Map<number, number> {
  const out = new Map<number, number>()
  for (const [k, group] of groupBy(runs, 'data.length')) {
    const e = meanOf(group, 'extrapolation_error')
    const z = meanOf(group, 'zero_error')
    if (typeof k === 'number' && e !== null && z !== null && z > 0) out.set(k, e / z)
  }
  return out
}

/** A stable arm: its eigMax is ≤ 1, or (no arm) every teacher it drew is stable. */
function isStableArm(value: unknown): boolean {
  return typeof value === 'number' && value <= 1
}

/**
 * ICLR23 Fig. 1a / 3a: high error below the transition (ratio of means ≥ 0.5 at some k ≤ 4, i.e. at least half the
 * zero solution's) and low above it (< 0.5 at every k ≥ 2d̂ + 2). Per eigMax arm when the sweep has that axis.
 */
function balancedTransition(twiceDim: number): Claim['check'] {
  return (runs) => {
    const arms = armsBy(runs, 'teacher.eigMax')
    const numbers: ClaimNumber[] = []
    const departures: string[] = []
    const verdicts: Verdict[] = []
    const parts: string[] = []
    for (const arm of arms) {
      const ratio = ratioOfMeans(arm.runs)
      const below = [...ratio].filter(([k]) => k <= 4)
      const above = [...ratio].filter(([k]) => k >= twiceDim + 2)
      const suffix = arm.label ? ` (${arm.label})` : ''
      for (const [k, r] of ratio) numbers.push(num(`error / zero-solution error at k = ${k}${suffix}`, r))
      if (below.length === 0 || above.length === 0) {
        verdicts.push('not run at this scale')
        continue
      }
      const high = below.some(([, r]) => r >= 0.5)
      const low = above.every(([, r]) => r < 0.5)
      verdicts.push(verdictOf([high, low]))
      const worstAbove = Math.max(...above.map(([, r]) => r))
      parts.push(`${arm.label || 'all teachers'}: highest ratio ${fmt(Math.max(...below.map(([, r]) => r)))} at k ≤ 4, highest ${fmt(worstAbove)} at k ≥ ${twiceDim + 2}`)
      if (!isStableArm(arm.value)) {
        const notes = unstableTeacherNotes(arm.runs)
        departures.push(...notes)
        const stable = arm.runs.filter((r) => (teacherRadius(r) ?? 2) <= 1 && (r.params['data.length'] as number) >= twiceDim + 2)
        if (notes.length && stable.length) {
          const worst = Math.max(...stable.map((r) => (metricOf(r, 'extrapolation_error') ?? NaN) / (metricOf(r, 'zero_error') ?? NaN)))
          numbers.push(num(`worst error / zero-solution error with a stable teacher, k ≥ ${twiceDim + 2}${suffix}`, worst))
          departures.push(`With the stable teachers alone the worst ratio at k ≥ ${twiceDim + 2} is ${fmt(worst)}.`)
        }
      }
    }
    const verdict = combineVerdicts(verdicts)
    if (verdict === 'not run at this scale') return notRun(`The sweep has no k ≤ 4 or no k ≥ ${twiceDim + 2}.`)
    return { verdict, sentence: `Extrapolation error over the zero solution's (ratio of means over seeds; high ≥ 0.5, low < 0.5): ${parts.join('; ')}.`, numbers, departures }
  }
}

/**
 * A transition read per seed: every run at the "below" lengths has error above `high`, every run at the "above"
 * lengths below `low` (or the mean, where seeds differ by design). Lengths missing from the sweep: not run.
 */
function perSeedTransition(opts: { below: number[]; above: number[]; high: number; low: number; metric?: string; meanBelow?: boolean }): Claim['check'] {
  const metric = opts.metric ?? 'extrapolation_error'
  return (runs) => {
    const byK = groupBy(runs, 'data.length')
    const below = opts.below.filter((k) => byK.has(k))
    const above = opts.above.filter((k) => byK.has(k))
    if (below.length === 0 || above.length === 0) return notRun(`The sweep has none of k ∈ {${opts.below.join(', ')}} or none of k ∈ {${opts.above.join(', ')}}.`)
    const numbers = [...below, ...above].map((k) => num(`${metric === 'error_ratio' ? 'error / zero-solution error' : 'extrapolation error'} at k = ${k} (mean of ${byK.get(k)!.length})`, mean(values(byK.get(k)!, metric))))
    const highOk = below.every((k) => (opts.meanBelow ? mean(values(byK.get(k)!, metric)) > opts.high : values(byK.get(k)!, metric).every((v) => v > opts.high)))
    const lowOk = above.every((k) => values(byK.get(k)!, metric).every((v) => v < opts.low))
    return {
      verdict: verdictOf([highOk, lowOk]),
      sentence: `At k ∈ {${below.join(', ')}} the error is ${highOk ? '' : 'not '}above ${opts.high}${opts.meanBelow ? ' (mean)' : ' for every seed'}; at k ∈ {${above.join(', ')}} it is ${lowOk ? '' : 'not '}below ${opts.low} for every seed.`,
      numbers,
      departures: unstableTeacherNotes(runs),
    }
  }
}

const fig1a: PresetClaims = {
  presetId: 'iclr23-fig1a',
  paper: 'ICLR23',
  figures: [errorVsK('error-vs-k', 'Extrapolation error against training length k', () => 10)],
  claims: [{ id: 'transition', figure: 'error-vs-k', quote: TRANSITION_QUOTE, section: 'ICLR23 §5.1, Fig. 1(a)', check: balancedTransition(10) }],
}

const fig1b: PresetClaims = {
  presetId: 'iclr23-fig1b',
  paper: 'ICLR23',
  figures: [errorVsK('error-vs-k', 'Extrapolation error against training length k (delay teacher)', (s) => (s === 'paper' ? 20 : 8))],
  claims: [
    {
      id: 'transition',
      figure: 'error-vs-k',
      quote: 'its conclusions still hold — extrapolation error is low when the training sequence length k is greater than 2d̂, and high when k falls below 2d̂.',
      section: 'ICLR23 §5.2, Fig. 1(b)',
      // Quick (d̂ = 4): error > 0.2 at k = 6 and < 0.05 at k = 10 for every seed. Paper (d̂ = 10): "extrapolates" is
      // error < 0.1 (the zero solution's tail error is 0 beyond d̂, so no ratio), at k = 12–18 versus k ≥ 20.
      check: (runs, scale) => perSeedTransition(scale === 'paper' ? { below: [12, 14, 16, 18], above: [20, 21, 22, 24, 26], high: 0.1, low: 0.1 } : { below: [6], above: [10], high: 0.2, low: 0.05 })(runs, scale),
    },
  ],
}

const fig3a: PresetClaims = {
  presetId: 'iclr23-fig3a',
  paper: 'ICLR23',
  figures: [errorVsK('error-vs-k', 'Extrapolation error against k, general student', () => 10)],
  claims: [
    {
      id: 'transition',
      figure: 'error-vs-k',
      quote: 'A similar phase transition phenomenon to the one in Figure 1 is found also here.',
      section: 'ICLR23 App. A.1.1, Fig. 3(a)',
      // With a stable teacher (Theorem 8's assumption): error / zero error > 0.2 at the shortest k, < 0.1 at k ≥ 2d̂ + 2.
      check: (runs, scale) => {
        const stable = armsBy(runs, 'teacher.eigMax').flatMap((arm) => (isStableArm(arm.value) ? arm.runs : arm.runs.filter((r) => (teacherRadius(r) ?? 2) <= 1)))
        const ks = numericValues(runs, 'data.length')
        if (stable.length === 0) return { ...notRun('No seed drew a stable teacher.'), departures: unstableTeacherNotes(runs) }
        const outcome = perSeedTransition({ below: ks.filter((k) => k <= 2), above: ks.filter((k) => k >= 12), high: 0.2, low: 0.1, metric: 'error_ratio' })(stable, scale)
        return { ...outcome, sentence: `Stable teachers only (${stable.length} of ${runs.length} runs): ${outcome.sentence}`, departures: unstableTeacherNotes(runs) }
      },
    },
  ],
}

const fig3b: PresetClaims = {
  presetId: 'iclr23-fig3b',
  paper: 'ICLR23',
  figures: [errorVsK('error-vs-k', 'Extrapolation error against k, random unbalanced teacher', () => 10)],
  claims: [
    {
      id: 'transition',
      figure: 'error-vs-k',
      quote: 'Extrapolation error as a function of the training sequence length k. … (b) a random unbalanced teacher … with dimension d̂ = 5',
      section: 'ICLR23 App. A.2, Fig. 3(b)',
      // Below d̂ the silent teacher gives the zero solution; at k = 6 (< 2d̂) the mean error is > 1 (divergence);
      // at k ≥ 12 every seed is < 0.01.
      check: (runs, scale) => {
        const ks = numericValues(runs, 'data.length')
        return perSeedTransition({ below: ks.filter((k) => k > 5 && k < 10), above: ks.filter((k) => k >= 12), high: 1, low: 0.01, meanBelow: true })(runs, scale)
      },
    },
  ],
}

const fig4: PresetClaims = {
  presetId: 'iclr23-fig4-init-scale',
  paper: 'ICLR23',
  figures: [
    { kind: 'metric-vs-param', id: 'error-vs-init', title: 'Extrapolation error against init scale', x: 'student.init.scale', y: 'extrapolation_error', lineBy: ['data.length'], logX: true, logY: true },
    { kind: 'metric-vs-param', id: 'balance-vs-init', title: 'Final balance ratio against init scale', x: 'student.init.scale', y: 'balance_ratio', lineBy: ['data.length'], logX: true, logY: true },
  ],
  claims: [
    {
      id: 'init-scale',
      figure: 'error-vs-init',
      quote: 'Extrapolation error increases along with the scale of initialization.',
      section: 'ICLR23 App. A.1.2, Fig. 4',
      // holds: the largest init's mean error > 2× the 1e-3 init's; partly: larger but under 2×.
      check: (runs) => {
        const scales = numericValues(runs, 'student.init.scale')
        const byScale = groupBy(runs, 'student.init.scale')
        if (!byScale.has(1e-3) || scales.length < 2) return notRun('The sweep lacks init 1e-3 or a larger init.')
        const largest = scales[scales.length - 1]
        const eRef = mean(values(byScale.get(1e-3)!, 'extrapolation_error'))
        const eBig = mean(values(byScale.get(largest)!, 'extrapolation_error'))
        const numbers = scales.map((s) => num(`mean extrapolation error at init ${s}`, mean(values(byScale.get(s)!, 'extrapolation_error'))))
        numbers.push(...scales.map((s) => num(`mean balance ratio at init ${s}`, mean(values(byScale.get(s)!, 'balance_ratio')))))
        const verdict: Verdict = eBig > 2 * eRef ? 'holds' : eBig > eRef ? 'partly' : 'fails'
        return { verdict, sentence: `Mean error at init ${largest} is ${fmt(eBig / eRef)}× that at 1e-3 (holds above 2×).`, numbers, departures: ['The teacher\'s eigenvalues are drawn below 1 (a teacher with an eigenvalue above 1 is never fitted).'] }
      },
    },
  ],
}

/** Fig. 5 / 6: students track the teacher up to k; only the longer k extrapolates. */
function impulseFigure(title: string): FigureSpec {
  return { kind: 'series', id: 'impulse', title, series: ['impulse_teacher', 'impulse_student'], once: ['impulse_teacher'], lineBy: ['data.length'], x: 'lag', y: 'h_j' }
}

const fig5: PresetClaims = {
  presetId: 'iclr23-fig5-impulse',
  paper: 'ICLR23',
  figures: [impulseFigure('Impulse responses: teacher and students trained with k = 10, 20')],
  claims: [
    {
      id: 'longer-k-extrapolates',
      figure: 'impulse',
      quote: 'both students track the teacher up to the k used in training, for k = 10 there is no extrapolation for larger values of k, whereas k = 20 tracks the teacher well beyond the sequence length used in training.',
      section: 'ICLR23 App. A.3, Fig. 5',
      // holds: k = 20's error is below k = 10's and under half the zero solution's; partly: only the first. Per
      // eigMax arm when the sweep has that axis.
      check: (runs) => {
        const verdicts: Verdict[] = []
        const numbers: ClaimNumber[] = []
        const parts: string[] = []
        for (const arm of armsBy(runs, 'teacher.eigMax')) {
          const byK = groupBy(arm.runs, 'data.length')
          if (!byK.has(10) || !byK.has(20)) continue
          const e10 = mean(values(byK.get(10)!, 'extrapolation_error'))
          const e20 = mean(values(byK.get(20)!, 'extrapolation_error'))
          const r20 = mean(values(byK.get(20)!, 'error_ratio'))
          verdicts.push(e20 < e10 ? (r20 < 0.5 ? 'holds' : 'partly') : 'fails')
          const suffix = arm.label ? ` (${arm.label})` : ''
          numbers.push(num(`extrapolation error, k = 10${suffix}`, e10), num(`extrapolation error, k = 20${suffix}`, e20), num(`error / zero-solution error, k = 20${suffix}`, r20))
          parts.push(`${arm.label ? `${arm.label}: ` : ''}error ${fmt(e10)} at k = 10, ${fmt(e20)} at k = 20 (${fmt(r20)} of the zero solution's)`)
        }
        if (verdicts.length === 0) return notRun('The sweep lacks k = 10 or k = 20.')
        return { verdict: combineVerdicts(verdicts), sentence: `Extrapolation ${parts.join('; ')}.`, numbers, departures: unstableTeacherNotes(runs.filter((r) => !isStableArm(r.params['teacher.eigMax']))) }
      },
    },
  ],
}

const fig6: PresetClaims = {
  presetId: 'iclr23-fig6-impulse',
  paper: 'ICLR23',
  figures: [impulseFigure('Impulse responses: delay teacher and students')],
  claims: [
    {
      id: 'two-more-steps',
      figure: 'impulse',
      quote: 'for k = 18 the student diverges for longer sequences while k = 20 which is trained for merely two additional time steps extrapolates and tracks the teacher almost perfectly.',
      section: 'ICLR23 App. A.3, Fig. 6',
      // Three lengths: below d̂ (the silent teacher gives the zero solution: ratio within 0.05 of 1), below 2d̂
      // (error > 0.2), above 2d̂ (error < 0.05 quick, < 0.1 paper).
      check: (runs, scale) => {
        const ks = numericValues(runs, 'data.length')
        if (ks.length < 3) return notRun('The sweep has fewer than three lengths.')
        const at = (k: number) => mean(values(groupBy(runs, 'data.length').get(k)!, 'extrapolation_error'))
        const ratio = (k: number) => mean(values(groupBy(runs, 'data.length').get(k)!, 'error_ratio'))
        const [kZero, kMid, kHigh] = ks
        const low = scale === 'paper' ? 0.1 : 0.05
        const checks = [Math.abs(ratio(kZero) - 1) < 0.05, at(kMid) > 0.2, at(kHigh) < low]
        return {
          verdict: verdictOf(checks),
          sentence: `k = ${kZero}: ${fmt(ratio(kZero))} of the zero solution's error; k = ${kMid}: error ${fmt(at(kMid))} (diverges above 0.2); k = ${kHigh}: ${fmt(at(kHigh))} (tracks below ${low}).`,
          numbers: [num(`error / zero-solution error, k = ${kZero}`, ratio(kZero)), num(`extrapolation error, k = ${kMid}`, at(kMid)), num(`extrapolation error, k = ${kHigh}`, at(kHigh))],
          departures: scale === 'quick' ? ['Quick scale uses d̂ = 4 and k ∈ {3, 6, 10} in place of d̂ = 10 and k ∈ {8, 18, 20}.'] : [],
        }
      },
    },
  ],
}

const fig2Gru: PresetClaims = {
  presetId: 'iclr23-fig2-gru',
  paper: 'ICLR23',
  figures: [
    {
      kind: 'metric-vs-param',
      id: 'error-vs-k',
      title: 'GRU output extrapolation error against training length k_g',
      x: 'data.length',
      y: 'input_extrapolation_error',
      logY: true,
      references: [{ kind: 'metric', metric: 'input_zero_error', label: 'zero model' }, { kind: 'x', at: 40, label: 'k_g = 4 d̂_g' }],
    },
  ],
  claims: [
    {
      id: 'critical-length',
      figure: 'error-vs-k',
      quote: 'there exists a critical threshold for the training sequence length k_g, above which extrapolation error is low and below which extrapolation error is high.',
      section: 'ICLR23 §5.3, Fig. 2(a)',
      // Lab and paper scale (quick's width 32 and 400 steps show the pipeline). Ratio = output error over the zero
      // model's, mean over seeds. High below, low above: the shortest k_g's ratio at least 10× the longest's, and the
      // longest's below 0.1. The critical k_g reported is the first whose ratio is within 2× of the lowest.
      // Runs that never fitted their training lengths say nothing about extrapolation: left out, and counted.
      check: (all, scale): ClaimOutcome => {
        const runs = all.filter((r) => metricOf(r, 'train_fitted') !== 0)
        const byK = groupBy(runs, 'data.length')
        const ks = numericValues(runs, 'data.length')
        const ratios = ks.map((k) => mean(byK.get(k)!.map((r) => metricOf(r, 'input_error_ratio') ?? NaN)))
        const numbers = ks.map((k, i) => num(`output error / zero model's, k_g = ${k}`, ratios[i]))
        if (scale === 'quick' || ks.length < 2) return { ...notRun('The transition needs the lab or paper scale; quick shows the pipeline.'), numbers }
        const first = ratios[0]
        const last = ratios[ratios.length - 1]
        const floor = Math.min(...ratios)
        const critical = ks[ratios.findIndex((r) => r <= 2 * floor)]
        numbers.push(num('critical k_g (first within 2× of the lowest ratio)', critical))
        const checks = [first >= 10 * last, last < 0.1]
        const departures = ["The teacher's target impulse response is our choice (the paper's is unpublished)."]
        if (runs.length < all.length) departures.push(`${all.length - runs.length} of ${all.length} runs never fitted their training lengths (train_fitted = 0) and are left out.`)
        if (scale === 'lab') departures.push('Lab scale: width 64 in float32, up to 8,000 steps, 3 seeds (paper: width 100, up to 50,000 steps, 10 seeds).')
        return {
          verdict: verdictOf(checks),
          sentence: `Output error over the zero model's falls from ${fmt(first)} at k_g = ${ks[0]} to ${fmt(last)} at k_g = ${ks[ks.length - 1]}; it reaches its floor (within 2×) at k_g = ${critical} (the paper: about 4 d̂_g = 40).`,
          numbers,
          departures,
        }
      },
    },
  ],
}

export const iclr23Claims: PresetClaims[] = [fig1a, fig1b, fig2Gru, fig3a, fig3b, fig4, fig5, fig6]
