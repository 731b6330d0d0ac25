/** EMAMI21 (Emami et al. 2021): the claims and figures of its presets, and Table 1 with the paper's numbers. */
import { TWIN_MODEL_LABELS, TWIN_MODEL_NAMES } from '../catalogue'
import { fmt, groupBy, mean, metricOf, notRun, num, numericValues, values, verdictOf, where } from './runs'
import type { ClaimNumber, ClaimRun, PresetClaims, Verdict } from './types'
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

const fig1: PresetClaims = {
  presetId: 'emami21-fig1-dynamics',
  paper: 'EMAMI21',
  figures: [{ kind: 'series', id: 'twin-loss', title: 'Training loss: RNN and its scaled Conv1D twin', series: ['train_loss_rnn', 'train_loss_scaled_conv1d'], lineBy: ['seed'], where: { seed: 0 }, x: 'step', y: 'loss', logY: true }],
  claims: [
    {
      id: 'twins-match',
      figure: 'twin-loss',
      quote: 'As you see the dynamics of these models perfectly match.',
      section: 'EMAMI21 §5.1, Fig. 1',
      // Per seed: max_t |L_rnn − L_conv| / L(0) < 0.05, final losses within 5%, final kernel gap over the distance
      // moved < 0.02.
      check: (runs) => {
        if (runs.length === 0) return notRun('No finished run.')
        const ok = runs.map((r) => (metricOf(r, 'loss_gap_max') ?? 1) < 0.05 && (metricOf(r, 'final_loss_rel_diff') ?? 1) < 0.05 && (metricOf(r, 'impulse_gap') ?? 1) < 0.02)
        const gap = Math.max(...values(runs, 'loss_gap_max'))
        return { verdict: verdictOf(ok), sentence: `Over ${runs.length} seeds the largest loss gap is ${fmt(gap)} of L(0), the largest final difference ${fmt(Math.max(...values(runs, 'final_loss_rel_diff')))}.`, numbers: [num('max loss gap / L(0)', gap), num('max final loss difference', Math.max(...values(runs, 'final_loss_rel_diff'))), num('max kernel gap', Math.max(...values(runs, 'impulse_gap')))], departures: [] }
      },
    },
  ],
}

const fig3: PresetClaims = {
  presetId: 'emami21-fig3-delay',
  paper: 'EMAMI21',
  figures: [{ kind: 'metric-vs-param', id: 'error-vs-delay', title: 'Test loss against delay τ', x: 'data.delay', y: ['test_loss_rnn', 'test_loss_scaled_conv1d', 'test_loss_conv1d'], logY: true }],
  claims: [
    {
      id: 'delay-bias',
      figure: 'error-vs-delay',
      quote: 'Due to the bias of these models against the delay, the test error increases as we increase the delay steps in our system. On the other hand, the performance of the unscaled convolutional model stays almost the same',
      section: 'EMAMI21 §5.1, Fig. 3',
      // Means over seeds at τ = 0 and τ = 8 (seeds differ by up to 3×): scaled > 10× its τ = 0 error and > 2× the
      // Conv1D's; Conv1D < 3× its own τ = 0 error.
      check: (runs) => {
        const byDelay = groupBy(runs, 'data.delay')
        const far = byDelay.has(8) ? 8 : Math.max(...numericValues(runs, 'data.delay'))
        if (!byDelay.has(0) || !(far > 0)) return notRun('The sweep lacks τ = 0 or a longer delay.')
        const at = (d: number, m: string) => mean(values(byDelay.get(d)!, `test_loss_${m}`))
        const sc0 = at(0, 'scaled_conv1d'), sc = at(far, 'scaled_conv1d'), cv0 = at(0, 'conv1d'), cv = at(far, 'conv1d')
        return {
          verdict: verdictOf([sc > 10 * sc0, sc > 2 * cv, cv < 3 * cv0]),
          sentence: `Scaled Conv1D test loss ${fmt(sc0)} → ${fmt(sc)} from τ = 0 to ${far}; Conv1D ${fmt(cv0)} → ${fmt(cv)}.`,
          numbers: [num('scaled Conv1D, τ = 0', sc0), num(`scaled Conv1D, τ = ${far}`, sc), num('Conv1D, τ = 0', cv0), num(`Conv1D, τ = ${far}`, cv), num('RNN, τ = 0', at(0, 'rnn')), num(`RNN, τ = ${far}`, at(far, 'rnn'))],
          departures: ['At n = 200 (quick) the RNN drifts from its twin for τ ≥ 4; the paper uses n = 1000.'],
        }
      },
    },
  ],
}

const fig4: PresetClaims = {
  presetId: 'emami21-fig4-width',
  paper: 'EMAMI21',
  figures: [{ kind: 'metric-vs-param', id: 'gap-vs-width', title: 'RNN vs scaled Conv1D loss gap against width n', x: 'student.width', y: 'loss_gap_max', logX: true, logY: true }],
  claims: [
    {
      id: 'wider-closer',
      figure: 'gap-vs-width',
      quote: 'when the learning rate of gradient descent goes to zero and the number of hidden units goes to infinity, the training error of these two models should be exactly the same over the course of the optimization',
      section: 'EMAMI21 (ICML) §5, Fig. 4',
      // Seeds differ by up to 10×: the mean gap at the widest n is under half the mean at every narrower n.
      check: (runs) => {
        const widths = numericValues(runs, 'student.width')
        if (widths.length < 2) return notRun('The sweep has one width.')
        const gap = (w: number) => mean(values(where(runs, { 'student.width': w }), 'loss_gap_max'))
        const widest = widths[widths.length - 1]
        return { verdict: verdictOf(widths.slice(0, -1).map((w) => gap(widest) < 0.5 * gap(w))), sentence: `Mean max loss gap: ${widths.map((w) => `${fmt(gap(w))} at n = ${w}`).join(', ')}.`, numbers: widths.map((w) => num(`mean max loss gap / L(0), n = ${w}`, gap(w))), departures: [] }
      },
    },
  ],
}

