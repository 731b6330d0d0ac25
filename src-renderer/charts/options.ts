/** ECharts options as pure functions of the data: the views pass their results in, the charts never fetch. */
import type { EChartsCoreOption } from 'echarts/core'
import type { Series } from '../../src-shared/api/results'
import type { CompareResult, GroupPoint } from '../../src-shared/api/lab'
import { formatNumber, formatValue } from '../util/format'
import { metricLabel, paramLabel } from '../../src-shared/catalogue'
import { escapeHtml } from '../../src-shared/util/escapeHtml'
import { seriesStyle } from '../../src-shared/charts/palette'

const grid = { left: 64, right: 24, top: 36, bottom: 48, containLabel: false }
const axisName = { nameLocation: 'middle' as const, nameGap: 30 }

/** The i-th series' colour and dash from the shared palette. */
export function styled(i: number) {
  const { color, dash } = seriesStyle(i)
  return { color, lineStyle: { color, type: dash } }
}

/** Log axes cannot show zero or negative values: they become gaps. */
function positive(v: number | null | undefined): number | null {
  return v !== null && v !== undefined && Number.isFinite(v) && v > 0 ? v : null
}

/** 10^n written as `1en`: exact, where 10 ** -5 is 9.999…e-6. */
const decade = (n: number) => Number(`1e${n}`)

/** Steps between labelled decades: the smallest that labels at most 8 of them. */
const DECADE_STEPS = [1, 2, 3, 4, 5, 10, 20]

/**
 * A log axis over the data's own decades, its ends on the labelled grid (so an end label never sits on top of the
 * next one: 1e-31 … 1.4 gives 1e-32 … 1e4 labelled every 4 decades). Empty without positive values.
 */
export function logAxisBounds(values: ReadonlyArray<unknown>): { min: number; max: number; interval: number } | Record<string, never> {
  const positives = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0)
  if (positives.length === 0) return {}
  const low = Math.floor(Math.log10(Math.min(...positives)))
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...positives))))
  const step = DECADE_STEPS.find((s) => (high - low) / s <= 8) ?? Math.ceil((high - low) / 8)
  return { min: decade(Math.floor(low / step) * step), max: decade(Math.ceil(high / step) * step), interval: step }
}

/**
 * A log axis from the data's decades (1e-31 … 1 is not drawn on 1e-40 … 1e10); a linear one from the data
 * (`scale`), not from zero.
 */
export function valueAxis(name: string, log: boolean, values: ReadonlyArray<number | null> = []) {
  return { type: log ? 'log' : 'value', name, ...axisName, nameGap: 48, scale: !log, ...(log ? logAxisBounds(values) : {}), axisLabel: { formatter: (v: number) => formatNumber(v, 2) } }
}

export function lossCurveOption(curves: Array<{ label: string; series: Series }>, logY = true): EChartsCoreOption {
  return {
    grid,
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatNumber(v) },
    legend: { type: 'scroll', top: 0 },
    xAxis: { type: 'value', name: 'training step', ...axisName },
    yAxis: valueAxis('loss', logY, curves.flatMap((c) => c.series.y)),
    dataZoom: [{ type: 'inside' }],
    series: curves.map(({ label, series }, i) => ({
      name: label,
      type: 'line',
      ...styled(i),
      showSymbol: false,
      sampling: 'lttb',
      data: series.y.map((y, i) => [series.x?.[i] ?? i, logY ? positive(y) : y]),
    })),
  }
}

/** Student vs teacher impulse response h_j = C A^j B, with the training length k marked (j < k is fitted). */
export function impulseOption(lines: Array<{ label: string; y: number[]; dashed?: boolean }>, k: number | null): EChartsCoreOption {
  return {
    grid,
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatNumber(v) },
    legend: { top: 0 },
    xAxis: { type: 'value', name: 'lag j', ...axisName, min: 0 },
    yAxis: { type: 'value', name: 'h_j', ...axisName, nameGap: 48 },
    series: lines.map((line, i) => ({
      name: line.label,
      type: 'line',
      showSymbol: line.y.length <= 40,
      symbolSize: 4,
      lineStyle: { type: line.dashed ? 'dashed' : 'solid' },
      data: line.y.map((y, j) => [j, y]),
      ...(i === 0 && k !== null
        ? { markLine: { symbol: 'none', silent: true, data: [{ xAxis: k, label: { formatter: `k = ${k}` } }] } }
        : {}),
    })),
  }
}

