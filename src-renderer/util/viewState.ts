/**
 * Each view's state as URL parameters and back (pure: no DOM), so a view can be linked, reloaded and saved.
 * Defaults are left out, so a plain link stays short; a query longer than MAX_QUERY is replaced by a saved-view id.
 */
import type { RunSort } from '../../src-shared/query/runQuery'

export type Params = Record<string, string>

/** Longer queries (hundreds of run ids) go into a saved view and the URL holds its id. */
export const MAX_QUERY = 400

export interface CompareState {
  sweepId: string | null
  runIds: string[]
  /** The metric chart's x: a swept param or spec path. */
  groupBy: string
  /** Lines and bands per value of this key (sweep, tags, a spec path). */
  splitBy: string
  metrics: string[]
  curve: string
  xAxis: string
  smoothing: number
  band: 'mean-std' | 'median-range'
  logY: boolean
  logX: boolean
  heat: { x: string; y: string; metric: string } | null
}

export const COMPARE_DEFAULTS: CompareState = {
  sweepId: null,
  runIds: [],
  groupBy: '',
  splitBy: '',
  metrics: [],
  curve: 'loss_curve',
  xAxis: 'step',
  smoothing: 0,
  band: 'mean-std',
  logY: true,
  logX: false,
  heat: null,
}

const list = (text: string | undefined) => (text ? text.split(',').filter(Boolean) : [])

export function compareToParams(state: CompareState): Params {
  const d = COMPARE_DEFAULTS
  const out: Params = {}
  if (state.sweepId) out.sweep = state.sweepId
  else if (state.runIds.length) out.runs = state.runIds.join(',')
  if (state.groupBy) out.x = state.groupBy
  if (state.splitBy) out.split = state.splitBy
  if (state.metrics.length) out.metrics = state.metrics.join(',')
  if (state.curve !== d.curve) out.curve = state.curve
  if (state.xAxis !== d.xAxis) out.against = state.xAxis
  if (state.smoothing !== d.smoothing) out.smooth = String(state.smoothing)
  if (state.band !== d.band) out.band = state.band
  if (state.logY !== d.logY) out.logy = state.logY ? '1' : '0'
  if (state.logX !== d.logX) out.logx = state.logX ? '1' : '0'
  if (state.heat) out.heat = [state.heat.x, state.heat.y, state.heat.metric].join(',')
  return out
}

export function compareFromParams(params: Params): CompareState {
  const d = COMPARE_DEFAULTS
  const smoothing = Number(params.smooth)
  const heat = list(params.heat)
  return {
    sweepId: params.sweep || null,
    runIds: params.sweep ? [] : list(params.runs),
    groupBy: params.x ?? '',
    splitBy: params.split ?? '',
    metrics: list(params.metrics),
    curve: params.curve || d.curve,
    xAxis: params.against || d.xAxis,
    smoothing: Number.isFinite(smoothing) && smoothing >= 0 && smoothing < 1 ? smoothing : d.smoothing,
    band: params.band === 'median-range' ? 'median-range' : d.band,
    logY: params.logy === undefined ? d.logY : params.logy === '1',
    logX: params.logx === undefined ? d.logX : params.logx === '1',
    heat: heat.length === 3 ? { x: heat[0], y: heat[1], metric: heat[2] } : null,
  }
}

export interface RunsState {
  sweepId: string | null
  status: string
  query: string
  sort: RunSort | null
  columns: string[]
  trash: boolean
}

export function runsToParams(state: RunsState): Params {
  const out: Params = {}
  if (state.sweepId) out.sweep = state.sweepId
  if (state.status) out.status = state.status
  if (state.query.trim()) out.q = state.query.trim()
  if (state.sort) out.sort = `${state.sort.dir === 'desc' ? '-' : ''}${state.sort.key}`
  out.cols = state.columns.join(',')
  if (state.trash) out.trash = '1'
  return out
}

/** Fields the URL does not name are left out (undefined): the view keeps what it had. */
export function runsFromParams(params: Params): Partial<RunsState> {
  const sort = params.sort ? { key: params.sort.replace(/^-/, ''), dir: params.sort.startsWith('-') ? ('desc' as const) : ('asc' as const) } : null
  return {
    sweepId: params.sweep || null,
    status: params.status ?? '',
    query: params.q ?? '',
    sort: sort && sort.key ? sort : null,
    ...(params.cols !== undefined ? { columns: list(params.cols) } : {}),
    trash: params.trash === '1',
  }
}

/** Parameters as a query string, keys in a stable order (so equal states give equal URLs). */
export function toQuery(params: Params): string {
  return new URLSearchParams(Object.entries(params).sort(([a], [b]) => a.localeCompare(b))).toString()
}
