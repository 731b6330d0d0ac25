/**
 * Boundary searches in the run store: a search is a sweep (its spec the full grid) whose runs are only the probed
 * cells, each an ordinary run at its grid index; its input, rounds and latest result (brackets, k*) live in the
 * searches table. A round's runs and its record land in one transaction, so a killed search resumes exactly.
 */
import type { Scale, SweepSpec } from '../../src-shared/spec/experiment'
import type { PlannedRun } from '../../src-shared/spec/sweep'
import type { RunStatus } from '../../src-shared/api/status'
import type { Purpose, SearchInput, SearchPoint } from '../../src-shared/search'
import { fillRunParams } from './migrations'
import { insertSweep } from './sweepCreation'
import type { Store } from './store'

export type SearchStatus = 'searching' | 'done' | 'stopped'

export interface StoredProbe {
  runId: string
  /** The grid index (the run's idx). */
  index: number
  round: number
  purpose: Purpose
  status: RunStatus
}

/** What a search's latest result is, as saved after each round (the app and `show` read it without recomputing). */
export interface SearchState {
  points: SearchPoint[]
  runs: number
  gridRuns: number
  /** Why a search stopped early (a probe that failed), or null. */
  reason: string | null
}

export interface StoredSearch {
  sweepId: string
  input: SearchInput
  rounds: number
  status: SearchStatus
  state: SearchState | null
  probes: StoredProbe[]
}

interface NewSearch {
  preset: string | null
  scale: Scale | null
  title: string
  input: SearchInput
  /** The grid's sweep spec (parsed). */
  spec: SweepSpec
}

/** Create the search's sweep (no runs yet) and its record; nothing is left behind if the record cannot be written. */
export function createSearch(store: Store, search: NewSearch): string {
  const { sweep } = insertSweep(store, { preset: search.preset, scale: search.scale, title: search.title, spec: search.spec, runs: [] })
  try {
    store.transaction(() => {
      store.db.prepare(`INSERT INTO searches (sweep_id, input, updated_at) VALUES (?, ?, ?)`).run(sweep.id, JSON.stringify(search.input), Date.now())
    })
  } catch (error) {
    store.deleteSweep(sweep.id)
    throw error
  }
  return sweep.id
}

/** Add a round's probes as queued runs (idx = grid index) with their round and purpose, in one transaction. */
export function addRound(store: Store, sweepId: string, round: number, probes: ReadonlyArray<{ run: PlannedRun; purpose: Purpose }>): string[] {
  const { db } = store
  const createdAt = Date.now()
  return store.transaction(() => {
    const insertRun = db.prepare(`INSERT INTO runs (id, sweep_id, idx, params, spec, seed, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?)`)
    const insertProbe = db.prepare(`INSERT INTO search_probes (run_id, sweep_id, round, purpose) VALUES (?, ?, ?, ?)`)
    const ids: string[] = []
    let [first, last] = [0, 0]
    for (const { run, purpose } of probes) {
      const id = store.nextId('r')
      last = Number(insertRun.run(id, sweepId, run.index, JSON.stringify(run.params), JSON.stringify(run.spec), run.spec.seed, createdAt).lastInsertRowid)
      if (first === 0) first = last
      insertProbe.run(id, sweepId, round, purpose)
      ids.push(id)
    }
    if (ids.length > 0) for (const sql of fillRunParams('r.rowid BETWEEN ? AND ?')) db.prepare(sql).run(first, last)
    db.prepare(`UPDATE searches SET rounds = ?, updated_at = ? WHERE sweep_id = ?`).run(round, createdAt, sweepId)
    return ids
  })
}

export function saveSearchState(store: Store, sweepId: string, status: SearchStatus, state: SearchState): void {
  store.transaction(() => {
    store.db.prepare(`UPDATE searches SET status = ?, state = ?, updated_at = ? WHERE sweep_id = ?`).run(status, JSON.stringify(state), Date.now(), sweepId)
  })
}

export function isSearch(store: Store, sweepId: string): boolean {
  return store.db.prepare(`SELECT 1 FROM searches WHERE sweep_id = ?`).get(sweepId) !== undefined
}

export function loadSearch(store: Store, sweepId: string): StoredSearch | undefined {
  const row = store.db.prepare(`SELECT input, rounds, status, state FROM searches WHERE sweep_id = ?`).get(sweepId) as
    | { input: string; rounds: number; status: SearchStatus; state: string }
    | undefined
  if (!row) return undefined
  const probes = store.db
    .prepare(
      `SELECT r.id AS runId, r.idx AS "index", p.round AS round, p.purpose AS purpose, r.status AS status
       FROM search_probes p JOIN runs r ON r.id = p.run_id WHERE p.sweep_id = ? ORDER BY p.round, r.idx`,
    )
    .all(sweepId) as StoredProbe[]
  const state = JSON.parse(row.state) as Partial<SearchState>
  return { sweepId, input: JSON.parse(row.input) as SearchInput, rounds: row.rounds, status: row.status, state: state.points ? (state as SearchState) : null, probes }
}