function unitCircle(points = 181): number[][] {
  return Array.from({ length: points }, (_, i) => {
    const t = (2 * Math.PI * i) / (points - 1)
    return [Math.cos(t), Math.sin(t)]
  })
}

/** Eigenvalues in the complex plane with the unit circle (stability boundary), on a square plot. */
export function eigenvalueOption(sets: Array<{ label: string; points: Array<{ re: number; im: number }> }>, size = 230): EChartsCoreOption {
  const radius = Math.max(1, ...sets.flatMap((s) => s.points.map((p) => Math.hypot(p.re, p.im))))
  const extent = Math.ceil((radius * 1.1) / 0.5) * 0.5
  const axis = (name: string) => ({ type: 'value', name, ...axisName, min: -extent, max: extent, interval: 0.5, axisLine: { onZero: false }, axisLabel: { formatter: (v: number) => formatNumber(v, 2) } })
  return {
    grid: { left: 'center', top: 40, width: size, height: size },
    tooltip: { trigger: 'item', formatter: (p: { seriesName: string; value: number[] }) => `${escapeHtml(p.seriesName)}<br/>${formatNumber(p.value[0])} ${p.value[1] < 0 ? '−' : '+'} ${formatNumber(Math.abs(p.value[1]))}i (|λ| = ${formatNumber(Math.hypot(p.value[0], p.value[1]))})` },
    legend: { top: 0, data: sets.map((s) => s.label) },
    xAxis: axis('Re λ'),
    yAxis: axis('Im λ'),
    series: [
      { name: 'unit circle', type: 'line', data: unitCircle(), showSymbol: false, silent: true, lineStyle: { type: 'dashed', width: 1, color: '#888' }, tooltip: { show: false } },
      ...sets.map((s, i) => ({ name: s.label, type: 'scatter', symbol: i === 0 ? 'circle' : 'diamond', symbolSize: i === 0 ? 8 : 11, data: s.points.map((p) => [p.re, p.im]) })),
    ],
  }
}

/** Hankel singular values on a log axis, with the threshold below which they do not count (relative to σ₁). */
export function hankelOption(values: number[], relativeThreshold: number): EChartsCoreOption {
  const threshold = (values[0] ?? 0) * relativeThreshold
  const shown = values.map((v, i) => [i + 1, positive(v)]).filter((p) => p[1] !== null && (p[1] as number) >= threshold * 1e-6)
  return {
    grid,
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatNumber(v) },
    legend: { top: 0 },
    xAxis: { type: 'value', name: 'i', ...axisName, min: 1, minInterval: 1 },
    // Down to the decade below the threshold, so the dashed line is always in view.
    yAxis: { ...valueAxis('σ_i', true), min: (v: { min: number }) => 10 ** Math.floor(Math.log10(Math.min(v.min, threshold > 0 ? threshold : v.min))) },
    series: [
      { name: 'Hankel singular value', type: 'line', symbolSize: 6, data: shown },
      ...(threshold > 0
        ? [{ name: `${relativeThreshold} σ₁ (counts above)`, type: 'line', showSymbol: false, silent: true, lineStyle: { type: 'dashed', width: 1 }, data: [[1, threshold], [Math.max(2, (shown[shown.length - 1]?.[0] as number | undefined) ?? 2), threshold]] }]
        : []),
    ],
  }
}

/** Several named series against their x (steps by default) on one chart. */
export function linesOption(lines: Array<{ label: string; series: Series }>, xName: string, yName: string, logY = false): EChartsCoreOption {
  return {
    grid,
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatNumber(v) },
    legend: { type: 'scroll', top: 0 },
    xAxis: { type: 'value', name: xName, ...axisName, scale: true },
    yAxis: valueAxis(yName, logY),
    series: lines.map(({ label, series }, i) => ({
      name: label,
      type: 'line',
      ...styled(i),
      showSymbol: series.y.length <= 30,
      data: series.y.map((y, i) => [series.x?.[i] ?? i, logY ? positive(y) : y]),
    })),
  }
}

