/**
 * The lab service's boundary searches: the budget before launch, launching one on the app's scheduler (driven in
 * the background, an event after every round so the figures update live), and its state with figure data.
 */
import type { LabEvent } from '../../src-shared/api/lab'
import type { SearchBudget, SearchRequest, SearchView } from '../../src-shared/api/search'
import { estimateSeconds, type Calibration } from '../../src-shared/analysis/estimate'
import { NON_MONOTONE_EXTRA, planSearch, type SearchInput } from '../../src-shared/search'
import type { Scale } from '../../src-shared/spec/experiment'
import type { Scheduler } from '../runner'
import { runMemoryLimit } from '../runner/memoryLimit'
import { createStoredSearch, driveSearch } from '../search/driveSearch'
import { searchFigureData } from '../search/searchFigures'
import { isSearch, loadSearch } from '../store/searches'
import type { Store } from '../store'

type ParsedRequest = Omit<SearchRequest, 'settings'> & { settings?: SearchRequest['settings'] }

const toInput = (request: ParsedRequest): SearchInput => ({
  title: request.title,
  base: request.base,
  outer: request.outer,
  inner: request.inner,
  seeds: request.seeds,
  settings: request.settings ?? {},
})

export function searchBudget(request: ParsedRequest, calibration: Calibration, workers: number): SearchBudget {
  const plan = planSearch(toInput(request), runMemoryLimit())
  const { outerCount, innerCount, seedCount, verify } = plan.shape
  // Bisection over n values takes ⌈log2(n + 1)⌉ probes; each chain then verifies (more when it turns out non-monotone).
  const perChain = Math.ceil(Math.log2(innerCount + 1)) + verify + NON_MONOTONE_EXTRA
  const maxRuns = Math.min(plan.grid.length, outerCount * seedCount * perChain)
  const perRun = estimateSeconds(plan.grid.map((r) => r.spec), calibration, 1).perRun
  return { gridRuns: plan.grid.length, maxRuns, estimatedSeconds: (maxRuns * perRun) / Math.max(1, workers), workers }
}

export function searchView(store: Store, sweepId: string): SearchView {
  const search = loadSearch(store, sweepId)
  if (!search) throw Object.assign(new Error(`no search "${sweepId}"`), { status: 404 })
  const state = search.state
  return {
    sweepId,
    status: search.status,
    outer: search.input.outer?.path ?? null,
    inner: search.input.inner?.path ?? 'data.length',
    until: search.input.settings?.until ?? 'extrapolates',
    points: state?.points ?? [],
    runs: state?.runs ?? 0,
    gridRuns: state?.gridRuns ?? 0,
    rounds: search.rounds,
    figures: searchFigureData(store, sweepId),
  }
}

/**
 * Is this sweep a search between rounds? Each round ends the scheduler's work on the sweep, which is not the end of
 * the search: the service passes on no 'sweep-finished' for it, and raises one when the search itself ends.
 */
export function isSearchRound(store: Store, sweepId: string): boolean {
  return isSearch(store, sweepId) && loadSearch(store, sweepId)!.status === 'searching'
}

/** The search's one 'sweep-finished' event, with the sweep's final counts. */
function searchFinished(store: Store, sweepId: string): LabEvent | null {
  const summary = store.getSweepSummary(sweepId)
  return summary ? { type: 'sweep-finished', sweepId, title: summary.title, status: summary.status, counts: summary.counts } : null
}

/** Drive a stored search in the background: 'sweep-changed' after every round, one 'sweep-finished' at its end. */
function drive(store: Store, scheduler: Scheduler, sweepId: string, fire: (event: LabEvent) => void): void {
  const changed = () => fire({ type: 'sweep-changed', sweepId })
  void driveSearch(store, scheduler, sweepId, { planOptions: runMemoryLimit(), onRound: changed })
    .catch(() => undefined)
    .finally(() => {
      changed()
      const end = isSearchRound(store, sweepId) ? null : searchFinished(store, sweepId)
      if (end) fire(end)
    })
}

/** Store the search and drive it in the background. */
export function launchSearch(store: Store, scheduler: Scheduler, request: ParsedRequest, meta: { preset: string | null; scale: Scale | null }, fire: (event: LabEvent) => void): SearchView {
  const sweepId = createStoredSearch(store, toInput(request), meta, runMemoryLimit())
  drive(store, scheduler, sweepId, fire)
  return searchView(store, sweepId)
}

/** Resuming a search continues its rounds (the Runs view's Resume on a search sweep); false when it is not one. */
export function resumeIfSearch(store: Store, scheduler: Scheduler, sweepId: string, fire: (event: LabEvent) => void): boolean {
  if (!isSearch(store, sweepId)) return false
  drive(store, scheduler, sweepId, fire)
  return true
}
