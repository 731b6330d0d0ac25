/** EMAMI21 (Emami et al. 2021): the claims and figures of its presets, and Table 1 with the paper's numbers. */
import { TWIN_MODEL_LABELS, TWIN_MODEL_NAMES } from '../catalogue'
import { twinDriftCheck, TWIN_DRIFT } from './emami21Kernels'
import { settingOf } from './settings'
import { checkOf, fmt, groupBy, mean, metricOf, notRun, num, numericValues, outcomeOf, thresholdOf, values, where } from './runs'
import type { ClaimCheck, ClaimNumber, ClaimRun, PresetClaims } from './types'
import { budgetDeparture, trainingDeparture } from './emami21Training'

/** EMAMI21 Table 1 (ICML version): test R² for the x and y hand velocity. */
export const EMAMI21_TABLE1 = {
  whole: { rnn: [0.6462, 0.5911], scaled_conv1d: [0.6442, 0.586], conv1d: [0.6565, 0.6027] },
  limited: { rnn: [0.6043, 0.4257], scaled_conv1d: [0.6046, 0.4234], conv1d: [0.5856, 0.3918] },
} as const

/** The output columns of a run's keyed R² (the recording's velocity columns), in order: the paper's x, y. */
export function r2Targets(run: ClaimRun): string[] {
  const r2 = run.metrics.r2_ridge ?? run.metrics.r2
  return r2 && typeof r2 === 'object' && !Array.isArray(r2) ? Object.keys(r2) : []
}

/** EMAMI21 Fig. 3's students have n = 1000 units (§5.1). */
const PAPER_WIDTH = 1000

/** The students' width n that ran (swept param, else the run's settings); null when unknown or mixed. */
function runWidth(runs: readonly ClaimRun[]): number | null {
  return settingOf(runs, 'width', 'student.width')
}

/** Why the RNN left its twin, with the width that ran (none named when unknown or mixed). */
function widthDeparture(runs: readonly ClaimRun[], delay: number): string {
  const n = runWidth(runs)
  if (n === null) return `the RNN leaves the kernel regime by τ = ${delay}`
  return `at width n = ${n} the RNN leaves the kernel regime by τ = ${delay}${n < PAPER_WIDTH ? ` (the paper uses n = ${PAPER_WIDTH})` : ''}`
}

/** The width departure of Table 1's equality: named from the runs' width, or from the scale for runs without one. */
function narrowDeparture(runs: readonly ClaimRun[], scale: string): string[] {
  const n = runWidth(runs)
  const narrow = n === null ? scale !== 'paper' : n < PAPER_WIDTH
  if (!narrow) return []
  return [`The paper's equality needs n = ${PAPER_WIDTH}${n === null ? '' : `; these students have n = ${n}`}: below it the RNN may learn faster than its twin.`]
}

const fig1: PresetClaims = {
  presetId: 'emami21-fig1-dynamics',
  paperId: 'EMAMI21',
  figures: [{ kind: 'series', id: 'twin-loss', title: 'Training loss: RNN and its scaled Conv1D twin', series: ['train_loss_rnn', 'train_loss_scaled_conv1d'], lineBy: ['seed'], where: { seed: 0 }, x: 'step', y: 'loss', logY: true }],
  claims: [
    {
      id: 'twins-match',
      figure: 'twin-loss',
      quote: 'As you see the dynamics of these models perfectly match.',
      section: 'EMAMI21 §5.1, Fig. 1',
      central: 'in every seed the RNN\'s training loss follows its scaled Conv1D twin\'s',
      thresholds: [{ id: 'gap', label: 'loss-gap bound', kind: 'threshold' }, { id: 'final', label: 'final-loss bound', kind: 'threshold' }, { id: 'kernel', label: 'kernel-gap bound', kind: 'threshold' }],
      // Per seed: max_t |L_rnn − L_conv| / L(0) < 0.05 (central); final losses within 5% and final kernel gap over
      // the distance moved < 0.02 (auxiliary: where the curves end, not how they run).
      check: (runs, _scale, options) => {
        if (runs.length === 0) return notRun('No finished run.')
        const gapBound = thresholdOf(options, 'gap', 0.05)
        const finalBound = thresholdOf(options, 'final', 0.05)
        const kernelBound = thresholdOf(options, 'kernel', 0.02)
        const gap = Math.max(...runs.map((r) => metricOf(r, 'loss_gap_max') ?? Infinity))
        const final = Math.max(...runs.map((r) => metricOf(r, 'final_loss_rel_diff') ?? Infinity))
        const kernel = Math.max(...runs.map((r) => metricOf(r, 'impulse_gap') ?? Infinity))
        const checks = [
          checkOf('loss-gap', 'central', `max loss gap below ${fmt(gapBound)} of L(0) in every seed`, gap < gapBound, fmt(gap)),
          checkOf('final-loss', 'auxiliary', `final losses within ${fmt(finalBound)} in every seed`, final < finalBound, fmt(final)),
          checkOf('kernel-gap', 'auxiliary', `final kernel gap below ${fmt(kernelBound)} in every seed`, kernel < kernelBound, fmt(kernel)),
        ]
        return outcomeOf(checks, `Over ${runs.length} seeds the largest loss gap is ${fmt(gap)} of L(0), the largest final difference ${fmt(final)}.`, [num('max loss gap / L(0)', gap), num('max final loss difference', final), num('max kernel gap', kernel)])
      },
    },
  ],
}

