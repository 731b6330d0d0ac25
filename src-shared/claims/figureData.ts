/**
 * A preset's figures as plain data (lines of points, reference marks, axis labels from the catalogue), computed
 * from a sweep's runs. JSON-serialisable: main computes it, the renderer and the report draw it (charts/figureOption).
 */
import { axisLabel, metricLabel, paramLabel, seriesLabel } from '../catalogue'
import type { Scale } from '../spec/experiment'
import { kernelRegimeFigures } from './emami21Kernels'
import { arrayOf, groupBy, mean, metricOf, where } from './runs'
import { perModeFigure } from './perModeFigure'
import type { ClaimRun, FigureSpec, MetricFigure, SeriesFigure } from './types'
import { runLabel, type FigureData, type FigureLine } from './figureLines'

export { runLabel, type FigureData, type FigureLine } from './figureLines'

/** At most this many points per curve: enough for the eye, small enough for an inline SVG. */
const MAX_POINTS = 300

function presentParams(runs: readonly ClaimRun[], params: readonly string[] = []): string[] {
  return params.filter((p) => runs.some((r) => r.params[p] !== undefined))
}

function thin<T>(points: T[]): T[] {
  if (points.length <= MAX_POINTS) return points
  return Array.from({ length: MAX_POINTS }, (_, i) => points[Math.round((i * (points.length - 1)) / (MAX_POINTS - 1))])
}

function marks(figure: FigureSpec, scale: Scale) {
  const refs = figure.references ?? []
  return {
    xMarks: refs.flatMap((r) => (r.kind === 'x' ? [{ at: typeof r.at === 'function' ? r.at(scale) : r.at, label: r.label }] : [])),
    yMarks: refs.flatMap((r) => (r.kind === 'y' ? [{ at: r.at, label: r.label }] : [])),
  }
}

function metricFigure(figure: MetricFigure, runs: readonly ClaimRun[], scale: Scale): FigureData {
  const ys = Array.isArray(figure.y) ? figure.y : [figure.y]
  const xs = [...new Set(runs.map((r) => r.params[figure.x]))].filter((v) => v !== undefined)
  const numeric = xs.every((v) => typeof v === 'number')
  const sortedXs = numeric ? (xs as number[]).sort((a, b) => a - b) : xs
  const xKey = (v: unknown): number | string => (numeric ? (v as number) : String(v))
  const lineBy = presentParams(runs, figure.lineBy)
  const grouped = lineBy.length ? groupRuns(runs, lineBy) : [{ label: '', runs: [...runs] }]
  const lines: FigureLine[] = []
  let group = 0
  for (const { label, runs: groupRunsList } of grouped) {
    for (const y of ys) {
      const name = [ys.length > 1 || !label ? metricLabel(y) : '', label].filter(Boolean).join(', ')
      const byX = groupBy(groupRunsList, figure.x)
      lines.push({ name: `${name}${groupRunsList.length > byX.size ? ' (mean)' : ''}`, style: 'line', group, points: sortedXs.filter((x) => byX.has(x)).map((x) => [xKey(x), meanOrNull(byX.get(x)!, y)]) })
      if (groupRunsList.length > byX.size) {
        lines.push({ name: `${name} (each seed)`, style: 'dots', group, points: groupRunsList.map((r) => [xKey(r.params[figure.x]), metricOf(r, y)]) })
      }
      group++
    }
  }
  for (const ref of figure.references ?? []) {
    if (ref.kind !== 'metric') continue
    const byX = groupBy(runs, figure.x)
    lines.push({ name: ref.label, style: 'reference', group: group++, points: sortedXs.map((x) => [xKey(x), meanOrNull(byX.get(x)!, ref.metric)]) })
  }
  return {
    id: figure.id,
    title: figure.title,
    xLabel: paramLabel(figure.x),
    yLabel: ys.length > 1 ? metricLabel(ys[0]).split(',')[0] : metricLabel(ys[0]),
    xType: numeric ? (figure.logX ? 'log' : 'value') : 'category',
    logY: figure.logY ?? false,
    lines,
    ...marks(figure, scale),
  }
}

function meanOrNull(runs: readonly ClaimRun[], metric: string): number | null {
  const v = runs.map((r) => metricOf(r, metric)).filter((x): x is number => x !== null)
  return v.length ? mean(v) : null
}

