import type Database from 'better-sqlite3';
import { Statements } from './statements';
import { refreshSummaryPack } from './summary-pack';

/**
 * Forward-only migrations. Each runs in one transaction; `openRegistry` copies the file to
 * `registry.db.bak-<old version>` before the first pending migration runs.
 * Version 1 is the schema DESIGN.md fixes; later versions add what the product needed since.
 */
export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, metrics, artifacts, datasets, models (DESIGN.md minimum)',
    up(db) {
      db.exec(`
        CREATE TABLE experiments (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          created_at INTEGER NOT NULL
        );
        CREATE TABLE runs (
          id TEXT PRIMARY KEY,
          experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
          name TEXT,
          status TEXT NOT NULL CHECK (status IN ('running','finished','failed','killed')),
          source_kind TEXT NOT NULL CHECK (source_kind IN ('terminal','watcher','import','cli')),
          importer TEXT,
          source_path TEXT,
          command TEXT,
          cwd TEXT,
          exit_code INTEGER,
          git_commit TEXT,
          git_branch TEXT,
          git_dirty INTEGER,
          started_at INTEGER,
          ended_at INTEGER
        );
        CREATE INDEX runs_experiment ON runs(experiment_id);
        CREATE TABLE params (
          run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          key TEXT NOT NULL,
          value TEXT NOT NULL,
          PRIMARY KEY (run_id, key)
        );
        CREATE TABLE metrics (
          run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          key TEXT NOT NULL,
          step INTEGER NOT NULL,
          ts INTEGER,
          value REAL
        );
        CREATE INDEX metrics_run_key_step ON metrics(run_id, key, step);
        CREATE TABLE tags (
          run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          key TEXT NOT NULL,
          value TEXT NOT NULL,
          PRIMARY KEY (run_id, key)
        );
        CREATE TABLE artifacts (
          id INTEGER PRIMARY KEY,
          run_id TEXT REFERENCES runs(id) ON DELETE CASCADE,
          path TEXT NOT NULL,
          kind TEXT NOT NULL,
          sha256 TEXT,
          bytes INTEGER
        );
        CREATE TABLE datasets (
          id INTEGER PRIMARY KEY,
          path TEXT NOT NULL,
          sha256 TEXT NOT NULL,
          bytes INTEGER,
          rows INTEGER,
          schema_json TEXT,
          UNIQUE (path, sha256)
        );
        CREATE TABLE run_inputs (
          run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
          PRIMARY KEY (run_id, dataset_id)
        );
        CREATE TABLE models (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE model_versions (
          id INTEGER PRIMARY KEY,
          model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
          version INTEGER NOT NULL,
          run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
          artifact_id INTEGER REFERENCES artifacts(id) ON DELETE SET NULL,
          format TEXT,
          sha256 TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          UNIQUE (model_id, version)
        );
        CREATE TABLE model_aliases (
          model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
          alias TEXT NOT NULL,
          version_id INTEGER NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
          PRIMARY KEY (model_id, alias)
        );
        CREATE TABLE promotions (
          id INTEGER PRIMARY KEY,
          version_id INTEGER NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
          from_stage TEXT,
          to_stage TEXT NOT NULL,
          gate_results_json TEXT NOT NULL,
          forced INTEGER NOT NULL DEFAULT 0,
          at INTEGER NOT NULL
        );
        CREATE TABLE drift_reports (
          id INTEGER PRIMARY KEY,
          reference_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
          current_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
          model_version_id INTEGER REFERENCES model_versions(id) ON DELETE SET NULL,
          report_json TEXT NOT NULL,
          at INTEGER NOT NULL
        );
      `);
    },
  },
  {
    version: 2,
    description: 'latest-metric summaries kept on write, importer progress, run source keys',
    up(db) {
      db.exec(`
        CREATE TABLE metric_summaries (
          run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          key TEXT NOT NULL,
          last REAL,
          last_step INTEGER NOT NULL,
          last_ts INTEGER,
          min REAL,
          max REAL,
          count INTEGER NOT NULL,
          PRIMARY KEY (run_id, key)
        ) WITHOUT ROWID;
        CREATE INDEX metric_summaries_key_last ON metric_summaries(key, last);
        ALTER TABLE runs ADD COLUMN source_key TEXT;
        CREATE UNIQUE INDEX runs_source_key ON runs(source_key) WHERE source_key IS NOT NULL;
        CREATE INDEX runs_started ON runs(started_at);
        CREATE TABLE import_sources (
          path TEXT PRIMARY KEY,
          importer TEXT NOT NULL,
          run_id TEXT REFERENCES runs(id) ON DELETE CASCADE,
          offset INTEGER NOT NULL DEFAULT 0,
          bytes INTEGER NOT NULL DEFAULT 0,
          mtime_ms INTEGER,
          head_sha256 TEXT,
          state_json TEXT,
          updated_at INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX artifacts_run_path ON artifacts(run_id, path);
        ALTER TABLE models ADD COLUMN created_at INTEGER;
        ALTER TABLE model_versions ADD COLUMN bytes INTEGER;
        ALTER TABLE model_versions ADD COLUMN stored_path TEXT;
        ALTER TABLE model_versions ADD COLUMN source_path TEXT;
        CREATE UNIQUE INDEX model_versions_content ON model_versions(model_id, sha256);
      `);
      // Summaries for metrics written by a version-1 registry. NULL values are NaN (SQLite has no NaN),
      // so min/max skip them as they do on write.
      db.exec(`
        INSERT INTO metric_summaries (run_id, key, last, last_step, last_ts, min, max, count)
        SELECT m.run_id, m.key,
               (SELECT value FROM metrics l WHERE l.run_id = m.run_id AND l.key = m.key
                  ORDER BY l.step DESC, l.ts DESC, l.rowid DESC LIMIT 1),
               MAX(m.step),
               (SELECT ts FROM metrics l WHERE l.run_id = m.run_id AND l.key = m.key
                  ORDER BY l.step DESC, l.ts DESC, l.rowid DESC LIMIT 1),
               MIN(m.value), MAX(m.value), COUNT(*)
        FROM metrics m GROUP BY m.run_id, m.key;
      `);
    },
  },
  {
    version: 3,
    description: 'content-hash cache for data and model files (path + size + mtime)',
    up(db) {
      db.exec(`
        CREATE TABLE file_hashes (
          path TEXT PRIMARY KEY,
          bytes INTEGER NOT NULL,
          mtime_ms INTEGER NOT NULL,
          sha256 TEXT NOT NULL,
          hashed_at INTEGER NOT NULL
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 4,
    description: 'promotions record the replaced alias holder and rollbacks',
    up(db) {
      db.exec(`
        ALTER TABLE promotions ADD COLUMN previous_version_id INTEGER REFERENCES model_versions(id) ON DELETE SET NULL;
        ALTER TABLE promotions ADD COLUMN kind TEXT NOT NULL DEFAULT 'promote' CHECK (kind IN ('promote', 'rollback'));
        CREATE INDEX promotions_version ON promotions(version_id);
        CREATE INDEX model_aliases_version ON model_aliases(version_id);
      `);
    },
  },
  {
    version: 5,
    description: 'maturity assessments for the trend',
    up(db) {
      db.exec(`
        CREATE TABLE assessments (
          id INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          "commit" TEXT,
          level INTEGER NOT NULL,
          progress INTEGER NOT NULL,
          score_json TEXT NOT NULL
        );
        CREATE INDEX assessments_at ON assessments(at);
      `);
    },
  },
  {
    version: 6,
    description: 'metric points keyed by integers and clustered by run and key; per-run copies of params and summaries for listings',
    up(db) {
      // Points were stored with the run's 36-character id and the key's name twice over (row and index):
      // integer handles in one clustered table halve the bytes written per point and drop the second
      // B-tree. `metrics` stays as a view with the original columns, for anyone reading the file with SQL.
      db.exec(`
        ALTER TABLE runs ADD COLUMN num INTEGER;
        UPDATE runs SET num = rowid;
        CREATE UNIQUE INDEX runs_num ON runs(num);
        ALTER TABLE runs ADD COLUMN summary_pack BLOB;
        ALTER TABLE runs ADD COLUMN params_json TEXT;
        UPDATE runs SET params_json = (SELECT json_group_object(p.key, p.value ORDER BY p.key) FROM params p WHERE p.run_id = runs.id HAVING count(*) > 0);
        CREATE TABLE metric_keys (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE metric_points (
          run INTEGER NOT NULL,
          key INTEGER NOT NULL,
          step INTEGER NOT NULL,
          seq INTEGER NOT NULL,
          ts INTEGER,
          value REAL,
          PRIMARY KEY (run, key, step, seq)
        ) WITHOUT ROWID;
        INSERT INTO metric_keys (name) SELECT DISTINCT key FROM metrics ORDER BY key;
        INSERT INTO metric_points (run, key, step, seq, ts, value)
          SELECT r.num, k.id, m.step, row_number() OVER (PARTITION BY m.run_id, m.key ORDER BY m.rowid) - 1, m.ts, m.value
          FROM metrics m JOIN runs r ON r.id = m.run_id JOIN metric_keys k ON k.name = m.key;
        DROP TABLE metrics;
        CREATE VIEW metrics AS
          SELECT r.id AS run_id, k.name AS key, p.step AS step, p.ts AS ts, p.value AS value
          FROM metric_points p JOIN runs r ON r.num = p.run JOIN metric_keys k ON k.id = p.key;
        -- A foreign key would cost a lookup per point; the writers check the run once per batch instead.
        -- Listings sort on the summary copies now; the index only slowed every summary write.
        DROP INDEX metric_summaries_key_last;
        CREATE TRIGGER runs_delete_points AFTER DELETE ON runs BEGIN
          DELETE FROM metric_points WHERE run = old.num;
        END;
      `);
      const st = new Statements(db);
      for (const { run_id } of db.prepare('SELECT DISTINCT run_id FROM metric_summaries').all() as { run_id: string }[]) refreshSummaryPack(st, run_id);
    },
  },
  {
    version: 7,
    description: 'a revision per run, moved by every change to its row, so a listing rebuilds only the runs that changed',
    up(db) {
      // The clock only goes forward, even when runs are deleted, so a revision is never seen twice; it lives
      // in the file because the backend must see the CLI's changes as well as its own. A trigger rather than
      // the writers: a write that forgot to move it would leave a stale run in every listing after it.
      db.exec(`
        ALTER TABLE runs ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE run_clock (value INTEGER NOT NULL);
        INSERT INTO run_clock (value) SELECT coalesce(max(num), 0) FROM runs;
        UPDATE runs SET rev = num;
        CREATE TRIGGER runs_rev_insert AFTER INSERT ON runs BEGIN
          UPDATE run_clock SET value = value + 1;
          UPDATE runs SET rev = (SELECT value FROM run_clock) WHERE rowid = new.rowid;
        END;
        CREATE TRIGGER runs_rev_update AFTER UPDATE ON runs WHEN new.rev = old.rev BEGIN
          UPDATE run_clock SET value = value + 1;
          UPDATE runs SET rev = (SELECT value FROM run_clock) WHERE rowid = new.rowid;
        END;
      `);
    },
  },
  {
    version: 8,
    description: 'artifacts found by content, as registering a model looks up the run that wrote the file',
    up(db) {
      // Without it every registration scanned all artifacts: 20 ms at 100,000 (each run's data inputs count).
      db.exec('CREATE INDEX artifacts_sha256 ON artifacts(sha256) WHERE sha256 IS NOT NULL;');
    },
  },
];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
