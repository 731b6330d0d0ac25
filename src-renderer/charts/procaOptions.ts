/**
 * PROCA charts as pure option functions: the loss landscape E(b, ac) as a heat map with its negative-gradient field
 * and gradient-descent trajectories on top (Fig. 2), and a mode's a·c over training beside the closed form (Fig. 1).
 */
import type { EChartsCoreOption } from 'echarts/core'
import type { Series } from '../../src-shared/api/results'
import { formatNumber } from '../util/format'
import { seriesLabel } from '../../src-shared/catalogue'
import { escapeHtml } from '../../src-shared/util/escapeHtml'

interface Landscape {
  bAxis: number[]
  acAxis: number[]
  /** Row-major (ac, b), as procaLandscape writes them. */
  loss: number[]
  flowB: number[]
  flowAc: number[]
  trajectories: Array<{ label: string; b: number[]; ac: number[] }>
  minimum: { b: number; ac: number } | null
}

/** The landscape series of a run, or null when it has none. */
export function landscapeFrom(series: Record<string, Series>, metrics: Record<string, unknown>): Landscape | null {
  const get = (name: string) => series[name]?.y
  const bAxis = get('landscape_b_axis')
  const acAxis = get('landscape_ac_axis')
  const loss = get('landscape_loss')
  if (!bAxis || !acAxis || !loss || loss.length !== bAxis.length * acAxis.length) return null
  const trajectories = Object.keys(series)
    .filter((name) => /^trajectory(_\d+)?$/.test(name))
    .map((name) => ({ label: series[name].label ?? seriesLabel(name), b: series[name].x ?? [], ac: series[name].y }))
  const minB = metrics.min_b
  const minAc = metrics.min_ac
  return {
    bAxis,
    acAxis,
    loss,
    flowB: get('landscape_flow_b') ?? [],
    flowAc: get('landscape_flow_ac') ?? [],
    trajectories,
    minimum: typeof minB === 'number' && typeof minAc === 'number' ? { b: minB, ac: minAc } : null,
  }
}

/** About this many arrows per axis, all the same length: the field's direction, not its size. */
const ARROWS_PER_AXIS = 13
const ARROW_PIXELS = 18
const TRAJECTORY_COLORS = ['#00e5ff', '#7cfc00', '#ff4dd2', '#ffffff']

/** The q-quantile of the finite values (colour limits that a single extreme cell cannot stretch). */
function quantile(values: number[], q: number): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b)
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0
}