function groupRuns(runs: readonly ClaimRun[], params: string[]): Array<{ label: string; runs: ClaimRun[] }> {
  const out = new Map<string, ClaimRun[]>()
  for (const run of runs) {
    const label = runLabel(run, params)
    out.set(label, [...(out.get(label) ?? []), run])
  }
  return [...out].map(([label, list]) => ({ label, runs: list }))
}

function seriesPattern(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace('{model}', '(?<model>rnn|scaled_conv1d|conv1d)').replace('{target}', '(?<target>.+)')}$`)
}

/** Series figures: each run's matching series; a `{target}` slot makes one figure per target (one chart per quantity). */
function seriesFigures(figure: SeriesFigure, runs: readonly ClaimRun[], scale: Scale): FigureData[] {
  const shown = figure.where ? where(runs, figure.where) : [...runs]
  const lineBy = presentParams(shown, figure.lineBy)
  const byTarget = new Map<string, FigureLine[]>()
  const drawnOnce = new Set<string>()
  // One colour per series kind (a model), one dash per run: the same model keeps its colour across variants.
  const colours = new Map<string, number>()
  shown.forEach((run, runIndex) => {
    const label = runLabel(run, lineBy)
    for (const pattern of figure.series) {
      const regex = seriesPattern(pattern)
      const once = figure.once?.includes(pattern) ?? false
      for (const name of Object.keys(run.series).sort()) {
        const match = regex.exec(name)
        if (!match) continue
        if (once) {
          if (drawnOnce.has(name)) continue
          drawnOnce.add(name)
        }
        const series = run.series[name]
        const target = match.groups?.target ?? ''
        const kind = seriesLabel(name)
        const colourKey = shown.length > 1 && !match.groups?.model && !once ? `${kind}|${label}` : kind
        if (!colours.has(colourKey)) colours.set(colourKey, colours.size)
        const list = byTarget.get(target) ?? []
        list.push({
          name: [kind, once ? '' : label].filter(Boolean).join(', '),
          style: figure.scatter ? 'dots' : once ? 'reference' : 'line',
          group: colours.get(colourKey)!,
          ...(match.groups?.model && runIndex > 0 ? { dashed: true } : {}),
          points: thin(series.y.map((y, i) => [series.x?.[i] ?? i, Number.isFinite(y) ? y : null] as [number, number | null])),
        })
        byTarget.set(target, list)
      }
    }
  })
  const entries = byTarget.size ? [...byTarget] : [['', []] as [string, FigureLine[]]]
  return entries.map(([target, lines]) => ({
    id: target ? `${figure.id}-${target}` : figure.id,
    title: figure.title.replace('{target}', target),
    xLabel: axisLabel(figure.x),
    yLabel: figure.y,
    xType: 'value',
    logY: figure.logY ?? false,
    ...(figure.yRange ? { yRange: figure.yRange } : {}),
    lines,
    ...marks(figure, scale),
  }))
}

/** Every chart a figure declares, from the runs (r2-table figures are tables: see r2Table). */
export function figureData(figure: FigureSpec, runs: readonly ClaimRun[], scale: Scale): FigureData[] {
  if (figure.kind === 'metric-vs-param') return [metricFigure(figure, runs, scale)]
  if (figure.kind === 'series') return seriesFigures(figure, runs, scale)
  if (figure.kind === 'kernel-regime') return kernelRegimeFigures(figure.id, runs)
  if (figure.kind === 'per-mode') return [perModeFigure(figure, runs, presentParams(runs, figure.lineBy ?? ['seed']))]
  if (figure.kind === 'by-length') {
    const lineBy = presentParams(runs, figure.lineBy)
    const lines: FigureLine[] = runs.map((run, group) => ({
      name: runLabel(run, lineBy) || metricLabel(figure.y),
      style: 'line',
      group,
      points: (arrayOf(run, figure.y) ?? []).map((v, i) => [i + 1, Number.isFinite(v) ? v : null]),
    }))
    return [{ id: figure.id, title: figure.title, xLabel: axisLabel('length'), yLabel: metricLabel(figure.y), xType: 'value', logY: figure.logY ?? false, lines, ...marks(figure, scale) }]
  }
  return []
}

