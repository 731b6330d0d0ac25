/** ICLR23 (Cohen-Karlik et al. 2023): the claims and figures of its presets. Thresholds are explained beside each. */
import { gruBudgetDeparture } from './iclr23Departures'
import { fig5, fig6 } from './iclr23Impulse'
import { splitStable, TRANSITION_THRESHOLDS } from './iclr23Stable'
import type { Scale } from '../spec/experiment'
import { checkOf, fmt, groupBy, mean, meanOf, metricOf, notRun, num, numericValues, outcomeOf, thresholdOf, unstableTeacherNotes, values } from './runs'
import type { Claim, ClaimNumber, ClaimOptions, ClaimOutcome, ClaimRun, FigureSpec, PresetClaims } from './types'

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

/**
 * ICLR23 Fig. 1a: high error below the transition (ratio of means ≥ 0.5 of the zero solution's at some k ≤ 4) and low
 * above it (< 0.5 at every k ≥ 2d̂ + 2). Central: on the stable teachers; auxiliary: the literal arm as well. The ratio
 * is to the zero solution's error, so a student that learns nothing never reads "low".
 */
function balancedTransition(twiceDim: number): Claim['check'] {
  return (runs, _scale, options) => {
    const high = thresholdOf(options, 'high', 0.5)
    const low = thresholdOf(options, 'low', 0.5)
    const read = (group: readonly ClaimRun[]) => {
      const ratio = ratioOfMeans(group)
      const below = [...ratio].filter(([k]) => k <= 4)
      const above = [...ratio].filter(([k]) => k >= twiceDim + 2)
      if (below.length === 0 || above.length === 0) return null
      const highest = Math.max(...below.map(([, r]) => r))
      const worstAbove = Math.max(...above.map(([, r]) => r))
      return { ratio, highest, worstAbove, high: highest >= high, low: worstAbove < low }
    }
    const { stable, others } = splitStable(runs)
    const central = read(stable)
    if (!central) return notRun(stable.length ? `The sweep has no k ≤ 4 or no k ≥ ${twiceDim + 2}.` : 'No seed drew a stable teacher.', unstableTeacherNotes(runs))
    const numbers: ClaimNumber[] = [...central.ratio].map(([k, r]) => num(`error / zero-solution error at k = ${k} (stable teachers)`, r))
    const checks = [
      checkOf('high-below', 'central', `stable teachers: error ≥ ${fmt(high)} of the zero solution's at some k ≤ 4`, central.high, `highest ${fmt(central.highest)}`),
      checkOf('low-above', 'central', `stable teachers: error < ${fmt(low)} of the zero solution's at every k ≥ ${twiceDim + 2}`, central.low, `highest ${fmt(central.worstAbove)}`),
    ]
    const parts = [`stable teachers: highest ratio ${fmt(central.highest)} at k ≤ 4, highest ${fmt(central.worstAbove)} at k ≥ ${twiceDim + 2}`]
    for (const arm of others) {
      const r = read(arm.runs)
      if (!r) continue
      const name = arm.label || 'all teachers'
      numbers.push(...[...r.ratio].map(([k, v]) => num(`error / zero-solution error at k = ${k} (${name})`, v)))
      checks.push(checkOf(`transition ${name}`, 'auxiliary', `${name}: the same transition`, r.high && r.low, `highest ratio ${fmt(r.highest)} at k ≤ 4, ${fmt(r.worstAbove)} at k ≥ ${twiceDim + 2}; a teacher eigenvalue above 1 grows its tail to the horizon`))
      parts.push(`${name}: ${fmt(r.highest)} and ${fmt(r.worstAbove)}`)
    }
    return outcomeOf(checks, `Extrapolation error over the zero solution's (ratio of means over seeds; high ≥ ${fmt(high)}, low < ${fmt(low)}): ${parts.join('; ')}.`, numbers, unstableTeacherNotes(runs))
  }
}

/**
 * A transition read on each length's typical run and on every seed. Central: the median run (the mean where seeds
 * differ by design, `meanBelow`) is above `high` at every "below" length and below `low` at every "above" length.
 * Auxiliary: every seed does the same (one chaotic run below the transition, or one teacher above it, departs
 * without removing the effect; the bootstrap shows when it decides the verdict). `worseThanZero`: the below lengths
 * must also be worse than the zero solution (mean), for teachers whose tail is so small there that an absolute "low"
 * is no evidence (a student that learned nothing would pass it).
 */
