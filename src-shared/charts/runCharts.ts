/**
 * One run's stored series grouped into charts by the catalogue (train/test × model on one chart, one R² chart per
 * output), as FigureData for figureOption: titles and axes come from the catalogue, never from raw keys.
 */
import type { Series } from '../api/results'
import { axisLabel, describeChart, describeSeries } from '../catalogue'
import type { FigureData } from '../claims/figureData'

const MAX_POINTS = 1000

function thin(series: Series): Array<[number, number | null]> {
  const n = series.y.length
  const step = Math.max(1, Math.ceil(n / MAX_POINTS))
  const points: Array<[number, number | null]> = []
  for (let i = 0; i < n; i += step) points.push([series.x?.[i] ?? i, Number.isFinite(series.y[i]) ? series.y[i] : null])
  if ((n - 1) % step !== 0) points.push([series.x?.[n - 1] ?? n - 1, Number.isFinite(series.y[n - 1]) ? series.y[n - 1] : null])
  return points
}

/** Charts for the named series (in catalogue chart order); a series the catalogue does not know gets its own chart. */
export function runSeriesCharts(series: Readonly<Record<string, Series>>, names: readonly string[]): FigureData[] {
  const charts = new Map<string, FigureData>()
  for (const name of [...names].sort()) {
    const entry = describeSeries(name)
    const chartId = entry?.chart ?? name
    let chart = charts.get(chartId)
    if (!chart) {
      const spec = describeChart(chartId)
      chart = {
        id: chartId,
        title: spec?.title ?? entry?.label ?? name.replace(/_/g, ' '),
        xLabel: axisLabel(spec?.x ?? entry?.x ?? 'step'),
        yLabel: spec?.y ?? entry?.y ?? name.replace(/_/g, ' '),
        xType: 'value',
        logY: spec?.logY ?? entry?.logY ?? false,
        ...(spec?.yRange ? { yRange: spec.yRange } : {}),
        lines: [],
        xMarks: [],
        yMarks: [],
      }
      charts.set(chartId, chart)
    }
    chart.lines.push({ name: entry?.label ?? name, style: 'line', group: chart.lines.length, points: thin(series[name]) })
  }
  return [...charts.values()]
}
