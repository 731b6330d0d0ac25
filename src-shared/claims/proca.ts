/** PROCA (Proca, Shanahan, Mediano): the claims and figures of its presets. */
import { fmt, metricOf, notRun, num, verdictOf, where } from './runs'
import type { PresetClaims } from './types'

const fig1: PresetClaims = {
  presetId: 'proca-fig1-modes',
  paper: 'PROCA',
  figures: [{ kind: 'series', id: 'mode-strength', title: 'Mode strength a·c: gradient descent and the closed form', series: ['ac_simulated', 'ac_closed_form'], lineBy: ['teacher.base'], x: 'step', y: 'a·c' }],
  claims: [
    {
      id: 'closed-form',
      figure: 'mode-strength',
      quote: 'The colored lines are simulations for different ratios of β_y : β_b and dashed lines are the corresponding theoretical predictions for a trajectory of T = 10.',
      section: 'PROCA §3, Fig. 1',
      // Gradient descent follows the closed form to < 1e-3 relative along the whole trajectory (the gap is step-size
      // error), and a larger β_s (same β_b) learns sooner.
      check: (runs) => {
        if (runs.length === 0) return notRun('No finished run.')
        const worst = Math.max(...runs.map((r) => metricOf(r, 'max_relative_error') ?? Infinity))
        const sorted = [...runs].sort((a, b) => (metricOf(a, 'beta_s') ?? 0) - (metricOf(b, 'beta_s') ?? 0))
        const halves = sorted.map((r) => metricOf(r, 'time_to_half') ?? NaN)
        const sooner = halves.every((h, i) => i === 0 || h < halves[i - 1])
        return { verdict: verdictOf([worst < 1e-3, sooner]), sentence: `Largest relative gap to the closed form ${fmt(worst)}; time to half-learn ${halves.map((h) => fmt(h)).join(' > ')} steps as β_s grows.`, numbers: [num('max relative gap to the closed form', worst), ...sorted.map((r) => num(`time to half-learn, β_s = ${fmt(metricOf(r, 'beta_s'))}`, metricOf(r, 'time_to_half')))], departures: [] }
      },
    },
  ],
}

const fig2: PresetClaims = {
  presetId: 'proca-fig2-landscape',
  paper: 'PROCA',
  figures: [{ kind: 'metric-vs-param', id: 'minimum-error', title: 'Distance of the numerical minimum from the paper\'s', x: 'target', y: 'min_error', lineBy: ['T'], logY: true }],
  claims: [
    {
      id: 'global-minima',
      figure: 'minimum-error',
      quote: 'in the case of s_t contracting from s_1 = 0.9, the global minimum is b = 1/s_1 ≈ 1.11, ac = s_1^T',
      section: 'PROCA §4, Fig. 2',
      // Every landscape's numerical minimum within 1e-3 of the paper's; with the contracting target at T = 50 the
      // trajectories bifurcate: the one started at b > 0 reaches the minimum (b > 1), the one at b < 0 stays at b < 0.
      check: (runs) => {
        if (runs.length === 0) return notRun('No finished run.')
        const worst = Math.max(...runs.map((r) => metricOf(r, 'min_error') ?? Infinity))
        const contracting = where(runs, { target: 'contracting 0.9^t', T: 'T = 50' })[0]
        const finalB = contracting?.metrics.trajectory_final_b
        const checks = [worst < 1e-3]
        const ends = Array.isArray(finalB) ? finalB.filter((b): b is number => typeof b === 'number') : []
        if (ends.length) checks.push(ends.some((b) => b > 1) && ends.some((b) => b < 0))
        const bifurcation = ends.length ? `; contracting T = 50: gradient descent ends at b = ${ends.map((b) => fmt(b)).join(', ')} (${checks[1] ? 'the trajectories bifurcate: one reaches the minimum, one stays on the b < 0 side' : 'no bifurcation'})` : ''
        return { verdict: verdictOf(checks), sentence: `The numerical minima are within ${fmt(worst)} of the paper's${bifurcation}.`, numbers: [num('largest distance to the paper\'s minimum', worst)], departures: [] }
      },
    },
  ],
}

export const procaClaims: PresetClaims[] = [fig1, fig2]