const fig3: PresetClaims = {
  presetId: 'emami21-fig3-delay',
  paperId: 'EMAMI21',
  figures: [
    { kind: 'metric-vs-param', id: 'error-vs-delay', title: 'Test loss against delay τ', x: 'data.delay', y: ['test_loss_rnn', 'test_loss_scaled_conv1d', 'test_loss_conv1d'], logY: true },
    { kind: 'kernel-regime', id: 'kernel-regime', title: 'Where the kernel regime breaks' },
  ],
  claims: [
    {
      id: 'delay-bias',
      figure: 'error-vs-delay',
      quote: 'Due to the bias of these models against the delay, the test error increases as we increase the delay steps in our system. On the other hand, the performance of the unscaled convolutional model stays almost the same',
      section: 'EMAMI21 §5.1, Fig. 3',
      central: 'the RNN\'s and the scaled Conv1D\'s test error grow with the delay while the Conv1D\'s stays flat',
      thresholds: [{ id: 'bias', label: 'delay-bias factor', kind: 'threshold' }, { id: 'flat', label: 'flat factor', kind: 'threshold' }, { id: 'twin', label: 'RNN-twin factor', kind: 'threshold' }, { id: 'drift', label: 'RNN–twin kernel gap', kind: 'threshold' }],
      // Means over seeds at τ = 0 and τ = 8 (seeds differ by up to 3×). Central: the scaled Conv1D and the RNN (the
      // quote's "these models") > 10× their τ = 0 error; the Conv1D < 3× its own. Auxiliary: the scaled Conv1D > 2×
      // the Conv1D at τ = 8, and the RNN within 2× of its scaled twin there (the kernel regime, which a finite width
      // can leave at long delays).
      check: (runs, _scale, options) => {
        const byDelay = groupBy(runs, 'data.delay')
        const far = byDelay.has(8) ? 8 : Math.max(...numericValues(runs, 'data.delay'))
        if (!byDelay.has(0) || !(far > 0)) return notRun('The sweep lacks τ = 0 or a longer delay.')
        const bias = thresholdOf(options, 'bias', 10)
        const flat = thresholdOf(options, 'flat', 3)
        const twin = thresholdOf(options, 'twin', 2)
        const at = (d: number, m: string) => mean(values(byDelay.get(d)!, `test_loss_${m}`))
        const sc0 = at(0, 'scaled_conv1d'), sc = at(far, 'scaled_conv1d'), cv0 = at(0, 'conv1d'), cv = at(far, 'conv1d'), rnn0 = at(0, 'rnn'), rnn = at(far, 'rnn')
        const checks: ClaimCheck[] = [
          checkOf('scaled-biased', 'central', `scaled Conv1D: τ = ${far} error above ${fmt(bias)}× its τ = 0 error`, sc > bias * sc0, `${fmt(sc / sc0)}×`),
          checkOf('rnn-biased', 'central', `RNN: τ = ${far} error above ${fmt(bias)}× its τ = 0 error`, rnn > bias * rnn0, Number.isFinite(rnn / rnn0) ? `${fmt(rnn / rnn0)}×` : 'the runs have no RNN test loss'),
          checkOf('conv1d-flat', 'central', `Conv1D: τ = ${far} error below ${fmt(flat)}× its τ = 0 error`, cv < flat * cv0, `${fmt(cv / cv0)}×`),
          checkOf('scaled-above-conv1d', 'auxiliary', `τ = ${far}: scaled Conv1D error above ${fmt(2)}× the Conv1D's`, sc > 2 * cv, `${fmt(sc / cv)}×`),
          checkOf('rnn-follows-twin', 'auxiliary', `τ = ${far}: RNN error within ${fmt(twin)}× its scaled twin's`, Math.max(rnn / sc, sc / rnn) < twin, `RNN ${fmt(rnn)}, scaled Conv1D ${fmt(sc)}: ${widthDeparture(runs, far)}`),
        ]
        // Where the RNN leaves its twin, read on the kernels at every delay (emami21Kernels.ts).
        const drift = twinDriftCheck(runs, thresholdOf(options, 'drift', TWIN_DRIFT))
        if (drift) checks.push(checkOf('rnn-kernel-twin', 'auxiliary', drift.label, drift.passed, drift.reason))
        return outcomeOf(
          checks,
          `From τ = 0 to ${far}, test loss: RNN ${fmt(rnn0)} → ${fmt(rnn)}, scaled Conv1D ${fmt(sc0)} → ${fmt(sc)}, Conv1D ${fmt(cv0)} → ${fmt(cv)}.`,
          [num('scaled Conv1D, τ = 0', sc0), num(`scaled Conv1D, τ = ${far}`, sc), num('Conv1D, τ = 0', cv0), num(`Conv1D, τ = ${far}`, cv), num('RNN, τ = 0', rnn0), num(`RNN, τ = ${far}`, rnn), ...(drift?.numbers ?? [])],
        )
      },
    },
  ],
}