function perSeedTransition(opts: { below: number[]; above: number[]; high: number; low: number; metric?: string; meanBelow?: boolean; worseThanZero?: boolean }, options?: ClaimOptions): Claim['check'] {
  const metric = opts.metric ?? 'extrapolation_error'
  const highT = thresholdOf(options, 'high', opts.high)
  const lowT = thresholdOf(options, 'low', opts.low)
  return (runs) => {
    const byK = groupBy(runs, 'data.length')
    const below = opts.below.filter((k) => byK.has(k))
    const above = opts.above.filter((k) => byK.has(k))
    if (below.length === 0 || above.length === 0) return notRun(`The sweep has none of k ∈ {${opts.below.join(', ')}} or none of k ∈ {${opts.above.join(', ')}}.`)
    const label = metric === 'error_ratio' ? 'error / zero-solution error' : 'extrapolation error'
    const at = (k: number) => values(byK.get(k)!, metric)
    const numbers = [...below, ...above].map((k) => num(`${label} at k = ${k} (mean of ${byK.get(k)!.length})`, mean(at(k))))
    // A length whose runs lack the metric counts against the effect (NaN compares false).
    const typicalBelow = Math.min(...below.map((k) => (opts.meanBelow ? mean(at(k)) : median(at(k)))))
    const typicalAbove = Math.max(...above.map((k) => median(at(k))))
    const lowestBelow = Math.min(...below.flatMap(at))
    const highestAbove = Math.max(...above.flatMap(at))
    const complete = above.every((k) => at(k).length === byK.get(k)!.length)
    const checks = [
      checkOf('high-below', 'central', `${opts.meanBelow ? 'mean' : 'median'} error above ${fmt(highT)} at k ∈ {${below.join(', ')}}`, typicalBelow > highT, `lowest ${fmt(typicalBelow)}`),
      checkOf('low-above', 'central', `median error below ${fmt(lowT)} at k ∈ {${above.join(', ')}}`, typicalAbove < lowT, `highest ${fmt(typicalAbove)}`),
    ]
    if (!opts.meanBelow) checks.push(checkOf('every-seed-below', 'auxiliary', `every seed above ${fmt(highT)} at k ∈ {${below.join(', ')}}`, lowestBelow > highT, `lowest run ${fmt(lowestBelow)}`))
    checks.push(checkOf('every-seed-above', 'auxiliary', `every seed below ${fmt(lowT)} at k ∈ {${above.join(', ')}}`, complete && highestAbove < lowT, `highest run ${fmt(highestAbove)}`))
    if (opts.worseThanZero) {
      const worse = below.every((k) => mean(at(k)) > mean(values(byK.get(k)!, 'zero_error')))
      numbers.push(...[...below, ...above].map((k) => num(`zero-solution error at k = ${k} (mean)`, mean(values(byK.get(k)!, 'zero_error')))))
      checks.push(checkOf('worse-than-zero-below', 'central', `error above the zero solution's at k ∈ {${below.join(', ')}} (mean): the teacher's tail is too small past 2d̂ for a low error alone to show extrapolation`, worse))
    }
    const [high, low] = [checks[0].passed, checks[1].passed]
    return outcomeOf(checks, `At k ∈ {${below.join(', ')}} the ${opts.meanBelow ? 'mean' : 'median'} error is ${high ? '' : 'not '}above ${fmt(highT)} (lowest run ${fmt(lowestBelow)}); at k ∈ {${above.join(', ')}} the median is ${low ? '' : 'not '}below ${fmt(lowT)} (highest run ${fmt(highestAbove)}).`, numbers, unstableTeacherNotes(runs))
  }
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const TRANSITION_CENTRAL = 'the error is high below k = 2d̂ and low above it'

const fig1a: PresetClaims = {
  presetId: 'iclr23-fig1a',
  paperId: 'ICLR23',
  figures: [errorVsK('error-vs-k', 'Extrapolation error against training length k', () => 10)],
  claims: [{ id: 'transition', figure: 'error-vs-k', quote: TRANSITION_QUOTE, section: 'ICLR23 §5.1, Fig. 1(a)', central: `${TRANSITION_CENTRAL} (relative to the zero solution, stable teachers)`, thresholds: TRANSITION_THRESHOLDS, check: balancedTransition(10) }],
}

const fig1b: PresetClaims = {
  presetId: 'iclr23-fig1b',
  paperId: 'ICLR23',
  figures: [errorVsK('error-vs-k', 'Extrapolation error against training length k (delay teacher)', (s) => (s === 'paper' ? 20 : 8))],
  claims: [
    {
      id: 'transition',
      figure: 'error-vs-k',
      quote: 'its conclusions still hold — extrapolation error is low when the training sequence length k is greater than 2d̂, and high when k falls below 2d̂.',
      section: 'ICLR23 §5.2, Fig. 1(b)',
      central: TRANSITION_CENTRAL,
      thresholds: TRANSITION_THRESHOLDS,
      // Quick (d̂ = 4): error > 0.2 at k = 6 and < 0.05 at k = 10. Paper (d̂ = 10): "extrapolates" is error < 0.1,
      // at k = 12–18 versus k ≥ 20. The delay teacher's zero solution is exact past d̂ (its error is 0),
      // so "high" at k > d̂ is already worse than the zero solution.
      check: (runs, scale, options) => perSeedTransition(scale === 'paper' ? { below: [12, 14, 16, 18], above: [20, 21, 22, 24, 26], high: 0.1, low: 0.1 } : { below: [6], above: [10], high: 0.2, low: 0.05 }, options)(runs, scale),
    },
  ],
}

const fig3a: PresetClaims = {
  presetId: 'iclr23-fig3a',
  paperId: 'ICLR23',
  figures: [errorVsK('error-vs-k', 'Extrapolation error against k, general student', () => 10)],
  claims: [
    {
      id: 'transition',
      figure: 'error-vs-k',
      quote: 'A similar phase transition phenomenon to the one in Figure 1 is found also here.',
      section: 'ICLR23 App. A.1.1, Fig. 3(a)',
      central: `${TRANSITION_CENTRAL} (relative to the zero solution, stable teachers)`,
      thresholds: TRANSITION_THRESHOLDS,
      // With a stable teacher (Theorem 8's assumption): error / zero error > 0.2 at k ≤ 2, < 0.1 at k ≥ 2d̂ + 2.
      check: (runs, scale, options) => {
        const { stable } = splitStable(runs)
        const ks = numericValues(runs, 'data.length')
        if (stable.length === 0) return { ...notRun('No seed drew a stable teacher.'), departures: unstableTeacherNotes(runs) }
        const outcome = perSeedTransition({ below: ks.filter((k) => k <= 2), above: ks.filter((k) => k >= 12), high: 0.2, low: 0.1, metric: 'error_ratio' }, options)(stable, scale)
        return { ...outcome, sentence: `Stable teachers only (${stable.length} of ${runs.length} runs): ${outcome.sentence}`, departures: unstableTeacherNotes(runs) }
      },
    },
  ],
}

const fig3b: PresetClaims = {
  presetId: 'iclr23-fig3b',
  paperId: 'ICLR23',
  figures: [errorVsK('error-vs-k', 'Extrapolation error against k, random unbalanced teacher', () => 10)],
  claims: [
    {
      id: 'transition',
      figure: 'error-vs-k',
      quote: 'Extrapolation error as a function of the training sequence length k. … (b) a random unbalanced teacher … with dimension d̂ = 5',
      section: 'ICLR23 App. A.2, Fig. 3(b)',
      central: `${TRANSITION_CENTRAL}, and below 2d̂ worse than the zero solution`,
      thresholds: TRANSITION_THRESHOLDS,
      // Below d̂ the silent teacher gives the zero solution; at d̂ < k < 2d̂ the mean error is > 1 (divergence) and
      // above the zero solution's; at k ≥ 12 every seed is < 0.01. Past k = 12 the teacher's tail is < 1e-6, so the
      // zero solution is "low" too: the evidence is the contrast with the divergence below 2d̂.
      check: (runs, scale, options) => {
        const ks = numericValues(runs, 'data.length')
        return perSeedTransition({ below: ks.filter((k) => k > 5 && k < 10), above: ks.filter((k) => k >= 12), high: 1, low: 0.01, meanBelow: true, worseThanZero: true }, options)(runs, scale)
      },
    },
  ],
}

const fig4: PresetClaims = {
  presetId: 'iclr23-fig4-init-scale',
  paperId: 'ICLR23',
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
      central: 'the largest init\'s mean error is above the 1e-3 init\'s by more than seed noise',
      thresholds: [{ id: 'increase', label: 'increase factor', kind: 'threshold' }, { id: 'clear', label: 'clear-increase factor', kind: 'threshold' }],
      // Central: the largest init's mean error > 1.25× the 1e-3 init's (a flat curve differs by seed noise only).
      // Auxiliary: > 2× (the paper's curve rises by orders of magnitude).
      check: (runs, _scale, options) => {
        const scales = numericValues(runs, 'student.init.scale')
        const byScale = groupBy(runs, 'student.init.scale')
        if (!byScale.has(1e-3) || scales.length < 2) return notRun('The sweep lacks init 1e-3 or a larger init.')
        const increase = thresholdOf(options, 'increase', 1.25)
        const clear = thresholdOf(options, 'clear', 2)
        const largest = scales[scales.length - 1]
        const eRef = mean(values(byScale.get(1e-3)!, 'extrapolation_error'))
        const eBig = mean(values(byScale.get(largest)!, 'extrapolation_error'))
        const numbers = scales.map((s) => num(`mean extrapolation error at init ${s}`, mean(values(byScale.get(s)!, 'extrapolation_error'))))
        numbers.push(...scales.map((s) => num(`mean balance ratio at init ${s}`, mean(values(byScale.get(s)!, 'balance_ratio')))))
        const factor = eBig / eRef
        const checks = [
          checkOf('increases', 'central', `mean error at init ${largest} above ${fmt(increase)}× that at 1e-3`, factor > increase, `${fmt(factor)}×`),
          checkOf('clearly', 'auxiliary', `mean error at init ${largest} above ${fmt(clear)}× that at 1e-3`, factor > clear, `${fmt(factor)}×`),
        ]
        return outcomeOf(checks, `Mean error at init ${largest} is ${fmt(factor)}× that at 1e-3.`, numbers, ['The teacher\'s eigenvalues are drawn below 1 (a teacher with an eigenvalue above 1 is never fitted).'])
      },
    },
  ],
}

