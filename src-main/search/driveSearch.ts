/**
 * Running a boundary search on the scheduler: round after round, the probes nextRound asks for become runs of the
 * search's sweep, the scheduler trains them, and their outcomes decide the next round. Everything the next round
 * depends on is in the store, so a search started again (`find --resume`, the app after a restart) continues where
 * it stopped: a round's unfinished runs are finished first, and no point is ever probed twice.
 */
import type { Scale } from '../../src-shared/spec/experiment'
import { nextRound, parsePredicate, planSearch, probeAt, searchPoints, gridIndex, type ProbeRecord, type SearchInput, type SearchPlan } from '../../src-shared/search'
import type { SweepCheckOptions } from '../../src-shared/spec/sweep'
import { parseSweepSpec } from '../../src-shared/spec/sweep'
import type { Scheduler } from '../runner/scheduler'
import type { Store } from '../store/store'
import { storedSearchDatasets } from '../datasets/refs'
import { addRound, createSearch, loadSearch, saveSearchState, type SearchState, type StoredSearch } from '../store/searches'

export interface SearchRoundEvent {
  sweepId: string
  round: number
  /** Probes this round queued. */
  probes: number
  state: SearchState
}

export interface DriveOptions {
  /** Called after every round's outcomes are in (and once at the start): live figures and progress. */
  onRound?(event: SearchRoundEvent): void
  planOptions?: SweepCheckOptions
}

export interface SearchOutcome {
  sweepId: string
  status: 'done' | 'stopped'
  state: SearchState
}

/** Check and store a new search (SpecError naming the field before anything is written); returns its sweep id. */
export function createStoredSearch(store: Store, searchInput: SearchInput, meta: { preset: string | null; scale: Scale | null }, planOptions: SweepCheckOptions = {}): string {
  // its datasets by id, as a sweep's (a CSV path was imported by the caller where paths are allowed)
  const input = storedSearchDatasets(store, searchInput, meta.preset ?? 'search')
  const plan = planSearch(input, { ...planOptions, where: meta.preset ?? 'search' })
  return createSearch(store, { preset: meta.preset, scale: meta.scale, title: input.title ?? 'Boundary search', input, spec: parseSweepSpec(plan.sweep) })
}

/** Every probe with its outcome (null until its run is done) under the plan's predicate. */
export function probeHistory(store: Store, plan: SearchPlan, search: StoredSearch): ProbeRecord[] {
  const predicate = parsePredicate(plan.settings.until)
  const metrics = store.sweepMetrics(search.sweepId)
  return search.probes.map((p) => ({
    ...probeAt(plan.shape, p.index),
    purpose: p.purpose,
    pass: p.status === 'done' ? predicate.holds(metrics.get(p.runId) ?? {}) : null,
  }))
}

export function stateOf(plan: SearchPlan, history: readonly ProbeRecord[], reason: string | null): SearchState {
  return {
    points: searchPoints({ outer: plan.outer, inner: plan.inner, seeds: plan.seeds, shape: plan.shape }, history),
    runs: history.length,
    gridRuns: plan.grid.length,
    reason,
  }
}

/** The next round's probes and the state they start from; with none left the search is saved as done and its sweep settled. */
export function nextProbes(store: Store, sweepId: string, plan: SearchPlan, search: StoredSearch): { state: SearchState; probes: ReturnType<typeof nextRound> } {
  const history = probeHistory(store, plan, search)
  const state = stateOf(plan, history, null)
  const probes = nextRound(plan.shape, history)
  if (probes.length === 0) {
    saveSearchState(store, sweepId, 'done', state)
    store.settleSweepStatus(sweepId)
  }
  return { state, probes }
}

/**
 * Drive a stored search to its end on the scheduler. Runs a killed process left unfinished are run again once; a
 * probe that fails after that stops the search (status 'stopped', the run's reason saved) rather than guessing.
 */
export async function driveSearch(store: Store, scheduler: Scheduler, sweepId: string, options: DriveOptions = {}): Promise<SearchOutcome> {
  let search = loadSearch(store, sweepId)
  if (!search) throw new Error(`no search "${sweepId}"`)
  const plan = planSearch(search.input, options.planOptions)
  let round = search.rounds
  let retried = false
  for (;;) {
    search = loadSearch(store, sweepId)!
    const unfinished = search.probes.filter((p) => p.status !== 'done')
    if (unfinished.length > 0) {
      if (retried) {
        const run = store.getRun(unfinished[0].runId)
        const reason = `run ${unfinished[0].runId} ${run?.status ?? 'missing'}: ${run?.reason ?? 'no reason recorded'}`
        const state = stateOf(plan, probeHistory(store, plan, search), reason)
        saveSearchState(store, sweepId, 'stopped', state)
        return { sweepId, status: 'stopped', state }
      }
      retried = true
      scheduler.resume(sweepId)
      await scheduler.waitForSweep(sweepId)
      continue
    }
    const { state, probes } = nextProbes(store, sweepId, plan, search)
    if (probes.length === 0) {
      options.onRound?.({ sweepId, round, probes: 0, state })
      return { sweepId, status: 'done', state }
    }
    saveSearchState(store, sweepId, 'searching', state)
    round++
    addRound(store, sweepId, round, probes.map((p) => ({ run: plan.grid[gridIndex(plan.shape, p)], purpose: p.purpose })))
    options.onRound?.({ sweepId, round, probes: probes.length, state })
    // Only this round's runs are queued, so resume starts exactly them; a round's own failures are not retried.
    retried = true
    scheduler.resume(sweepId)
    await scheduler.waitForSweep(sweepId)
  }
}