const fig4: PresetClaims = {
  presetId: 'emami21-fig4-width',
  paperId: 'EMAMI21',
  figures: [{ kind: 'metric-vs-param', id: 'gap-vs-width', title: 'RNN vs scaled Conv1D loss gap against width n', x: 'student.width', y: 'loss_gap_max', logX: true, logY: true }],
  claims: [
    {
      id: 'wider-closer',
      figure: 'gap-vs-width',
      quote: 'when the learning rate of gradient descent goes to zero and the number of hidden units goes to infinity, the training error of these two models should be exactly the same over the course of the optimization',
      section: 'EMAMI21 (ICML) §5, Fig. 4',
      central: 'the RNN–twin loss gap shrinks as the width grows',
      thresholds: [{ id: 'shrink', label: 'shrink factor', kind: 'threshold' }],
      // Seeds differ by up to 10×: the mean gap at the widest n is under half the mean at every narrower n.
      check: (runs, _scale, options) => {
        const widths = numericValues(runs, 'student.width')
        if (widths.length < 2) return notRun('The sweep has one width.')
        const shrink = thresholdOf(options, 'shrink', 0.5)
        const gap = (w: number) => mean(values(where(runs, { 'student.width': w }), 'loss_gap_max'))
        const widest = widths[widths.length - 1]
        const checks = widths.slice(0, -1).map((w) => checkOf(`n=${w}`, 'central', `mean gap at n = ${widest} below ${fmt(shrink)}× that at n = ${w}`, gap(widest) < shrink * gap(w), `${fmt(gap(widest) / gap(w))}×`))
        return outcomeOf(checks, `Mean max loss gap: ${widths.map((w) => `${fmt(gap(w))} at n = ${w}`).join(', ')}.`, widths.map((w) => num(`mean max loss gap / L(0), n = ${w}`, gap(w))))
      },
    },
  ],
}

const paperR2 = (variant: 'whole' | 'limited', model: string, axis: number): number | undefined => (EMAMI21_TABLE1[variant] as Record<string, readonly number[]>)[model]?.[axis]

