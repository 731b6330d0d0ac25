/**
 * The trackers' standard views of a selection, as pure ECharts options: parallel coordinates (params → a metric)
 * and a scatter of any param or metric against any other, coloured by a third. Same runs as Compare's result.
 */
import type { EChartsCoreOption } from 'echarts/core'
import type { CompareResult } from '../../src-shared/api/lab'
import { metricLabel, paramLabel } from '../../src-shared/catalogue'
import { PALETTE } from '../../src-shared/charts/palette'
import { formatNumber, formatValue } from '../util/format'
import { escapeHtml } from '../../src-shared/util/escapeHtml'
import { logAxisBounds } from './options'
import { sweepLabel } from '../../src-shared/analysis/compare'

type Value = number | string | boolean | null

/** Sequential colours for a numeric colour key (low → high). */
const RAMP = ['#313695', '#4575b4', '#74add1', '#fdae61', '#f46d43', '#a50026']

/** A run's value for a key: a scalar metric, else a swept param (arrays and objects as their JSON text). */
export function runValue(result: CompareResult, runId: string, key: string): Value {
  if (key === 'sweep') {
    const run = result.runs.find((r) => r.id === runId)
    return run ? sweepLabel(run) : null
  }
  const metric = result.values[runId]?.[key]
  if (metric !== undefined) return metric
  const run = result.runs.find((r) => r.id === runId)
  const param = run?.params[key]
  if (param === undefined || param === null) return null
  return typeof param === 'object' ? JSON.stringify(param) : (param as Value)
}

/** What the axes can show: the sweep (when runs come from several), the params that vary, then the scalar metrics. */
export function exploreKeys(result: CompareResult): string[] {
  const sweeps = new Set(result.runs.map((r) => r.sweepId))
  return [...(sweeps.size > 1 ? ['sweep'] : []), ...result.params, ...result.metrics]
}

const keyLabel = (result: CompareResult, key: string) => (result.metrics.includes(key) ? metricLabel(key) : paramLabel(key))
const finite = (v: Value): v is number => typeof v === 'number' && Number.isFinite(v)

/** A log axis where the values are positive and span three decades or more; otherwise linear from the data. */
function axisKind(values: Value[]): 'log' | 'value' | 'category' {
  if (!values.some((v) => v !== null) || values.some((v) => v !== null && !finite(v))) return 'category'
  const nums = values.filter(finite)
  return nums.every((v) => v > 0) && Math.max(...nums) / Math.min(...nums) >= 1e3 ? 'log' : 'value'
}

function distinctText(values: Value[]): string[] {
  return [...new Set(values.filter((v) => v !== null).map((v) => formatValue(v)))]
}

/** One line per run through every param that varies and the metric last, coloured by the metric. */
export function parallelOption(result: CompareResult, metric: string): EChartsCoreOption {
  const dims = [...result.params.filter((p) => p !== metric), metric]
  const rows = result.runs.map((run) => dims.map((d) => runValue(result, run.id, d)))
  const kinds = dims.map((_, i) => axisKind(rows.map((r) => r[i])))
  const categories = dims.map((_, i) => (kinds[i] === 'category' ? distinctText(rows.map((r) => r[i])) : []))
  const data = rows.map((r) => r.map((v, i) => (kinds[i] === 'category' ? (v === null ? null : formatValue(v)) : kinds[i] === 'log' && finite(v) && v <= 0 ? null : v)))
  const metricValues = rows.map((r) => r[dims.length - 1]).filter(finite)
  return {
    // Room on the right for the colour bar, clear of the metric's axis labels.
    parallel: { left: 60, right: 120, top: 40, bottom: 36 },
    parallelAxis: dims.map((d, i) => ({
      dim: i,
      name: keyLabel(result, d),
      type: kinds[i],
      scale: kinds[i] === 'value',
      ...(kinds[i] === 'log' ? logAxisBounds(rows.map((r) => r[i])) : {}),
      ...(kinds[i] === 'category' ? { data: categories[i] } : { axisLabel: { formatter: (v: number) => formatNumber(v, 3) } }),
      nameTextStyle: { fontSize: 11 },
    })),
    ...(metricValues.length
      ? {
          visualMap: {
            type: 'continuous',
            dimension: dims.length - 1,
            min: Math.min(...metricValues),
            max: Math.max(...metricValues),
            right: 8,
            top: 'middle',
            itemHeight: 140,
            calculable: true,
            formatter: (v: number) => formatNumber(v, 3),
            inRange: { color: RAMP },
          },
        }
      : {}),
    tooltip: { trigger: 'item' },
    series: [{ name: metricLabel(metric), type: 'parallel', lineStyle: { width: 1.5, opacity: 0.6 }, data }],
  }
}

