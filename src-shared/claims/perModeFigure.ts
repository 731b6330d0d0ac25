/** Per-mode figures (PerModeFigure): vector metrics against the mode index, as AISTATS22 Fig. 3 draws |λ_i| and u_i. */
import { axisLabel, metricLabel } from '../catalogue'
import { arrayOf } from './runs'
import { runLabel, type FigureData, type FigureLine } from './figureLines'
import type { ClaimRun, PerModeFigure } from './types'

export function perModeFigure(figure: PerModeFigure, runs: readonly ClaimRun[], lineBy: readonly string[]): FigureData {
  const lines: FigureLine[] = []
  for (const run of runs) {
    const [first] = figure.y
    const key = arrayOf(run, first) ?? []
    // Largest |first metric| first, so each mode's entries of every metric share one x.
    const order = key.map((_, i) => i).sort((a, b) => Math.abs(key[b]) - Math.abs(key[a]))
    const label = runLabel(run, lineBy)
    figure.y.forEach((metric, group) => {
      const values = arrayOf(run, metric)
      if (!values) return
      lines.push({
        name: [metricLabel(metric), runs.length > 1 ? label : ''].filter(Boolean).join(', '),
        style: 'dots',
        group,
        points: order.map((i, x) => [x + 1, Number.isFinite(values[i]) ? values[i] : null]),
      })
    })
  }
  return { id: figure.id, title: figure.title, xLabel: axisLabel('mode-index'), yLabel: figure.y.map(metricLabel).join(', '), xType: 'value', logY: figure.logY ?? false, lines, xMarks: [], yMarks: [] }
}
