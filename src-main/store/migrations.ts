/**
 * The run store's schema as an ordered list of migrations; PRAGMA user_version records how many have been applied.
 * Never edit a shipped migration: append a new one.
 */
import type Database from 'better-sqlite3'
import { LAB_APPLICATION_ID } from './storeFile'
import { migrateSpecRefs } from './specRefsMigration'

/**
 * Statements filling run_params for the runs matching `where` (a constant condition on `r`, the runs table, maybe
 * with `?` placeholders): the spec's scalar leaves by dotted path (arrays are left out), then the run's params
 * (variant-axis labels, seed) over them, then the new paths into run_columns. Used by migration 2 and by
 * Store.createSweep, so old and new runs are indexed the same way.
 */
export function fillRunParams(where: string): string[] {
  return [
    `INSERT OR REPLACE INTO run_params (run_id, path, value)
       SELECT r.id, substr(t.fullkey, 3), t.atom FROM runs r, json_tree(r.spec) t
       WHERE (${where}) AND t.type NOT IN ('object', 'array') AND t.fullkey NOT LIKE '%[%'`,
    `INSERT OR REPLACE INTO run_params (run_id, path, value)
       SELECT r.id, p.key, p.atom FROM runs r, json_each(r.params) p WHERE (${where}) AND p.type NOT IN ('object', 'array')`,
    `INSERT OR IGNORE INTO run_columns (kind, name)
       SELECT DISTINCT 'param', p.path FROM runs r JOIN run_params p ON p.run_id = r.id WHERE (${where})`,
  ]
}

/** SQL, or a function for a rewrite SQL cannot say (parsing stored JSON); each runs inside migrate's transaction. */
const migrations: Array<string | ((db: Database.Database) => void)> = [
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
  // 2: organising and querying runs. Every scalar leaf of a run's spec (and its variant-axis labels) goes into
  // run_params, so the query language filters and sorts on any spec path in SQL; tags, notes and a trash
  // (deleted_at) for runs and sweeps; run_columns lists the param paths and metric names the runs table offers.
  `
  ALTER TABLE runs ADD COLUMN created_at INTEGER;
  ALTER TABLE runs ADD COLUMN note TEXT;
  ALTER TABLE runs ADD COLUMN deleted_at INTEGER;
  ALTER TABLE sweeps ADD COLUMN note TEXT;
  ALTER TABLE sweeps ADD COLUMN deleted_at INTEGER;
  UPDATE runs SET created_at = (SELECT created_at FROM sweeps WHERE sweeps.id = runs.sweep_id);
  CREATE INDEX runs_created ON runs (created_at);
  CREATE INDEX sweeps_deleted ON sweeps (deleted_at) WHERE deleted_at IS NOT NULL;
  CREATE INDEX runs_deleted ON runs (deleted_at) WHERE deleted_at IS NOT NULL;

  -- value keeps the JSON type: integer, real, text, booleans as 0/1, null.
  CREATE TABLE run_params (
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    value, -- no declared type: no affinity, so "12" the string stays text
    PRIMARY KEY (run_id, path)
  ) WITHOUT ROWID;
  CREATE INDEX run_params_value ON run_params (path, value);
  CREATE TABLE run_columns (kind TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (kind, name)) WITHOUT ROWID;
  ${fillRunParams('1').join(';\n')};
  INSERT OR IGNORE INTO run_columns (kind, name) SELECT DISTINCT 'metric', name FROM metrics WHERE num IS NOT NULL OR value = 'null';

  CREATE INDEX metrics_name_num ON metrics (name, num);

  -- item_id is a run or a sweep id (ids are unique across kinds: r…, s…).
  CREATE TABLE tags (item_id TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (item_id, tag)) WITHOUT ROWID;
  CREATE INDEX tags_tag ON tags (tag, item_id);
  `,
  // 3: runs_scan covers every runs column a query filters or sorts on, so a filtered page and its count scan a small
  // index instead of rows that hold whole specs; it replaces the partial index on deleted_at.
  `
  DROP INDEX runs_deleted;
  CREATE INDEX runs_scan ON runs (deleted_at, sweep_id, status, id, idx, created_at, elapsed_ms);
  `,
  // 4: boundary searches (src-main/store/searches.ts). A search is a sweep whose runs are the probed cells of its
  // grid (run idx = grid index); searches holds its input and its latest result, search_probes each probe's round.
  `
  CREATE TABLE searches (
    sweep_id TEXT PRIMARY KEY REFERENCES sweeps (id) ON DELETE CASCADE,
    input TEXT NOT NULL,
    rounds INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'searching',
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE search_probes (
    run_id TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    sweep_id TEXT NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    purpose TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX search_probes_sweep ON search_probes (sweep_id, round);
  `,
  // 5: series.data holds a binary blob (src-shared/api/seriesCodec.ts) for runs stored from now on; rows written
  // before stay JSON text and read as before, and an older build (which would parse a blob as JSON) refuses the store
  // by its version. The table becomes a rowid table: with rows of kilobytes (a curve each) a WITHOUT ROWID table
  // writes about twice as slowly (measured: 2.6 against 1.4 ms for a Fig. 1a run's 17 curves).
  `
  CREATE TABLE series_v5 (
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (run_id, name)
  );
  INSERT INTO series_v5 (run_id, name, data) SELECT run_id, name, data FROM series;
  DROP TABLE series;
  ALTER TABLE series_v5 RENAME TO series;
  `,
  // 6: stored specs name the twins' kind by its current name and their datasets by id (specRefsMigration.ts).
  migrateSpecRefs,
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
    for (let version = current; version < SCHEMA_VERSION; version++) {
      const step = migrations[version]
      if (typeof step === 'string') db.exec(step)
      else step(db)
    }
    if (current < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`)
    // how a store is told from another program's SQLite file (storeFile.ts); older stores get it here
    if (db.pragma('application_id', { simple: true }) !== LAB_APPLICATION_ID) db.pragma(`application_id = ${LAB_APPLICATION_ID}`)
  }).immediate()
}
