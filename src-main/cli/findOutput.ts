/** What `find` prints: the JSON document (`--json`) and a table, both from the search's stored state. */
import { loadSearch } from '../store/searches'
import type { Store } from '../store/store'
import type { SearchPoint } from '../../src-shared/search'

export interface SearchReport {
  sweep: { id: string; preset: string | null; scale: string | null; title: string; status: string }
  outer: string | null
  inner: string
  until: string
  direction: 'up' | 'down'
  points: Array<Pick<SearchPoint, 'value' | 'kStar' | 'bracket' | 'perSeed' | 'runs' | 'nonMonotone' | 'note'>>
  runs: number
  gridRuns: number
  rounds: number
  reason: string | null
}

export function searchReport(store: Store, sweepId: string): SearchReport {
  const search = loadSearch(store, sweepId)
  const sweep = store.getSweep(sweepId)
  if (!search || !sweep) throw new Error(`no search "${sweepId}"`)
  const settings = search.input.settings ?? {}
  const state = search.state
  return {
    sweep: { id: sweep.id, preset: sweep.preset, scale: sweep.scale, title: sweep.title, status: search.status },
    outer: search.input.outer?.path ?? null,
    inner: search.input.inner?.path ?? 'data.length',
    until: settings.until ?? 'extrapolates',
    direction: settings.direction ?? 'up',
    points: (state?.points ?? []).map(({ value, kStar, bracket, perSeed, runs, nonMonotone, note }) => ({ value, kStar, bracket, perSeed, runs, nonMonotone, note })),
    runs: state?.runs ?? 0,
    gridRuns: state?.gridRuns ?? 0,
    rounds: search.rounds,
    reason: state?.reason ?? null,
  }
}

export function formatSearchTable(report: SearchReport): string {
  const head = `search ${report.sweep.id}: ${report.sweep.title} (${report.until}, ${report.direction})\n`
  const rows = report.points.map((p) => {
    const k = p.kStar === null ? (p.note ?? 'not settled') : `k* = ${p.kStar}  bracket [${p.bracket[0] ?? '—'}, ${p.bracket[1]}]`
    const seeds = Object.entries(p.perSeed).map(([s, v]) => `${s}:${v ?? '—'}`).join(' ')
    const flag = p.nonMonotone.length > 0 ? `  NON-MONOTONE (${p.nonMonotone.map((n) => `seed ${n.seed} passes at ${n.value}`).join(', ')})` : ''
    return `${report.outer ?? ''}${report.outer ? ` = ${JSON.stringify(p.value)}: ` : ''}${k}  per seed ${seeds}  (${p.runs} runs)${flag}`
  })
  const pct = report.gridRuns > 0 ? ` (${((100 * report.runs) / report.gridRuns).toFixed(0)}% of the grid's ${report.gridRuns})` : ''
  return `${head}${rows.join('\n')}\n${report.runs} runs in ${report.rounds} rounds${pct}\n`
}
