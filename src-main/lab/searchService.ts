/**
 * The lab service's boundary searches: the budget before launch, launching one on the app's scheduler (driven in
 * the background, an event after every round so the figures update live), and its state with figure data.
 */
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

/** Store the search and drive it in the background; `changed` fires after each round and at the end. */
export function launchSearch(store: Store, scheduler: Scheduler, request: ParsedRequest, meta: { preset: string | null; scale: Scale | null }, changed: (sweepId: string) => void): SearchView {
  const sweepId = createStoredSearch(store, toInput(request), meta, runMemoryLimit())
  void driveSearch(store, scheduler, sweepId, { planOptions: runMemoryLimit(), onRound: () => changed(sweepId) })
    .catch(() => undefined)
    .finally(() => changed(sweepId))
  return searchView(store, sweepId)
}

/** Resuming a search continues its rounds (the Runs view's Resume on a search sweep); false when it is not one. */
export function resumeIfSearch(store: Store, scheduler: Scheduler, sweepId: string, changed: (sweepId: string) => void): boolean {
  if (!isSearch(store, sweepId)) return false
  void driveSearch(store, scheduler, sweepId, { planOptions: runMemoryLimit(), onRound: () => changed(sweepId) })
    .catch(() => undefined)
    .finally(() => changed(sweepId))
  return true
}
