/**
 * The run store: one SQLite file (WAL) holding sweeps, runs, their results and datasets. Only the main process opens
 * it; workers send results and the scheduler writes each run's results in one transaction.
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { tmpdir } from 'node:os'
import type { EncodedRunResult, MetricValue, ModelSnapshot, RunResult, Series } from '../../src-shared/api/results'
import type { ExperimentSpec } from '../../src-shared/spec/experiment'
import type { RunStatus, SweepStatus } from '../../src-shared/api/status'
import type { RunFilter, StoredRun, StoredRunDetail, StoredRunPage, StoredSweep, StoredSweepSummary } from './types'
import { migrate, SCHEMA_VERSION } from './migrations'
import { checkStoreFile } from './storeFile'
import { asStoreFault, limitStoreGrowthForTests } from './storeFault'
import { isProcessAlive } from './process'
import { removeAbandonedImports } from './dataDir'
import { BUSY_TIMEOUT_MS, retryWhileBusy, unlessBusy } from './busy'
import { insertSweep, type NewSweep, removeAbandonedSweeps } from './sweepCreation'
import { countRuns, emptyCounts, runFromRow, sweepSummaryFromRow, RUN_COLUMNS, type RunRecord, sweepFromRow, type SweepRecord } from './rows'
import { runsQuery } from './runQuery'
import { columnValues, knownColumnKinds, listRunColumns } from './columns'
import { checkQueryNames } from './queryNames'
import { parseRunQuery } from '../../src-shared/query/runQuery'
import { deleteRunResults, metricsFor, runModels, runSeries, sweepMetricsFor, writeRunResults } from './results'

export type { NewSweep }

export interface OpenOptions {
  /** The process that owns runs this store marks running (default: this process). */
  ownerPid?: number
  /** Fail runs left running by a process that is gone (default true). */
  recover?: boolean
  /** better-sqlite3's compiled addon to load instead of the default (the desktop app's Electron-ABI build). */
  nativeBinding?: string
  /** Create the store's folder when it is missing (the app's own data folder); a path the user gave must be in an existing folder. */
  createFolder?: boolean
}

export interface Recovered {
  runs: number
  sweeps: number
}

export class Store {
  readonly db: Database.Database
  /** Dataset binaries live here, beside the database file. */
  readonly dataDir: string
  readonly ownerPid: number
  /** What recovery found when the store was opened. */
  readonly recovered: Recovered

  private constructor(readonly file: string, options: OpenOptions) {
    if (file !== ':memory:') {
      // refuse a file that is not this lab's before anything (even the journal mode) is written to it
      checkStoreFile(file, { schemaVersion: SCHEMA_VERSION, createFolder: options.createFolder, nativeBinding: options.nativeBinding })
      if (options.createFolder) mkdirSync(dirname(resolve(file)), { recursive: true })
    }
    this.db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = NORMAL')
    this.db.pragma('foreign_keys = ON')
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    this.ownerPid = options.ownerPid ?? process.pid
    this.dataDir =
      file === ':memory:'
        ? join(tmpdir(), `impulse-lab-data-${process.pid}`)
        : join(dirname(resolve(file)), `${basename(file).replace(/\.[^.]*$/, '')}-data`)
    try {
      retryWhileBusy(() => migrate(this.db))
      this.recovered = options.recover === false ? { runs: 0, sweeps: 0 } : this.recoverInterrupted()
      limitStoreGrowthForTests(this.db)
    } catch (error) {
      this.db.close()
      throw asStoreFault(error, file)
    }
    if (options.recover !== false) removeAbandonedImports(this.dataDir)
  }

  /** Open (creating and migrating if needed) the store in `file`. */
  static open(file: string, options: OpenOptions = {}): Store {
    return new Store(file, options)
  }

  close(): void {
    this.db.close()
  }

  private readonly statements = new Map<string, Database.Statement>()