/** Points in a plane (slackness |λu| against Re λ, trajectories in (b, a·c)). */
export function scatterOption(label: string, series: Series, xName: string, yName: string, connect = false): EChartsCoreOption {
  return {
    grid,
    tooltip: { trigger: 'item', formatter: (p: { value: number[] }) => `${escapeHtml(xName)} = ${formatNumber(p.value[0])}<br/>${escapeHtml(yName)} = ${formatNumber(p.value[1])}` },
    xAxis: { type: 'value', name: xName, ...axisName, scale: true },
    yAxis: { type: 'value', name: yName, ...axisName, nameGap: 48, scale: true },
    series: [{ name: label, type: connect ? 'line' : 'scatter', showSymbol: !connect, symbolSize: 7, data: series.y.map((y, i) => [series.x?.[i] ?? i, y]) }],
  }
}

/**
 * Connectivity modes over training (series modes_*, checkpoint-major: point k·d + i is mode i at checkpoint k):
 * one line per mode.
 */
export function modeLinesOption(series: Series, width: number, yName: string): EChartsCoreOption {
  const lines = Array.from({ length: width }, () => ({ x: [] as number[], y: [] as number[] }))
  series.y.forEach((y, idx) => {
    lines[idx % width].x.push(series.x?.[idx] ?? Math.floor(idx / width))
    lines[idx % width].y.push(y)
  })
  return {
    grid,
    tooltip: { trigger: 'item', valueFormatter: (v: number) => formatNumber(v) },
    xAxis: { type: 'value', name: 'training step', ...axisName },
    yAxis: { type: 'value', name: yName, ...axisName, nameGap: 48, scale: true },
    series: lines.map((l, i) => ({ name: `mode ${i + 1}`, type: 'line', showSymbol: false, lineStyle: { width: 1.2 }, data: l.y.map((y, j) => [l.x[j], y]) })),
  }
}

/** Error bars drawn by a custom series: works on log axes, where stacked bands do not. */
function errorBars(name: string, points: GroupPoint[], xs: number[], log: boolean) {
  return {
    name,
    type: 'custom',
    silent: true,
    tooltip: { show: false },
    data: points.map((p, i) => [xs[i], log ? positive(p.mean - p.std) ?? positive(p.mean) : p.mean - p.std, p.mean + p.std]),
    renderItem: (_params: unknown, api: { value(i: number): number; coord(p: number[]): number[]; visual(key: string): string }) => {
      const low = api.coord([api.value(0), api.value(1)])
      const high = api.coord([api.value(0), api.value(2)])
      const cap = 4
      const style = { stroke: api.visual('color'), lineWidth: 1.5 }
      return {
        type: 'group',
        children: [
          { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style },
          { type: 'line', shape: { x1: low[0] - cap, y1: low[1], x2: low[0] + cap, y2: low[1] }, style },
          { type: 'line', shape: { x1: high[0] - cap, y1: high[1], x2: high[0] + cap, y2: high[1] }, style },
        ],
      }
    },
    encode: { x: 0, y: [1, 2] },
  }
}

/** A group line's legend name: the metric, and the split value when lines are split ("k = 10", a sweep's title). */
export function groupLineName(groups: NonNullable<CompareResult['groups']>, line: NonNullable<CompareResult['groups']>['lines'][number]): string {
  if (!groups.split) return metricLabel(line.metric)
  const text = formatValue(line.group)
  const value = text.includes('=') || groups.split === 'sweep' || groups.split === 'tags' ? text : `${paramLabel(groups.split)} = ${text}`
  const metrics = new Set(groups.lines.map((l) => l.metric))
  return metrics.size > 1 ? `${metricLabel(line.metric)}, ${value}` : value
}

/**
 * Mean ± std over seeds against a param (ICLR23 Fig. 1a: extrapolation error vs k). Split lines take a colour per
 * split value and a dash per metric, so two dimensions stay readable.
 */
