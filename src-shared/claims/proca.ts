/** PROCA (Proca, Shanahan, Mediano): the claims and figures of its presets. */
import { checkOf, fmt, metricOf, notRun, num, outcomeOf, thresholdOf, where } from './runs'
import type { PresetClaims } from './types'

const fig1: PresetClaims = {
  presetId: 'proca-fig1-modes',
  paperId: 'PROCA',
  figures: [{ kind: 'series', id: 'mode-strength', title: 'Mode strength a·c: gradient descent and the closed form', series: ['ac_simulated', 'ac_closed_form'], lineBy: ['teacher.base'], x: 'step', y: 'a·c' }],
  claims: [
    {
      id: 'closed-form',
      figure: 'mode-strength',
      quote: 'The colored lines are simulations for different ratios of β_y : β_b and dashed lines are the corresponding theoretical predictions for a trajectory of T = 10.',
      section: 'PROCA §3, Fig. 1',
      central: 'gradient descent follows the closed-form trajectory',
      thresholds: [{ id: 'gap', label: 'relative gap bound', kind: 'threshold' }],
      // Central: gradient descent follows the closed form to < 1e-3 relative along the whole trajectory (the gap is
      // step-size error). Auxiliary: a larger β_s (same β_b) learns sooner.
      check: (runs, _scale, options) => {
        const bound = thresholdOf(options, 'gap', 1e-3)
        if (runs.length === 0) return notRun('No finished run.')
        const worst = Math.max(...runs.map((r) => metricOf(r, 'max_relative_error') ?? Infinity))
        const sorted = [...runs].sort((a, b) => (metricOf(a, 'beta_s') ?? 0) - (metricOf(b, 'beta_s') ?? 0))
        const halves = sorted.map((r) => metricOf(r, 'time_to_half') ?? NaN)
        const sooner = halves.every((h, i) => i === 0 || h < halves[i - 1])
        const checks = [
          checkOf('closed-form', 'central', `relative gap to the closed form below ${fmt(bound)} on every run`, worst < bound, fmt(worst)),
          checkOf('sooner', 'auxiliary', 'a larger β_s learns sooner', sooner, halves.map((h) => fmt(h)).join(', ')),
        ]
        return outcomeOf(checks, `Largest relative gap to the closed form ${fmt(worst)}; time to half-learn ${halves.map((h) => fmt(h)).join(' > ')} steps as β_s grows.`, [num('max relative gap to the closed form', worst), ...sorted.map((r) => num(`time to half-learn, β_s = ${fmt(metricOf(r, 'beta_s'))}`, metricOf(r, 'time_to_half')))])
      },
    },
  ],
}

const fig2: PresetClaims = {
  presetId: 'proca-fig2-landscape',
  paperId: 'PROCA',
  figures: [{ kind: 'metric-vs-param', id: 'minimum-error', title: 'Distance of the numerical minimum from the paper\'s', x: 'target', y: 'min_error', lineBy: ['T'], logY: true }],
  claims: [
    {
      id: 'global-minima',
      figure: 'minimum-error',
      quote: 'in the case of s_t contracting from s_1 = 0.9, the global minimum is b = 1/s_1 ≈ 1.11, ac = s_1^T',
      section: 'PROCA §4, Fig. 2',
      central: 'every landscape\'s numerical global minimum is where the paper puts it',
      thresholds: [{ id: 'distance', label: 'distance bound', kind: 'threshold' }],
      // Central: every landscape's numerical minimum within 1e-3 of the paper's. Auxiliary: with the contracting
      // target at T = 50 the trajectories bifurcate: the one started at b > 0 reaches the minimum (b > 1), the one at
      // b < 0 stays at b < 0.
      check: (runs, _scale, options) => {
        if (runs.length === 0) return notRun('No finished run.')
        const bound = thresholdOf(options, 'distance', 1e-3)
        const worst = Math.max(...runs.map((r) => metricOf(r, 'min_error') ?? Infinity))
        const contracting = where(runs, { target: 'contracting 0.9^t', T: 'T = 50' })[0]
        const finalB = contracting?.metrics.trajectory_final_b
        const checks = [checkOf('minima', 'central', `every numerical minimum within ${fmt(bound)} of the paper's`, worst < bound, fmt(worst))]
        const ends = Array.isArray(finalB) ? finalB.filter((b): b is number => typeof b === 'number') : []
        const bifurcates = ends.some((b) => b > 1) && ends.some((b) => b < 0)
        if (ends.length) checks.push(checkOf('bifurcation', 'auxiliary', 'contracting T = 50: one trajectory reaches the minimum, one stays at b < 0', bifurcates, `ends at b = ${ends.map((b) => fmt(b)).join(', ')}`))
        const bifurcation = ends.length ? `; contracting T = 50: gradient descent ends at b = ${ends.map((b) => fmt(b)).join(', ')} (${bifurcates ? 'the trajectories bifurcate: one reaches the minimum, one stays on the b < 0 side' : 'no bifurcation'})` : ''
        return outcomeOf(checks, `The numerical minima are within ${fmt(worst)} of the paper's${bifurcation}.`, [num('largest distance to the paper\'s minimum', worst)])
      },
    },
  ],
}

export const procaClaims: PresetClaims[] = [fig1, fig2]