  /** A prepared statement kept for the store's lifetime (the ones run for every run of a sweep: preparing costs more than running). */
  private readonly cached = (sql: string): Database.Statement => {
    let statement = this.statements.get(sql)
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)))
    return statement
  }

  /**
   * Run `fn` in one transaction: everything it writes lands, or nothing does if it throws. While another process
   * holds the write lock the transaction waits and is tried again (busy.ts); it never starts half-way.
   */
  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return this.db.transaction(fn)()
    return retryWhileBusy(() => this.db.transaction(fn).immediate())
  }

  /** A short readable id: the kind's letter and a base-36 counter (s1, r2s, d3), unique within this store. */
  nextId(kind: 's' | 'r' | 'd'): string {
    const row = this.cached(
      `INSERT INTO counters (kind, value) VALUES (?, 1)
       ON CONFLICT (kind) DO UPDATE SET value = value + 1 RETURNING value`,
    ).get(kind) as { value: number }
    return kind + row.value.toString(36)
  }

  // ---- sweeps -------------------------------------------------------------------------------------------------------

  /** Create a sweep and all its runs (queued), in bounded transactions (sweepCreation.ts). */
  createSweep(input: NewSweep): { sweep: StoredSweep; runIds: string[] } {
    return insertSweep(this, input)
  }

  getSweep(id: string): StoredSweep | undefined {
    const row = this.cached(`SELECT * FROM sweeps WHERE id = ?`).get(id) as SweepRecord | undefined
    return row && sweepFromRow(row, this.tagsOf([id]).get(id))
  }

  /** Every sweep (or, with trash, every deleted one), newest first, with its runs counted by status. */
  listSweeps(options: { trash?: boolean } = {}): StoredSweepSummary[] {
    const rows = this.db
      .prepare(
        `SELECT id, preset, scale, title, created_at, status, note, deleted_at FROM sweeps
         WHERE deleted_at IS ${options.trash ? 'NOT NULL' : 'NULL'} AND status != 'creating' ORDER BY created_at DESC, rowid DESC`,
      )
      .all() as SweepRecord[]
    const tags = this.tagsOf(rows.map((r) => r.id))
    const counts = this.db.prepare(`SELECT sweep_id, status, count(*) AS n FROM runs GROUP BY sweep_id, status`).all() as Array<{
      sweep_id: string
      status: RunStatus
      n: number
    }>
    const bySweep = new Map(rows.map((row) => [row.id, sweepSummaryFromRow(row, tags.get(row.id))]))
    for (const { sweep_id, status, n } of counts) {
      const summary = bySweep.get(sweep_id)
      if (summary) countRuns(summary, status, n)
    }
    return [...bySweep.values()]
  }

  getSweepSummary(id: string): StoredSweepSummary | undefined {
    const sweep = this.getSweep(id)
    if (!sweep) return undefined
    const { spec: _spec, ...rest } = sweep
    const summary: StoredSweepSummary = { ...rest, counts: emptyCounts(), total: 0 }
    const counts = this.cached(`SELECT status, count(*) AS n FROM runs WHERE sweep_id = ? GROUP BY status`).all(id) as Array<{
      status: RunStatus
      n: number
    }>
    for (const { status, n } of counts) countRuns(summary, status, n)
    return summary
  }

  setSweepStatus(id: string, status: SweepStatus): void {
    const owner = status === 'running' ? this.ownerPid : null
    retryWhileBusy(() => this.cached(`UPDATE sweeps SET status = ?, owner_pid = ? WHERE id = ?`).run(status, owner, id))
  }

  /** Settle a sweep's status from its runs once none is queued or running (failed > cancelled > done). */
  settleSweepStatus(id: string): SweepStatus | undefined {
    const summary = this.getSweepSummary(id)
    if (!summary) return undefined
    const { counts } = summary
    if (counts.queued > 0 || counts.running > 0) return summary.status
    const status: SweepStatus = counts.failed > 0 ? 'failed' : counts.cancelled > 0 ? 'cancelled' : 'done'
    this.setSweepStatus(id, status)
    return status
  }

  /** Delete a sweep with its runs and their results. */
  deleteSweep(id: string): boolean {
    return this.transaction(() => this.db.prepare(`DELETE FROM sweeps WHERE id = ?`).run(id).changes > 0)
  }

  // ---- runs ---------------------------------------------------------------------------------------------------------

  getRun(id: string): StoredRun | undefined {
    const row = this.cached(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`).get(id) as RunRecord | undefined
    return row && runFromRow(row, this.tagsOf([id]).get(id))
  }

  /** Tags of runs or sweeps, by id (ids without tags are left out). */
  tagsOf(ids: string[]): Map<string, string[]> {
    const out = new Map<string, string[]>()
    if (ids.length === 0) return out
    const rows = this
      .cached(`SELECT item_id, tag FROM tags WHERE item_id IN (SELECT value FROM json_each(?)) ORDER BY tag`)
      .all(JSON.stringify(ids)) as Array<{ item_id: string; tag: string }>
    for (const { item_id, tag } of rows) out.set(item_id, [...(out.get(item_id) ?? []), tag])
    return out
  }

  getRunSpec(id: string): ExperimentSpec | undefined {
    const row = this.cached(`SELECT spec FROM runs WHERE id = ?`).get(id) as { spec: string } | undefined
    return row && (JSON.parse(row.spec) as ExperimentSpec)
  }

  /** A run with its spec, metrics, series and model snapshots. */
  getRunDetail(id: string): StoredRunDetail | undefined {
    const run = this.getRun(id)
    const spec = this.getRunSpec(id)
    if (!run || !spec) return undefined
    return { ...run, spec, metrics: this.getMetrics(id), series: this.getSeries(id), models: this.getModels(id) }
  }

  /**
   * One page of runs matching a filter and a run query (a QueryError for a bad one), sorted by any column.
   * Without a sort, runs of a sweep come by index, and across sweeps newest first unless order = 'oldest'.
   */
  listRuns(filter: RunFilter = {}): StoredRunPage {
    const where = typeof filter.where === 'string' ? parseRunQuery(filter.where) : filter.where
    if (where) checkQueryNames(where, listRunColumns(this.db), typeof filter.where === 'string' ? filter.where : '')
    const query = runsQuery({ ...filter, where }, knownColumnKinds(this.db))
    const page = this.db.prepare(query.sql).all(...query.args) as Array<{ rowid: number; total?: number }>
    const rowids = page.map((r) => r.rowid)
    const byRowid = new Map(
      (this.db.prepare(`SELECT rowid AS rowid, ${RUN_COLUMNS} FROM runs WHERE rowid IN (SELECT value FROM json_each(?))`).all(JSON.stringify(rowids)) as Array<RunRecord & { rowid: number }>).map((r) => [r.rowid, r]),
    )
    const rows = rowids.map((rowid) => byRowid.get(rowid)!)
    const n = query.counts && page.length > 0 ? page[0].total! : (this.db.prepare(query.countSql).get(...query.countArgs) as { n: number }).n
    const ids = rows.map((r) => r.id)
    const tags = this.tagsOf(ids)
    const values = filter.columns?.length ? columnValues(this.db, ids, filter.columns) : {}
    return { runs: rows.map((r) => runFromRow(r, tags.get(r.id))), total: n, values }
  }

  /** Every run of a sweep by index. */
  sweepRuns(sweepId: string): StoredRun[] {
    const rows = this.db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE sweep_id = ? ORDER BY idx`).all(sweepId) as RunRecord[]
    const tags = this.tagsOf(rows.map((r) => r.id))
    return rows.map((r) => runFromRow(r, tags.get(r.id)))
  }

  /** Mark a queued run running for this process. False when it is no longer queued (cancelled meanwhile). */
  claimRun(id: string, codeVersion: string): boolean {
    const claim = this.cached(
        `UPDATE runs SET status = 'running', reason = NULL, started_at = ?, finished_at = NULL, elapsed_ms = NULL,
           step = 0, total_steps = NULL, loss = NULL, code_version = ?, owner_pid = ?, worker_pid = NULL
         WHERE id = ? AND status = 'queued'`,
    )
    return retryWhileBusy(() => claim.run(Date.now(), codeVersion, this.ownerPid, id)).changes > 0
  }

  setWorkerPid(id: string, pid: number | null): void {
    retryWhileBusy(() => this.cached(`UPDATE runs SET worker_pid = ? WHERE id = ?`).run(pid, id))
  }

  /** Record a run's progress; skipped (false) while another process holds the write lock: the next report comes soon. */
  updateProgress(id: string, step: number, totalSteps: number, loss: number | null): boolean {
    const update = this.cached(`UPDATE runs SET step = ?, total_steps = ?, loss = ? WHERE id = ? AND status = 'running'`)
    return unlessBusy(this.db, () => update.run(step, totalSteps, loss !== null && Number.isFinite(loss) ? loss : null, id))
  }

  /**
   * Store a finished run's results and mark it done (failed with its reason when the result carries a failure, a
   * diverged loss say, its curves kept), all in one transaction. Returns false (and writes nothing) when the run is
   * no longer running, e.g. it was cancelled while its worker finished.
   */
  finishRun(id: string, result: RunResult | EncodedRunResult, elapsedMs: number): boolean {
    return this.transaction(() => {
      const finalLoss = result.metrics.final_loss
      const changed = this.cached(
        `UPDATE runs SET status = ?, reason = ?, warnings = ?, step = ?, loss = ?, finished_at = ?, elapsed_ms = ?
         WHERE id = ? AND status = 'running'`,
      )
        .run(
          result.failure ? 'failed' : 'done',
          result.failure ?? null,
          JSON.stringify(result.warnings),
          result.steps,
          typeof finalLoss === 'number' && Number.isFinite(finalLoss) ? finalLoss : null,
          Date.now(),
          elapsedMs,
          id,
        ).changes
      if (changed === 0) return false
      deleteRunResults(this.cached, id)
      writeRunResults(this.cached, id, result)
      return true
    })
  }

  /** Mark a running or queued run failed with a reason. False when it had already finished or been cancelled. */
  failRun(id: string, reason: string): boolean {
    const fail = this.cached(
      `UPDATE runs SET status = 'failed', reason = ?, finished_at = ?,
         elapsed_ms = CASE WHEN started_at IS NULL THEN NULL ELSE ? - started_at END
       WHERE id = ? AND status IN ('queued', 'running')`,
    )
    return retryWhileBusy(() => fail.run(reason, Date.now(), Date.now(), id)).changes > 0
  }

  /** Cancel queued or running runs; returns the ids whose status changed (stop their workers). */
  cancelRuns(ids: string[], reason = 'cancelled'): string[] {
    return this.transaction(() => {
      const update = this.db.prepare(
        `UPDATE runs SET status = 'cancelled', reason = ?, finished_at = ? WHERE id = ? AND status IN ('queued', 'running')`,
      )
      return ids.filter((id) => update.run(reason, Date.now(), id).changes > 0)
    })
  }

  /** Ids of a sweep's runs in the given statuses, by index. */
  sweepRunIds(sweepId: string, statuses: RunStatus[]): string[] {
    const rows = this.db
      .prepare(`SELECT id FROM runs WHERE sweep_id = ? AND status IN (${statuses.map(() => '?').join(', ')}) ORDER BY idx`)
      .all(sweepId, ...statuses) as Array<{ id: string }>
    return rows.map((r) => r.id)
  }

  /** Queue again every run of the sweep that did not finish (failed, cancelled, queued); done runs are kept. */
  requeueUnfinished(sweepId: string): string[] {
    return this.transaction(() => {
      const ids = this.sweepRunIds(sweepId, ['failed', 'cancelled', 'queued'])
      const reset = this.db.prepare(
        `UPDATE runs SET status = 'queued', reason = NULL, warnings = '[]', step = NULL, total_steps = NULL, loss = NULL,
           started_at = NULL, finished_at = NULL, elapsed_ms = NULL, worker_pid = NULL, owner_pid = NULL WHERE id = ?`,
      )
      for (const id of ids) {
        reset.run(id)
        deleteRunResults(this.cached, id)
      }
      if (ids.length > 0) this.setSweepStatus(sweepId, 'queued')
      return ids
    })
  }

  // ---- results (read and written by results.ts) ------------------------------------------------------------------

  getMetrics(runId: string): Record<string, MetricValue> {
    return metricsFor(this.db, [runId]).get(runId) ?? {}
  }

  /** Metrics of every run of a sweep, by run id. */
  sweepMetrics(sweepId: string): Map<string, Record<string, MetricValue>> {
    return sweepMetricsFor(this.db, sweepId)
  }

  /** A run's series, all or the named ones. */
  getSeries(runId: string, names?: string[]): Record<string, Series> {
    return runSeries(this.db, runId, names)
  }

  getModels(runId: string): Record<string, ModelSnapshot> {
    return runModels(this.db, runId)
  }

  // ---- recovery -----------------------------------------------------------------------------------------------------

  /**
   * Runs left `running` by a process that is gone become failed ('interrupted'); their sweeps become 'interrupted'.
   * `resume` re-queues them. Runs owned by a live process (another CLI or the app on the same file) are left alone.
   */
  recoverInterrupted(): Recovered {
    return this.transaction(() => {
      let runs = 0
      for (const id of this.orphaned('runs')) if (this.failRun(id, 'interrupted')) runs++
      const sweeps = this.orphaned('sweeps')
      for (const id of sweeps) this.db.prepare(`UPDATE sweeps SET status = 'interrupted', owner_pid = NULL WHERE id = ?`).run(id)
      removeAbandonedSweeps(this, isProcessAlive)
      return { runs, sweeps: sweeps.length }
    })
  }

  /** Ids of the rows still 'running' whose owner process is gone. */
  private orphaned(table: 'runs' | 'sweeps'): string[] {
    const rows = this.db.prepare(`SELECT id, owner_pid FROM ${table} WHERE status = 'running'`).all() as Array<{ id: string; owner_pid: number | null }>
    return rows.filter((row) => !isProcessAlive(row.owner_pid)).map((row) => row.id)
  }
}