export function groupOption(groups: NonNullable<CompareResult['groups']>, logY: boolean): EChartsCoreOption {
  const numeric = groups.lines.every((l) => l.points.every((p) => typeof p.value === 'number'))
  const categories = [...new Map(groups.lines.flatMap((l) => l.points.map((p) => [formatValue(p.value), p.value] as const))).keys()]
  const metricIndex = [...new Set(groups.lines.map((l) => l.metric))]
  const splitIndex = [...new Set(groups.lines.map((l) => JSON.stringify(l.group ?? null)))]
  const series = groups.lines.flatMap((line, li) => {
    const xs = line.points.map((p) => (numeric ? (p.value as number) : categories.indexOf(formatValue(p.value))))
    const { color, dash } = groups.split ? seriesStyle(splitIndex.indexOf(JSON.stringify(line.group ?? null)), metricIndex.indexOf(line.metric)) : seriesStyle(li)
    const name = groupLineName(groups, line)
    return [
      {
        name,
        type: 'line',
        color,
        lineStyle: { color, type: dash },
        symbolSize: 6,
        data: line.points.map((p, i) => [xs[i], logY ? positive(p.mean) : p.mean, p.std, p.n]),
      },
      { ...errorBars(`${name} ± std`, line.points, xs, logY), color, itemStyle: { color } },
    ]
  })
  const names = groups.lines.map((l) => groupLineName(groups, l))
  return {
    grid: { ...grid, top: 44 },
    legend: { type: 'scroll', top: 0, data: names },
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesName: string; value: number[] }) =>
        `${escapeHtml(p.seriesName)}<br/>${escapeHtml(paramLabel(groups.param))} = ${escapeHtml(numeric ? p.value[0] : categories[p.value[0]])}<br/>mean ${formatNumber(p.value[1])} ± ${formatNumber(p.value[2])} (n = ${p.value[3]})`,
    },
    // Both axes from the data: x from the first to the last group value, y over the means and their error bars.
    xAxis: numeric
      ? { type: 'value', name: paramLabel(groups.param), ...axisName, scale: true, min: 'dataMin', max: 'dataMax' }
      : { type: 'category', name: paramLabel(groups.param), ...axisName, data: categories },
    yAxis: valueAxis([...new Set(groups.lines.map((l) => metricLabel(l.metric)))].join(', '), logY, groups.lines.flatMap((l) => l.points.flatMap((p) => [p.mean, p.mean + p.std, p.mean - p.std > 0 ? p.mean - p.std : null]))),
    series,
  }
}


/** A 2-D sweep as a heat map (phase-transition map): mean metric per cell, log colour scale via log10. */
export function heatmapOption(hm: NonNullable<CompareResult['heatmap']>, log: boolean): EChartsCoreOption {
  const data: Array<[number, number, number | null]> = []
  hm.z.forEach((row, yi) =>
    row.forEach((v, xi) => data.push([xi, yi, v === null ? null : log ? (v > 0 ? Math.log10(v) : null) : v])),
  )
  const finite = data.map((d) => d[2]).filter((v): v is number => v !== null && Number.isFinite(v))
  return {
    // The colour bar sits in the right margin with its labels on its outer side, clear of the last column.
    grid: { ...grid, right: 110 },
    tooltip: { formatter: (p: { value: [number, number, number | null] }) => `${escapeHtml(paramLabel(hm.x))} = ${escapeHtml(formatValue(hm.xValues[p.value[0]]))}, ${escapeHtml(paramLabel(hm.y))} = ${escapeHtml(formatValue(hm.yValues[p.value[1]]))}<br/>${escapeHtml(metricLabel(hm.metric))} = ${p.value[2] === null ? '—' : formatNumber(log ? 10 ** p.value[2] : p.value[2])}` },
    xAxis: { type: 'category', name: paramLabel(hm.x), ...axisName, data: hm.xValues.map(formatValue) },
    yAxis: { type: 'category', name: paramLabel(hm.y), ...axisName, nameGap: 48, data: hm.yValues.map(formatValue) },
    visualMap: {
      min: finite.length ? Math.min(...finite) : 0,
      max: finite.length ? Math.max(...finite) : 1,
      calculable: true,
      orient: 'vertical',
      align: 'left',
      right: 8,
      top: 'middle',
      itemWidth: 14,
      itemHeight: 180,
      formatter: (v: number) => formatNumber(log ? 10 ** v : v, 2),
      inRange: { color: ['#313695', '#4575b4', '#74add1', '#abd9e9', '#fee090', '#fdae61', '#f46d43', '#d73027', '#a50026'] },
    },
    series: [{ name: metricLabel(hm.metric), type: 'heatmap', data, label: { show: hm.xValues.length * hm.yValues.length <= 64, formatter: (p: { value: [number, number, number | null] }) => (p.value[2] === null ? '' : formatNumber(log ? 10 ** p.value[2] : p.value[2], 2)) } }],
  }
}
