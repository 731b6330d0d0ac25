/**
 * Creating a sweep in bounded transactions: a 200,000-run sweep written in one transaction would hold the write lock
 * for many seconds and make every other writer on the file (the app, a CLI) fail. The sweep row is written first as
 * 'creating' (hidden from lists, owned by this process), its runs in chunks, then it becomes 'queued'. A process
 * that dies half-way leaves a 'creating' sweep, deleted with its runs at the next start (Store recovery).
 */
import type Database from 'better-sqlite3'
import type { Scale, SweepSpec } from '../../src-shared/spec/experiment'
import type { PlannedRun } from '../../src-shared/spec/sweep'
import type { StoredSweep } from './types'
import { fillRunParams } from './migrations'

export interface NewSweep {
  preset: string | null
  scale: Scale | null
  title: string
  spec: SweepSpec
  runs: PlannedRun[]
}

/** What creating a sweep needs of the Store (declared here so that store.ts and this module do not import each other). */
export interface SweepWriter {
  readonly db: Database.Database
  readonly ownerPid: number
  transaction<T>(fn: () => T): T
  nextId(kind: 's' | 'r' | 'd'): string
}

/** Runs per transaction: well under a second of lock even with the params indexed (about 0.5 ms a run). */
export const SWEEP_INSERT_CHUNK = 500

export function insertSweep(store: SweepWriter, input: NewSweep): { sweep: StoredSweep; runIds: string[] } {
  const { db } = store
  const createdAt = Date.now()
  const id = store.transaction(() => {
    const sweepId = store.nextId('s')
    db.prepare(`INSERT INTO sweeps (id, preset, scale, title, spec, created_at, status, owner_pid) VALUES (?, ?, ?, ?, ?, ?, 'creating', ?)`).run(
      sweepId, input.preset, input.scale, input.title, JSON.stringify(input.spec), createdAt, store.ownerPid,
    )
    return sweepId
  })
  const runIds: string[] = []
  try {
    const insertRun = db.prepare(`INSERT INTO runs (id, sweep_id, idx, params, spec, seed, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?)`)
    // The indexed params (run_params) of the chunk's runs, found by their rowid range (a range scan, not the sweep's
    // runs so far: that would make a large sweep quadratic).
    const indexParams = fillRunParams('r.rowid BETWEEN ? AND ?').map((sql) => db.prepare(sql))
    for (let start = 0; start < input.runs.length; start += SWEEP_INSERT_CHUNK) {
      const chunk = input.runs.slice(start, start + SWEEP_INSERT_CHUNK)
      store.transaction(() => {
        let first = 0
        let last = 0
        for (const run of chunk) {
          const runId = store.nextId('r')
          last = Number(insertRun.run(runId, id, run.index, JSON.stringify(run.params), JSON.stringify(run.spec), run.spec.seed, createdAt).lastInsertRowid)
          if (first === 0) first = last
          runIds.push(runId)
        }
        for (const statement of indexParams) statement.run(first, last)
      })
    }
    store.transaction(() => db.prepare(`UPDATE sweeps SET status = 'queued', owner_pid = NULL WHERE id = ?`).run(id))
  } catch (error) {
    // Nothing half-written stays: the runs go with the sweep (ON DELETE CASCADE).
    store.transaction(() => db.prepare(`DELETE FROM sweeps WHERE id = ?`).run(id))
    throw error
  }
  const sweep: StoredSweep = {
    id, preset: input.preset, scale: input.scale, title: input.title, spec: input.spec, createdAt, status: 'queued', note: null, tags: [], deletedAt: null,
  }
  return { sweep, runIds }
}

/** Sweeps left 'creating' by a process that is gone (their runs are deleted with them). */
export function removeAbandonedSweeps(store: SweepWriter, alive: (pid: number | null) => boolean): number {
  const rows = store.db.prepare(`SELECT id, owner_pid FROM sweeps WHERE status = 'creating'`).all() as Array<{ id: string; owner_pid: number | null }>
  const dead = rows.filter((r) => !alive(r.owner_pid))
  for (const { id } of dead) store.db.prepare(`DELETE FROM sweeps WHERE id = ?`).run(id)
  return dead.length
}