const fig2Gru: PresetClaims = {
  presetId: 'iclr23-fig2-gru',
  paperId: 'ICLR23',
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
      central: 'the output error over the zero model\'s falls from high at the shortest k_g to low at the longest',
      thresholds: [{ id: 'drop', label: 'drop factor', kind: 'threshold' }, { id: 'low', label: 'low ratio', kind: 'threshold' }],
      // Lab and paper scale (quick's width 32 and 400 steps show the pipeline). Ratio = output error over the zero
      // model's, mean over seeds. High below, low above: the shortest k_g's ratio at least 10× the longest's, and the
      // longest's below 0.1. The critical k_g reported is the first whose ratio is within 2× of the lowest.
      // Runs that never fitted their training lengths say nothing about extrapolation: left out, and counted.
      check: (all, scale, options): ClaimOutcome => {
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
        const drop = thresholdOf(options, 'drop', 10)
        const low = thresholdOf(options, 'low', 0.1)
        const checks = [
          checkOf('falls', 'central', `the shortest k_g's ratio at least ${fmt(drop)}× the longest's`, first >= drop * last, `${fmt(first / last)}×`),
          checkOf('low', 'central', `the longest k_g's ratio below ${fmt(low)}`, last < low, fmt(last)),
        ]
        const departures = ["The teacher's target impulse response is our choice (the paper's is unpublished)."]
        if (runs.length < all.length) departures.push(`${all.length - runs.length} of ${all.length} runs never fitted their training lengths (train_fitted = 0) and are left out.`)
        const budget = gruBudgetDeparture(all)
        if (budget) departures.push(budget)
        return outcomeOf(checks, `Output error over the zero model's falls from ${fmt(first)} at k_g = ${ks[0]} to ${fmt(last)} at k_g = ${ks[ks.length - 1]}; it reaches its floor (within 2×) at k_g = ${critical} (the paper: about 4 d̂_g = 40).`, numbers, departures)
      },
    },
  ],
}

export const iclr23Claims: PresetClaims[] = [fig1a, fig1b, fig2Gru, fig3a, fig3b, fig4, fig5, fig6]
