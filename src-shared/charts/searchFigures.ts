/**
 * The figures of a boundary search as ECharts options (pure functions, no DOM): the phase diagram (outer × inner,
 * probed cells coloured by log10 error ratio, unprobed cells blank, k* and its bracket drawn over them) and k*
 * against the outer value or the teacher's effective order, with k = 2d̂ for reference. The app redraws them live.
 */
import { paramLabel } from '../catalogue'
import type { PaperKStar } from '../search/references'
import type { SearchPoint } from '../search/report'

/** A probed cell: the mean log10 error ratio over the seeds probed there (null when no ratio was measured). */
export interface ProbedCell {
  outer: unknown
  inner: number
  logRatio: number | null
  passes: number
  probes: number
}

export interface PhaseDiagramData {
  outerPath: string | null
  innerPath: string
  outerValues: readonly unknown[]
  innerValues: readonly number[]
  cells: readonly ProbedCell[]
  points: readonly SearchPoint[]
}

const label = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v))

/** Outer values down the side, inner values along the bottom; a cell only where something was run. */
export function phaseDiagramOption(data: PhaseDiagramData): Record<string, unknown> {
  const xs = data.innerValues.map(String)
  const ys = data.outerValues.map(label)
  const row = (outer: unknown) => ys.indexOf(label(outer))
  const col = (inner: number | null) => (inner === null ? -1 : data.innerValues.indexOf(inner))
  const heat = data.cells.filter((c) => c.logRatio !== null).map((c) => [col(c.inner), row(c.outer), Number(c.logRatio!.toFixed(3)), `${c.passes}/${c.probes} pass`])
  const kStar = data.points.filter((p) => p.kStar !== null).map((p) => [col(p.kStar), row(p.value)])
  const lastFailing = data.points.filter((p) => p.bracket[0] !== null).map((p) => [col(p.bracket[0]), row(p.value)])
  const nonMonotone = data.points.flatMap((p) => p.nonMonotone.map((n) => [col(n.value), row(p.value), `seed ${n.seed}`]))
  return {
    tooltip: { position: 'top' },
    grid: { left: 90, right: 24, top: 40, bottom: 110 },
    legend: { top: 0, data: ['k*', 'last failing', 'non-monotone pass'] },
    xAxis: { type: 'category', data: xs, name: paramLabel(data.innerPath), nameLocation: 'middle', nameGap: 28, splitArea: { show: true } },
    yAxis: { type: 'category', data: ys, name: data.outerPath === null ? '' : paramLabel(data.outerPath), splitArea: { show: true } },
    visualMap: {
      dimension: 2, min: -3, max: 1, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, precision: 1,
      text: ['log10 error ratio  ≥ 1', '≤ −3'], inRange: { color: ['#1a9850', '#fee08b', '#d73027'] }, seriesIndex: 0,
    },
    series: [
      { name: 'log10 error / zero-solution error', type: 'heatmap', data: heat, label: { show: false } },
      { name: 'k*', type: 'scatter', data: kStar, symbol: 'rect', symbolSize: [6, 22], itemStyle: { color: '#111' }, z: 3 },
      { name: 'last failing', type: 'scatter', data: lastFailing, symbol: 'rect', symbolSize: [2, 22], itemStyle: { color: '#888' }, z: 3 },
      { name: 'non-monotone pass', type: 'scatter', data: nonMonotone, symbol: 'triangle', symbolSize: 12, itemStyle: { color: '#7b2cbf' }, z: 4 },
    ],
  }
}

export interface KStarData {
  /** What x is: the outer path, or "effective order" for the Ho–Kalman plot. */
  xName: string
  /** One point per outer value (x numeric), each seed's own k* beside it. */
  points: ReadonlyArray<{ x: number; kStar: number | null; bracket: [number | null, number | null]; perSeed: ReadonlyArray<{ x: number; k: number | null }> }>
  /** Draw k = 2x (ICLR23's 2d̂) when x is a teacher dimension or order. */
  twiceX: boolean
  innerName: string
  /** The paper's own points (its preset's), drawn as a bracket [last failing, first passing] per x. */
  paper?: readonly PaperKStar[]
}

/** k* against x with its bracket, per-seed dots, and the reference line k = 2x. */
export function kStarOption(data: KStarData): Record<string, unknown> {
  const paper = data.paper ?? []
  const xs = [...data.points.map((p) => p.x), ...paper.map((p) => p.x)]
  const [lo, hi] = [Math.min(...xs, 0), Math.max(...xs, 1)]
  return {
    tooltip: { trigger: 'item' },
    // Room for a two-line legend; the y name runs along its axis so the legend never covers it.
    grid: { left: 64, right: 24, top: 64, bottom: 48 },
    legend: { top: 0 },
    xAxis: { type: 'value', name: paramLabel(data.xName), nameLocation: 'middle', nameGap: 28, min: lo, max: hi + 1 },
    yAxis: { type: 'value', name: paramLabel(data.innerName), nameLocation: 'middle', nameGap: 40, min: 0 },
    series: [
      { name: 'k* (all seeds)', type: 'line', data: data.points.filter((p) => p.kStar !== null).map((p) => [p.x, p.kStar]), symbolSize: 9, lineStyle: { width: 2 } },
      {
        name: 'bracket', type: 'scatter', symbol: 'rect', symbolSize: [10, 2], itemStyle: { color: '#888' },
        data: data.points.filter((p) => p.bracket[0] !== null).map((p) => [p.x, p.bracket[0]]),
      },
      { name: 'per seed', type: 'scatter', symbolSize: 5, itemStyle: { opacity: 0.5 }, data: data.points.flatMap((p) => p.perSeed.filter((s) => s.k !== null).map((s) => [s.x, s.k])) },
      ...(paper.length > 0 ? paperSeries(paper) : []),
      ...(data.twiceX ? [{ name: 'k = 2d̂', type: 'line', data: [[lo, 2 * lo], [hi + 1, 2 * (hi + 1)]], symbol: 'none', itemStyle: { color: '#999' }, lineStyle: { type: 'dashed', color: '#999' } }] : []),
    ],
  }
}

/** The paper's points: a vertical bar from the last failing to the first passing k ('-' breaks the line between x). */
function paperSeries(paper: readonly PaperKStar[]): Array<Record<string, unknown>> {
  const color = '#d95f02'
  return [
    {
      name: 'paper: k bracket', type: 'line', symbol: 'none', itemStyle: { color }, lineStyle: { color, width: 3 }, connectNulls: false,
      data: paper.flatMap((p, i) => [...(i > 0 ? ['-'] : []), [p.x, p.lastFailing], [p.x, p.firstPassing]]),
    },
    {
      name: 'paper: k*', type: 'scatter', symbol: 'diamond', symbolSize: 11, itemStyle: { color },
      data: paper.map((p) => ({ value: [p.x, p.firstPassing], source: p.source })),
      tooltip: { formatter: (params: { data: { source: string; value: number[] } }) => `k = ${params.data.value[1]} at ${params.data.value[0]}: ${params.data.source}` },
    },
  ]
}
