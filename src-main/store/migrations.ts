/**
 * The run store's schema as an ordered list of migrations; PRAGMA user_version records how many have been applied.
 * Never edit a shipped migration: append a new one.
 */
import type Database from 'better-sqlite3'

const migrations: string[] = [
  // 1: sweeps, runs and their results, datasets, id counters.
  `
  CREATE TABLE counters (kind TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;

  CREATE TABLE sweeps (
    id TEXT PRIMARY KEY,
    preset TEXT,
    scale TEXT,
    title TEXT NOT NULL,
    spec TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    owner_pid INTEGER
  );
  CREATE INDEX sweeps_created ON sweeps (created_at);

  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    sweep_id TEXT NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    params TEXT NOT NULL,
    spec TEXT NOT NULL,
    seed INTEGER NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    warnings TEXT NOT NULL DEFAULT '[]',
    step INTEGER,
    total_steps INTEGER,
    loss REAL,
    started_at INTEGER,
    finished_at INTEGER,
    elapsed_ms REAL,
    code_version TEXT,
    worker_pid INTEGER,
    owner_pid INTEGER
  );
  -- The runs view filters by sweep and/or status and pages; these keep page one O(page size).
  CREATE UNIQUE INDEX runs_sweep_idx ON runs (sweep_id, idx);
  CREATE INDEX runs_sweep_status ON runs (sweep_id, status, idx);
  CREATE INDEX runs_status ON runs (status);

  -- num: the value when it is a finite number, so scalar metrics can be sorted and filtered in SQL.
  CREATE TABLE metrics (
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    num REAL,
    PRIMARY KEY (run_id, name)
  ) WITHOUT ROWID;

  CREATE TABLE series (
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (run_id, name)
  ) WITHOUT ROWID;

  CREATE TABLE models (
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (run_id, name)
  ) WITHOUT ROWID;

  CREATE TABLE datasets (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    file TEXT NOT NULL,
    source TEXT,
    meta TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  `,
]

/** The schema version this build writes. */
export const SCHEMA_VERSION = migrations.length

/**
 * Bring a database up to SCHEMA_VERSION. The version is read and the migrations applied inside one IMMEDIATE
 * transaction, so two processes opening a new file at once (the app and a CLI) cannot both migrate it.
 * Refuses a schema newer than this build.
 */
export function migrate(db: Database.Database): void {
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number
    if (current > SCHEMA_VERSION) {
      throw new Error(`the database has schema version ${current}; this build knows up to ${SCHEMA_VERSION} (update impulse-lab)`)
    }
    for (let version = current; version < SCHEMA_VERSION; version++) db.exec(migrations[version])
    if (current < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`)
  }).immediate()
}