const table1: PresetClaims = {
  presetId: 'emami21-table1-s1',
  paperId: 'EMAMI21',
  figures: [
    { kind: 'r2-table', id: 'table1', title: 'Table 1: test R² by model and output' },
    { kind: 'series', id: 'r2-curves', title: 'Test R² over training, {target}', series: ['test_r2_{model}_{target}'], lineBy: ['recording'], x: 'step', y: 'test R²', yRange: [-1, 1] },
    { kind: 'series', id: 'loss-curves', title: 'Training-set and test loss by model', series: ['train_loss_full_{model}', 'test_loss_{model}'], lineBy: ['recording'], x: 'step', y: 'loss', logY: true },
  ],
  claims: [
    {
      id: 'conv1d-ridge',
      figure: 'table1',
      quote: 'R²-score on test data for x and y directions in the two dimensional reaching task',
      section: 'EMAMI21 §5.2, Table 1',
      central: 'on the whole recording the Conv1D reaches the paper\'s R² and every model learns',
      thresholds: [{ id: 'paper', label: 'distance to the paper\'s R²', kind: 'threshold' }, { id: 'learns', label: 'learning R²', kind: 'threshold' }],
      // Whole recording: Conv1D within 0.08 of the paper's R² and every model learns (R² > 0.3): central. None
      // beats the ridge optimum (+0.005 for its penalty chosen on a validation split): auxiliary.
      check: (runs, _scale, options) => {
        const whole = where(runs, { recording: 'whole' })[0] ?? runs.find((r) => r.params.recording === undefined)
        if (!whole) return notRun('No whole-recording run.')
        const near = thresholdOf(options, 'paper', 0.08)
        const learns = thresholdOf(options, 'learns', 0.3)
        const targets = r2Targets(whole)
        const numbers: ClaimNumber[] = []
        const checks: ClaimCheck[] = []
        targets.slice(0, 2).forEach((t, axis) => {
          const ridge = metricOf(whole, `r2_ridge.${t}`) ?? NaN
          numbers.push(num(`ridge optimum, ${t}`, ridge))
          for (const model of TWIN_MODEL_NAMES) {
            const r2 = metricOf(whole, `r2_${model}.${t}`)
            if (r2 === null) continue
            numbers.push(num(`${TWIN_MODEL_LABELS[model]}, ${t}`, r2, paperR2('whole', model, axis)))
            checks.push(checkOf(`${model} learns ${t}`, 'central', `${TWIN_MODEL_LABELS[model]} learns ${t} (R² > ${fmt(learns)})`, r2 > learns, fmt(r2)))
            checks.push(checkOf(`${model} below ridge ${t}`, 'auxiliary', `${TWIN_MODEL_LABELS[model]} at most the ridge optimum on ${t}`, r2 <= ridge + 0.005, `${fmt(r2)} against ${fmt(ridge)}`))
            if (model === 'conv1d') checks.push(checkOf(`conv1d paper ${t}`, 'central', `Conv1D within ${fmt(near)} of the paper's R² on ${t}`, Math.abs(r2 - paperR2('whole', model, axis)!) < near, `${fmt(r2)} against ${fmt(paperR2('whole', model, axis))}`))
          }
        })
        if (checks.length === 0) return notRun('The run has no per-model R².')
        const conv = targets.slice(0, 2).map((t) => fmt(metricOf(whole, `r2_conv1d.${t}`))).join(' / ')
        return outcomeOf(checks, `Whole recording: Conv1D test R² ${conv} (paper 0.657 / 0.603); every model between ${fmt(learns)} and the ridge optimum: ${checks.every((c) => c.passed) ? 'yes' : 'no'}.`, numbers, [trainingDeparture(whole)])
      },
    },
    {
      id: 'conv1d-best-whole',
      figure: 'table1',
      quote: 'Table 1, whole recording: R²_x 0.6462 / 0.6442 / 0.6565 and R²_y 0.5911 / 0.586 / 0.6027 for RNN / scaled Conv-1D / Conv-1D.',
      section: 'EMAMI21 §5.2, Table 1',
      central: 'on the whole recording the Conv1D has the best test R² on every output',
      thresholds: [],
      // The paper's whole-recording row puts the Conv1D above both twins on x and on y; read per output.
      check: (runs) => {
        const whole = where(runs, { recording: 'whole' })[0] ?? runs.find((r) => r.params.recording === undefined)
        if (!whole) return notRun('No whole-recording run.')
        const targets = r2Targets(whole).slice(0, 2)
        const r2 = (model: string, t: string) => metricOf(whole, `r2_${model}.${t}`) ?? NaN
        const checks = targets.map((t) => checkOf(`best ${t}`, 'central', `Conv1D above the RNN and the scaled Conv1D on ${t}`, r2('conv1d', t) > r2('rnn', t) && r2('conv1d', t) > r2('scaled_conv1d', t), `Conv1D ${fmt(r2('conv1d', t))}, RNN ${fmt(r2('rnn', t))}, scaled Conv1D ${fmt(r2('scaled_conv1d', t))}`))
        if (checks.length === 0) return notRun('The run has no per-model R².')
        return outcomeOf(checks, `Whole recording, test R² per output: ${targets.map((t) => `${t}: Conv1D ${fmt(r2('conv1d', t))}, RNN ${fmt(r2('rnn', t))}, scaled Conv1D ${fmt(r2('scaled_conv1d', t))}`).join('; ')}.`, targets.flatMap((t, axis) => TWIN_MODEL_NAMES.map((m) => num(`${TWIN_MODEL_LABELS[m]}, ${t}`, r2(m, t), paperR2('whole', m, axis)))))
      },
    },
    {
      id: 'rnn-equals-scaled',
      figure: 'r2-curves',
      quote: 'the RNN and scaled convolution 1D model have an identical performance.',
      section: 'EMAMI21 §5.2, Table 1, Fig. 4',
      central: 'the RNN\'s test R² equals its scaled Conv1D twin\'s on every output',
      thresholds: [{ id: 'gap', label: 'R² gap bound', kind: 'threshold' }],
      // |ΔR²| < 0.02 on every output of every recording variant. Read at every scale: below the paper's width the RNN
      // may learn faster than its twin (a departure the numbers show), but an RNN far from its twin is never "equal".
      check: (runs, scale, options) => {
        const bound = thresholdOf(options, 'gap', 0.02)
        const gaps = runs.flatMap((r) => r2Targets(r).map((t) => ({ label: `${String(r.params.recording ?? 'run')}, ${t}`, gap: Math.abs((metricOf(r, `r2_rnn.${t}`) ?? NaN) - (metricOf(r, `r2_scaled_conv1d.${t}`) ?? NaN)) })))
        const measured = gaps.filter((g) => Number.isFinite(g.gap))
        if (measured.length === 0) return notRun('No run has both models.')
        const worst = Math.max(...measured.map((g) => g.gap))
        const checks = [checkOf('equal', 'central', `|R²_RNN − R²_scaled| below ${fmt(bound)} on every output`, worst < bound, fmt(worst))]
        return outcomeOf(checks, `Largest |R²_RNN − R²_scaled| over outputs and variants: ${fmt(worst)}.`, measured.map((g) => num(`|R²_RNN − R²_scaled|, ${g.label}`, g.gap)), narrowDeparture(runs, scale))
      },
    },
    {
      id: 'conv1d-limited',
      figure: 'table1',
      quote: 'Table 1, limited data: R²_x 0.6043 / 0.6046 / 0.5856 and R²_y 0.4257 / 0.4234 / 0.3918 for RNN / scaled Conv-1D / Conv-1D.',
      section: 'EMAMI21 §5.2, Table 1',
      central: 'on limited data the Conv1D falls below both twins',
      thresholds: [],
      // On limited data the Conv1D's mean R² over outputs is below the RNN's (central: the paper's contrast with
      // the whole recording) and below the scaled twin's (auxiliary where the twin lags the RNN).
      check: (runs, scale) => {
        const limited = runs.find((r) => typeof r.params.recording === 'string' && (r.params.recording as string).startsWith('limited'))
        if (!limited) return notRun('No limited-data run.')
        const meanR2 = (model: string) => mean(r2Targets(limited).map((t) => metricOf(limited, `r2_${model}.${t}`) ?? NaN))
        const conv = meanR2('conv1d'), rnn = meanR2('rnn'), scaled = meanR2('scaled_conv1d')
        const checks = [
          checkOf('below-rnn', 'central', 'Conv1D mean R² below the RNN\'s on limited data', conv < rnn, `${fmt(conv)} against ${fmt(rnn)}`),
          checkOf('below-scaled', 'auxiliary', 'Conv1D mean R² below the scaled Conv1D\'s on limited data', conv < scaled, `${fmt(conv)} against ${fmt(scaled)}`),
        ]
        const departures = ['The paper\'s split and preprocessing are not stated: ours is the first 70% of the recording for training, the first 4.5 minutes of it for limited data.']
        departures.push(budgetDeparture(limited, scale))
        return outcomeOf(checks, `Limited data, mean test R² over outputs: Conv1D ${fmt(conv)}, RNN ${fmt(rnn)}, scaled Conv1D ${fmt(scaled)}.`, [num('Conv1D, limited', conv), num('RNN, limited', rnn), num('scaled Conv1D, limited', scaled)], departures)
      },
    },
  ],
}

export const emami21Claims: PresetClaims[] = [fig1, fig3, fig4, table1]
