/**
 * ECharts options for claim figures, as pure functions of FigureData (no DOM): the Reproduce view draws them with
 * vue-echarts, the report renders the same option to SVG in Node.
 */
import type { FigureData } from '../claims/figureData'
import { PALETTE, seriesStyle } from './palette'

/** Numbers on axes and in tooltips: 3 significant digits, exponent outside [1e-3, 1e4). */
function compactNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4)) return v.toExponential(1).replace('e', 'e')
  return String(Number(v.toPrecision(3)))
}

/** Log axes cannot show zero or negative values: they become gaps. */
function forLog(v: number | null, log: boolean): number | null {
  if (v === null || !Number.isFinite(v)) return null
  return log && v <= 0 ? null : v
}

/** The legend entry of the markers for points drawn at the axis' edge. */
export const CLIPPED_NAME = 'beyond the axis (drawn at its edge)'

/** A downward triangle, as the clipped points' symbol and their legend icon (a rotated symbol's icon stays upright). */
const DOWN_TRIANGLE = 'path://M0,0 L10,0 L5,9 Z'

function clip(v: number | null, range?: [number, number]): number | null {
  if (v === null || !range) return v
  return Math.min(range[1], Math.max(range[0], v))
}

interface FigureOptionSettings {
  /** Text colour (the report is light; the app may be dark). */
  textColor?: string
  /** Server-side rendering has no pointer: no tooltip, no animation. */
  static?: boolean
  /** Chart width in pixels (at least what it will get), to lay out the wrapping legend above the plot. */
  width?: number
}

/** A log axis spans at most this many decades below its largest value (a 1e-30 fit would squash everything else). */
const LOG_DECADES = 12

function logRange(figure: FigureData): [number, number] | null {
  const ys = figure.lines.flatMap((l) => l.points.map((p) => p[1])).filter((v): v is number => v !== null && Number.isFinite(v) && v > 0)
  if (ys.length === 0) return null
  const top = Math.ceil(Math.log10(Math.max(...ys)))
  const bottom = Math.max(Math.floor(Math.log10(Math.min(...ys))), top - LOG_DECADES)
  return [10 ** bottom, 10 ** Math.max(top, bottom + 1)]
}

/** A legend wrapping to more rows than this scrolls on one row instead, so it never grows taller than the plot. */
export const MAX_LEGEND_ROWS = 3

/** Rows the legend takes at this width (item ≈ 40 px + 6 px a character), so the plot starts below it. */
export function legendRows(names: string[], width: number): number {
  const rows = wrappedRows(names, width)
  return rows > MAX_LEGEND_ROWS ? 1 : rows
}

function wrappedRows(names: string[], width: number): number {
  let rows = 1
  let used = 0
  for (const name of names) {
    const item = 40 + 6 * name.length
    if (used + item > width && used > 0) {
      rows++
      used = 0
    }
    used += item
  }
  return rows
}

export function figureOption(figure: FigureData, settings: FigureOptionSettings = {}): Record<string, unknown> {
  const text = settings.textColor ?? '#333'
  const range = figure.logY ? logRange(figure) : null
  const yRange = figure.yRange ?? (range ? ([range[0], Infinity] as [number, number]) : undefined)
  const names = figure.lines.map((l) => l.name)
  const legendWidth = (settings.width ?? 720) - 40
  const rows = legendRows(names, legendWidth)
  const scrollLegend = wrappedRows(names, legendWidth) > MAX_LEGEND_ROWS
  // Points beyond the axis (below a log axis' floor, outside a figure's range) are drawn at the edge and marked.
  const clipped: Array<[number | string, number]> = []
  const category = figure.xType === 'category'
  const categories = category ? [...new Set(figure.lines.flatMap((l) => l.points.map((p) => String(p[0]))))] : undefined
  const axisName = { nameLocation: 'middle', nameTextStyle: { color: text }, axisLabel: { color: text } }
  const series = figure.lines.map((line, i) => {
    const style = seriesStyle(line.group)
    const color = line.style === 'reference' ? '#888' : style.color
    const data = line.points.map(([x, y]) => {
      const shown = forLog(y, figure.logY)
      const edge = clip(shown, yRange)
      if (shown !== null && edge !== null && edge !== shown) clipped.push([x, edge])
      return [x, edge]
    })
    const marks = i === 0 && (figure.xMarks.length || figure.yMarks.length)
      ? {
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: '#999', type: 'dotted' },
            label: { color: text, formatter: '{b}', position: 'insideEndTop' },
            data: [...figure.xMarks.map((m) => ({ name: m.label, xAxis: m.at })), ...figure.yMarks.map((m) => ({ name: m.label, yAxis: m.at }))],
          },
        }
      : {}
    return line.style === 'dots'
      ? { name: line.name, type: 'scatter', symbolSize: 6, itemStyle: { color, opacity: 0.6 }, data, ...marks }
      : { name: line.name, type: 'line', showSymbol: data.length <= 40, symbolSize: 5, connectNulls: false, itemStyle: { color }, lineStyle: { color, width: line.style === 'reference' ? 1.5 : 2, type: line.style === 'reference' || line.dashed ? 'dashed' : style.dash }, data, ...marks }
  })
  if (clipped.length) {
    series.push({ name: CLIPPED_NAME, type: 'scatter', symbol: DOWN_TRIANGLE, legendIcon: DOWN_TRIANGLE, symbolSize: 9, itemStyle: { color: text, opacity: 0.8 }, data: clipped } as never)
  }
  return {
    animation: !settings.static,
    color: [...PALETTE],
    textStyle: { color: text },
    grid: { left: 72, right: 28, top: 24 + 22 * rows, bottom: 52 },
    legend: { type: scrollLegend ? 'scroll' : 'plain', top: 0, textStyle: { color: text, fontSize: 11 }, pageTextStyle: { color: text } },
    ...(settings.static ? {} : { tooltip: { trigger: category ? 'axis' : 'item', valueFormatter: (v: number) => (typeof v === 'number' ? compactNumber(v) : String(v)) } }),
    xAxis: category
      ? { type: 'category', data: categories, name: figure.xLabel, nameGap: 30, ...axisName }
      : { type: figure.xType, name: figure.xLabel, nameGap: 30, scale: figure.xType === 'value', ...axisName, axisLabel: { color: text, formatter: compactNumber } },
    yAxis: {
      type: figure.logY ? 'log' : 'value',
      name: figure.yLabel,
      nameGap: 52,
      scale: !figure.logY,
      // A figure's yRange clips outliers (R² of a diverged fit); the axis itself spans the data, so models at 0.5–0.65
      // are not squeezed into a −1…1 axis.
      ...(range && !figure.yRange ? { min: range[0], max: range[1] } : {}),
      // ECharts picks a 10-decade step on a 12-decade log axis (ticks at the ends only); a step in decades (the log
      // axis' interval unit) gives at most 6 labelled decades.
      ...(range && !figure.yRange ? { interval: Math.max(1, Math.ceil(Math.log10(range[1] / range[0]) / 6)) } : {}),
      ...axisName,
      axisLabel: { color: text, formatter: compactNumber },
    },
    series,
  }
}