const paperR2 = (variant: 'whole' | 'limited', model: string, axis: number): number | undefined => (EMAMI21_TABLE1[variant] as Record<string, readonly number[]>)[model]?.[axis]

const table1: PresetClaims = {
  presetId: 'emami21-table1-s1',
  paper: 'EMAMI21',
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
      // Whole recording: Conv1D within 0.08 of the paper's R², every model learns (R² > 0.3) and none beats the
      // ridge optimum (+0.005 for its penalty chosen on a validation split).
      check: (runs) => {
        const whole = where(runs, { recording: 'whole' })[0] ?? runs.find((r) => r.params.recording === undefined)
        if (!whole) return notRun('No whole-recording run.')
        const targets = r2Targets(whole)
        const numbers: ClaimNumber[] = []
        const checks: boolean[] = []
        targets.slice(0, 2).forEach((t, axis) => {
          const ridge = metricOf(whole, `r2_ridge.${t}`) ?? NaN
          numbers.push(num(`ridge optimum, ${t}`, ridge))
          for (const model of TWIN_MODEL_NAMES) {
            const r2 = metricOf(whole, `r2_${model}.${t}`)
            if (r2 === null) continue
            numbers.push(num(`${TWIN_MODEL_LABELS[model]}, ${t}`, r2, paperR2('whole', model, axis)))
            checks.push(r2 > 0.3 && r2 <= ridge + 0.005)
            if (model === 'conv1d') checks.push(Math.abs(r2 - paperR2('whole', model, axis)!) < 0.08)
          }
        })
        if (checks.length === 0) return notRun('The run has no per-model R².')
        const conv = targets.slice(0, 2).map((t) => fmt(metricOf(whole, `r2_conv1d.${t}`))).join(' / ')
        return { verdict: verdictOf(checks), sentence: `Whole recording: Conv1D test R² ${conv} (paper 0.657 / 0.603); every model between 0.3 and the ridge optimum: ${checks.every(Boolean) ? 'yes' : 'no'}.`, numbers, departures: [trainingDeparture(whole)] }
      },
    },
    {
      id: 'rnn-equals-scaled',
      figure: 'r2-curves',
      quote: 'the RNN and scaled convolution 1D model have an identical performance.',
      section: 'EMAMI21 §5.2, Table 1, Fig. 4',
      // Needs n = 1000 (paper scale): at n = 200 the RNN learns faster than its twin. |ΔR²| < 0.02 on every output.
      check: (runs, scale) => {
        if (scale !== 'paper') return notRun('RNN ≈ scaled Conv1D needs n = 1000 (paper scale); at quick\'s n = 200 the RNN learns faster than its twin.')
        const gaps = runs.flatMap((r) => r2Targets(r).map((t) => Math.abs((metricOf(r, `r2_rnn.${t}`) ?? NaN) - (metricOf(r, `r2_scaled_conv1d.${t}`) ?? NaN))))
        if (gaps.length === 0) return notRun('No run has both models.')
        const worst = Math.max(...gaps)
        return { verdict: worst < 0.02 ? 'holds' : 'fails', sentence: `Largest |R²_RNN − R²_scaled| over outputs and variants: ${fmt(worst)}.`, numbers: [num('max |R²_RNN − R²_scaled|', worst)], departures: [] }
      },
    },
    {
      id: 'conv1d-limited',
      figure: 'table1',
      quote: 'Table 1, limited data: R²_x 0.6043 / 0.6046 / 0.5856 and R²_y 0.4257 / 0.4234 / 0.3918 for RNN / scaled Conv-1D / Conv-1D.',
      section: 'EMAMI21 §5.2, Table 1',
      // On limited data the Conv1D's mean R² over outputs is below both the RNN's and the scaled twin's.
      check: (runs, scale) => {
        const limited = runs.find((r) => typeof r.params.recording === 'string' && (r.params.recording as string).startsWith('limited'))
        if (!limited) return notRun('No limited-data run.')
        const meanR2 = (model: string) => mean(r2Targets(limited).map((t) => metricOf(limited, `r2_${model}.${t}`) ?? NaN))
        const conv = meanR2('conv1d'), rnn = meanR2('rnn'), scaled = meanR2('scaled_conv1d')
        const verdict: Verdict = conv < rnn && conv < scaled ? 'holds' : conv < rnn || conv < scaled ? 'partly' : 'fails'
        const departures = ['The paper\'s split and preprocessing are not stated: ours is the first 70% of the recording for training, the first 4.5 minutes of it for limited data.']
        departures.push(budgetDeparture(limited, scale))
        return { verdict, sentence: `Limited data, mean test R² over outputs: Conv1D ${fmt(conv)}, RNN ${fmt(rnn)}, scaled Conv1D ${fmt(scaled)}.`, numbers: [num('Conv1D, limited', conv), num('RNN, limited', rnn), num('scaled Conv1D, limited', scaled)], departures }
      },
    },
  ],
}

export const emami21Claims: PresetClaims[] = [fig1, fig3, fig4, table1]