/**
 * Any key against any other, coloured by a third: numbers on a colour ramp, other values (a sweep, a student) one
 * palette colour each with a legend. Axes span the data; a wide positive range goes on a log axis.
 */
export function exploreScatterOption(result: CompareResult, x: string, y: string, colour: string): EChartsCoreOption {
  const points = result.runs.map((run) => ({ id: run.id, x: runValue(result, run.id, x), y: runValue(result, run.id, y), c: colour ? runValue(result, run.id, colour) : null }))
  const xKind = axisKind(points.map((p) => p.x))
  const yKind = axisKind(points.map((p) => p.y))
  const xCats = xKind === 'category' ? distinctText(points.map((p) => p.x)) : []
  const yCats = yKind === 'category' ? distinctText(points.map((p) => p.y)) : []
  const coord = (v: Value, kind: string) => (v === null ? null : kind === 'category' ? formatValue(v) : kind === 'log' && finite(v) && v <= 0 ? null : v)
  const shown = points.filter((p) => coord(p.x, xKind) !== null && coord(p.y, yKind) !== null)
  const numericColour = colour !== '' && shown.some((p) => p.c !== null) && shown.every((p) => p.c === null || finite(p.c))
  const axis = (key: string, kind: string, cats: string[], gap: number, values: Value[]) => ({
    type: kind,
    name: keyLabel(result, key),
    nameLocation: 'middle',
    nameGap: gap,
    scale: kind === 'value',
    ...(kind === 'log' ? logAxisBounds(values) : {}),
    ...(kind === 'category' ? { data: cats } : { axisLabel: { formatter: (v: number) => formatNumber(v, 3) } }),
  })
  const datum = (p: (typeof shown)[number]) => ({ value: [coord(p.x, xKind), coord(p.y, yKind), p.c === null ? null : numericColour ? p.c : formatValue(p.c), p.id] })
  const groups = numericColour || !colour ? [{ name: colour ? keyLabel(result, colour) : keyLabel(result, y), points: shown }] : distinctText(shown.map((p) => p.c)).map((name) => ({ name, points: shown.filter((p) => formatValue(p.c) === name) }))
  const colours = numericColour ? shown.map((p) => p.c).filter(finite) : []
  return {
    grid: { left: 72, right: numericColour ? 110 : 28, top: groups.length > 1 ? 44 : 24, bottom: 52 },
    ...(groups.length > 1 ? { legend: { type: 'scroll', top: 0 } } : {}),
    tooltip: {
      trigger: 'item',
      formatter: (p: { value: [Value, Value, Value, string] }) =>
        `${escapeHtml(p.value[3])}<br/>${escapeHtml(keyLabel(result, x))} = ${escapeHtml(formatValue(p.value[0]))}<br/>${escapeHtml(keyLabel(result, y))} = ${escapeHtml(formatValue(p.value[1]))}${colour ? `<br/>${escapeHtml(keyLabel(result, colour))} = ${escapeHtml(formatValue(p.value[2]))}` : ''}`,
    },
    xAxis: axis(x, xKind, xCats, 30, points.map((p) => p.x)),
    yAxis: axis(y, yKind, yCats, 56, points.map((p) => p.y)),
    ...(numericColour && colours.length
      ? { visualMap: { type: 'continuous', dimension: 2, min: Math.min(...colours), max: Math.max(...colours), right: 8, top: 'middle', itemHeight: 140, calculable: true, formatter: (v: number) => formatNumber(v, 3), inRange: { color: RAMP } } }
      : {}),
    series: groups.map((g, i) => ({
      name: g.name,
      type: 'scatter',
      symbolSize: 8,
      ...(numericColour ? {} : { itemStyle: { color: PALETTE[i % PALETTE.length] } }),
      data: g.points.map(datum),
    })),
  }
}