export function landscapeOption(l: Landscape): EChartsCoreOption {
  const nb = l.bAxis.length
  const db = (l.bAxis[nb - 1] - l.bAxis[0]) / Math.max(1, nb - 1)
  const dac = (l.acAxis[l.acAxis.length - 1] - l.acAxis[0]) / Math.max(1, l.acAxis.length - 1)
  // Energies span many decades near the minimum valley: colour by log10.
  const cells = l.loss.map((e, idx) => [l.bAxis[idx % nb], l.acAxis[Math.floor(idx / nb)], Math.log10(Math.max(e, 1e-12))])
  const logs = cells.map((c) => c[2])
  const arrows: number[][] = []
  const strideB = Math.max(1, Math.round(nb / ARROWS_PER_AXIS))
  const strideAc = Math.max(1, Math.round(l.acAxis.length / ARROWS_PER_AXIS))
  for (let j = Math.floor(strideAc / 2); j < l.acAxis.length; j += strideAc) {
    for (let i = Math.floor(strideB / 2); i < nb; i += strideB) {
      const idx = j * nb + i
      if (l.flowB.length > idx) arrows.push([l.bAxis[i], l.acAxis[j], l.flowB[idx], l.flowAc[idx]])
    }
  }
  type Api = { value(i: number): number; coord(p: number[]): number[]; visual(k: string): string }
  return {
    grid: { left: 64, right: 110, top: 36, bottom: 48 },
    tooltip: { trigger: 'item', formatter: (p: { seriesName: string; value: number[] }) => `${escapeHtml(p.seriesName)}<br/>b = ${formatNumber(p.value[0], 3)}, a·c = ${formatNumber(p.value[1], 3)}${p.seriesName === 'E(b, a·c)' ? `<br/>E = ${formatNumber(10 ** p.value[2])}` : ''}` },
    legend: { type: 'scroll', top: 0, data: l.trajectories.map((t) => t.label).concat(l.minimum ? ['global minimum'] : []) },
    xAxis: { type: 'value', name: 'b', nameLocation: 'middle', nameGap: 30, min: l.bAxis[0] - db / 2, max: l.bAxis[nb - 1] + db / 2, axisLabel: { showMinLabel: false, showMaxLabel: false } },
    yAxis: { type: 'value', name: 'a·c', nameLocation: 'middle', nameGap: 44, min: l.acAxis[0] - dac / 2, max: l.acAxis[l.acAxis.length - 1] + dac / 2, axisLabel: { showMinLabel: false, showMaxLabel: false } },
    visualMap: {
      seriesIndex: 0,
      dimension: 2,
      // The minimum's valley reaches 1e-25 in a cell or two: clip the colours to the 2nd–98th percentile.
      min: quantile(logs, 0.02),
      max: quantile(logs, 0.98),
      calculable: true,
      right: 0,
      top: 'middle',
      text: ['log10 E', ''],
      formatter: (v: number) => formatNumber(v, 2),
      inRange: { color: ['#0d0887', '#5c01a6', '#9c179e', '#cc4778', '#ed7953', '#fdb42f', '#f0f921'] },
    },
    series: [
      {
        name: 'E(b, a·c)',
        type: 'custom',
        data: cells,
        renderItem: (_: unknown, api: Api) => {
          const p0 = api.coord([api.value(0) - db / 2, api.value(1) - dac / 2])
          const p1 = api.coord([api.value(0) + db / 2, api.value(1) + dac / 2])
          return { type: 'rect', shape: { x: p0[0], y: p1[1], width: p1[0] - p0[0] + 0.5, height: p0[1] - p1[1] + 0.5 }, style: { fill: api.visual('color') } }
        },
        encode: { x: 0, y: 1 },
      },
      {
        name: '−∇E',
        type: 'custom',
        silent: true,
        data: arrows,
        renderItem: (_: unknown, api: Api) => {
          const [b, ac, fb, fac] = [api.value(0), api.value(1), api.value(2), api.value(3)]
          const norm = Math.hypot(fb / db, fac / dac)
          if (!(norm > 0)) return null
          const start = api.coord([b, ac])
          const ahead = api.coord([b + (fb / norm) * 1e-3, ac + (fac / norm) * 1e-3])
          const dx = ahead[0] - start[0]
          const dy = ahead[1] - start[1]
          const len = Math.hypot(dx, dy) || 1
          const ux = dx / len
          const uy = dy / len
          const end = [start[0] + ux * ARROW_PIXELS, start[1] + uy * ARROW_PIXELS]
          const head = 6
          const style = { stroke: 'rgba(20,20,30,0.7)', lineWidth: 1.3 }
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: start[0], y1: start[1], x2: end[0], y2: end[1] }, style },
              { type: 'polyline', shape: { points: [[end[0] - head * (ux - uy * 0.6), end[1] - head * (uy + ux * 0.6)], end, [end[0] - head * (ux + uy * 0.6), end[1] - head * (uy - ux * 0.6)]] }, style },
            ],
          }
        },
        encode: { x: 0, y: 1 },
      },
      ...l.trajectories.map((t, i) => ({
        name: t.label,
        type: 'line',
        showSymbol: false,
        color: TRAJECTORY_COLORS[i % TRAJECTORY_COLORS.length],
        lineStyle: { width: 2.5 },
        data: t.b.map((b, i) => [b, t.ac[i]]),
      })),
      ...(l.minimum ? [{ name: 'global minimum', type: 'scatter', symbol: 'diamond', symbolSize: 14, itemStyle: { color: '#ffffff', borderColor: '#000', borderWidth: 1 }, data: [[l.minimum.b, l.minimum.ac]] }] : []),
    ],
  }
}

/** A mode's strength a·c over training: simulated gradient descent beside the closed form (PROCA eq. for a c(t)). */
export function modesOption(series: Record<string, Series>): EChartsCoreOption {
  const names = ['ac_simulated', 'ac_closed_form', 'b_curve'].filter((n) => series[n])
  return {
    grid: { left: 64, right: 24, top: 36, bottom: 48 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatNumber(v) },
    legend: { top: 0 },
    xAxis: { type: 'value', name: 'training step', nameLocation: 'middle', nameGap: 30 },
    yAxis: { type: 'value', name: 'a·c', nameLocation: 'middle', nameGap: 44, scale: true },
    series: names.map((n) => ({
      name: seriesLabel(n),
      type: 'line',
      showSymbol: false,
      lineStyle: { type: n === 'ac_closed_form' ? 'dashed' : 'solid', width: n === 'ac_closed_form' ? 2.5 : 1.5 },
      data: series[n].y.map((y, i) => [series[n].x?.[i] ?? i, y]),
    })),
  }
}
