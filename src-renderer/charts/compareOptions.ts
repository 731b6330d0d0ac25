/** ECharts options for Compare's curves: per-group bands (mean ± std or median with min–max), zoomable, log axes. */
import type { EChartsCoreOption } from 'echarts/core'
import type { CompareResult } from '../../src-shared/api/lab'
import type { CurveBand } from '../../src-shared/analysis/curves'
import type { Series } from '../../src-shared/api/results'
import { formatNumber, formatValue } from '../util/format'
import { styled } from './options'
import { paramLabel } from '../../src-shared/catalogue'

export type BandKind = 'mean-std' | 'median-range'

export interface CurveAxes {
  xName: string
  yName: string
  logX: boolean
  logY: boolean
}

const axisName = { nameLocation: 'middle' as const, nameGap: 30 }
/** Room above the plot for the legend, below it for the zoom slider. */
const grid = { left: 72, right: 28, top: 48, bottom: 78 }

function axis(name: string, log: boolean, nameGap = 30) {
  return { type: log ? 'log' : 'value', name, ...axisName, nameGap, scale: !log, axisLabel: { formatter: (v: number) => formatNumber(v, 2) } }
}

/** Zoom with the wheel and drag to pan inside the plot, or with the slider under it; y follows the visible x. */
const dataZoom = [
  { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
  { type: 'slider', xAxisIndex: 0, filterMode: 'none', bottom: 8, height: 18 },
]

const usable = (v: number | null | undefined, log: boolean): v is number => v !== null && v !== undefined && Number.isFinite(v) && (!log || v > 0)

/** The band's centre line and its lower/upper edges. */
function bandLines(band: CurveBand, kind: BandKind) {
  return band.x.map((x, i) => {
    const centre = kind === 'mean-std' ? band.mean[i] : band.median[i]
    const lower = kind === 'mean-std' ? (band.mean[i] ?? 0) - (band.std[i] ?? 0) : band.min[i]
    const upper = kind === 'mean-std' ? (band.mean[i] ?? 0) + (band.std[i] ?? 0) : band.max[i]
    return { x, centre, lower: centre === null ? null : lower, upper: centre === null ? null : upper }
  })
}

/** A filled polygon between two edges, drawn by a custom series so it works on log axes too (stacking does not). */
function bandArea(name: string, color: string, points: Array<{ x: number; lower: number; upper: number }>) {
  return {
    name,
    type: 'custom',
    silent: true,
    z: 1,
    tooltip: { show: false },
    data: points.flatMap((p) => [[p.x, p.lower], [p.x, p.upper]]),
    encode: { x: 0, y: 1 },
    renderItem: (params: { dataIndex: number }, api: { coord: (p: number[]) => number[] }) => {
      if (params.dataIndex !== 0 || points.length < 2) return null
      const upper = points.map((p) => api.coord([p.x, p.upper]))
      const lower = points.map((p) => api.coord([p.x, p.lower])).reverse()
      return { type: 'polygon', shape: { points: [...upper, ...lower] }, style: { fill: color, opacity: 0.18 } }
    },
  }
}

/** "training length k = 12 (n = 3)"; a variant value that names itself ("T = 50") stands alone. */
function groupName(param: string, value: unknown, runs: number): string {
  const text = formatValue(value)
  // A sweep ("ICLR23 Fig. 1a (s1)") or a tag list names itself too.
  const self = text.includes('=') || param === 'sweep' || param === 'tags'
  return `${self ? text : `${paramLabel(param)} = ${text}`} (n = ${runs})`
}

export function bandsOption(bands: NonNullable<CompareResult['bands']>, kind: BandKind, axes: CurveAxes): EChartsCoreOption {
  const series = bands.groups.flatMap((band, g) => {
    const { color, lineStyle } = styled(g)
    const name = groupName(bands.param, band.value, band.runs)
    const lines = bandLines(band, kind)
    // A log axis cannot show a band's part at or below zero (mean − std often is): there the band starts at the
    // centre line, so it shows the upper spread only rather than an invented lower edge.
    const edges = lines.flatMap((l) =>
      usable(l.x, axes.logX) && usable(l.centre, axes.logY) && l.lower !== null && l.upper !== null
        ? [{ x: l.x, lower: axes.logY && l.lower <= 0 ? l.centre : l.lower, upper: l.upper }]
        : [],
    )
    return [
      {
        name,
        type: 'line',
        color,
        lineStyle,
        showSymbol: false,
        z: 2,
        data: lines.map((l) => [l.x, usable(l.centre, axes.logY) ? l.centre : null]),
      },
      { ...bandArea(name, color, edges), color },
    ]
  })
  return {
    grid,
    legend: { type: 'scroll', top: 0, data: bands.groups.map((b) => groupName(bands.param, b.value, b.runs)) },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatNumber(v) },
    xAxis: axis(axes.xName, axes.logX),
    yAxis: axis(axes.yName, axes.logY, 52),
    dataZoom,
    series,
  }
}

/** Runs' curves one by one, zoomable. */
export function runCurvesOption(curves: Array<{ label: string; series: Series }>, axes: CurveAxes): EChartsCoreOption {
  return {
    grid,
    legend: { type: 'scroll', top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatNumber(v) },
    xAxis: axis(axes.xName, axes.logX),
    yAxis: axis(axes.yName, axes.logY, 52),
    dataZoom,
    series: curves.map(({ label, series }, i) => ({
      name: label,
      type: 'line',
      ...styled(i),
      showSymbol: series.y.length <= 30,
      sampling: 'lttb',
      data: series.y.map((y, i) => {
        const x = series.x?.[i] ?? i
        return [usable(x, axes.logX) ? x : null, usable(y, axes.logY) ? y : null]
      }),
    })),
  }
}
