import Database from 'better-sqlite3';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MlopsError } from '../../../src/core/errors';
import { LATEST_SCHEMA_VERSION, Registry } from '../../../src/core/registry';
import { cleanup, tempDir } from './helpers';

/** The version-1 schema as the first release wrote it, spelled out here so the test does not depend on schema.ts. */
const V1_DDL = `
  CREATE TABLE experiments (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL);
  CREATE TABLE runs (
    id TEXT PRIMARY KEY, experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE, name TEXT,
    status TEXT NOT NULL CHECK (status IN ('running','finished','failed','killed')),
    source_kind TEXT NOT NULL CHECK (source_kind IN ('terminal','watcher','import','cli')),
    importer TEXT, source_path TEXT, command TEXT, cwd TEXT, exit_code INTEGER, git_commit TEXT, git_branch TEXT,
    git_dirty INTEGER, started_at INTEGER, ended_at INTEGER);
  CREATE INDEX runs_experiment ON runs(experiment_id);
  CREATE TABLE params (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key));
  CREATE TABLE metrics (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, key TEXT NOT NULL, step INTEGER NOT NULL, ts INTEGER, value REAL);
  CREATE INDEX metrics_run_key_step ON metrics(run_id, key, step);
  CREATE TABLE tags (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key));
  CREATE TABLE artifacts (id INTEGER PRIMARY KEY, run_id TEXT REFERENCES runs(id) ON DELETE CASCADE, path TEXT NOT NULL, kind TEXT NOT NULL, sha256 TEXT, bytes INTEGER);
  CREATE TABLE datasets (id INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER, rows INTEGER, schema_json TEXT, UNIQUE (path, sha256));
  CREATE TABLE run_inputs (run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE, PRIMARY KEY (run_id, dataset_id));
  CREATE TABLE models (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE model_versions (id INTEGER PRIMARY KEY, model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE, version INTEGER NOT NULL,
    run_id TEXT REFERENCES runs(id) ON DELETE SET NULL, artifact_id INTEGER REFERENCES artifacts(id) ON DELETE SET NULL, format TEXT,
    sha256 TEXT NOT NULL, created_at INTEGER NOT NULL, UNIQUE (model_id, version));
  CREATE TABLE model_aliases (model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE, alias TEXT NOT NULL,
    version_id INTEGER NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE, PRIMARY KEY (model_id, alias));
  CREATE TABLE promotions (id INTEGER PRIMARY KEY, version_id INTEGER NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE, from_stage TEXT,
    to_stage TEXT NOT NULL, gate_results_json TEXT NOT NULL, forced INTEGER NOT NULL DEFAULT 0, at INTEGER NOT NULL);
  CREATE TABLE drift_reports (id INTEGER PRIMARY KEY, reference_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
    current_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL, model_version_id INTEGER REFERENCES model_versions(id) ON DELETE SET NULL,
    report_json TEXT NOT NULL, at INTEGER NOT NULL);
  CREATE TABLE schema_version (version INTEGER NOT NULL);
  INSERT INTO schema_version (version) VALUES (1);
`;

const RUN_A = '11111111-1111-4111-8111-111111111111';
const RUN_B = '22222222-2222-4222-8222-222222222222';

/** [run, key, step, ts, value]; null is how version 1 stored NaN. */
const V1_METRICS: [string, string, number, number | null, number | null][] = [
  [RUN_A, 'loss', 2, 20, 0.5],
  [RUN_A, 'loss', 0, 0, 2.0],
  [RUN_A, 'loss', 1, 10, null],
  [RUN_A, 'loss', 2, 15, 0.7],
  [RUN_A, 'acc', 0, 0, 1e308 * 10],
  [RUN_A, 'acc', 1, null, -0.25],
  [RUN_A, 'acc', 1, null, 0.75],
  [RUN_B, 'gn', 0, 5, null],
  [RUN_B, 'gn', 1, 6, null],
  [RUN_B, 'loss', 3, null, -(1e308 * 10)],
];

function writeV1(file: string): void {
  const db = new Database(file);
  db.exec(V1_DDL);
  db.prepare('INSERT INTO experiments (id, name, created_at) VALUES (1, ?, 0)').run('churn');
  const run = db.prepare(`INSERT INTO runs (id, experiment_id, name, status, source_kind, command, git_commit, git_branch, git_dirty, started_at, ended_at)
    VALUES (?, 1, ?, ?, 'cli', ?, ?, 'main', 0, ?, ?)`);
  run.run(RUN_A, 'first', 'finished', 'python train.py', 'f'.repeat(40), 1_700_000_000_000, 1_700_000_060_000);
  run.run(RUN_B, 'second', 'running', null, null, 1_700_000_100_000, null);
  db.prepare("INSERT INTO params (run_id, key, value) VALUES (?, 'lr', '0.1')").run(RUN_A);
  const metric = db.prepare('INSERT INTO metrics (run_id, key, step, ts, value) VALUES (?, ?, ?, ?, ?)');
  for (const m of V1_METRICS) metric.run(...m);
  db.close();
}

describe('registry migration', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = tempDir();
    file = path.join(dir, 'registry.db');
  });
  afterEach(cleanup);

  it('backs up a version-1 file byte for byte before migrating it', () => {
    writeV1(file);
    const before = fs.readFileSync(file);
    Registry.open(file).close();
    assert.ok(fs.readFileSync(file + '.bak-1').equals(before));
  });

  it('leaves the backup a readable version-1 registry with the old rows', () => {
    writeV1(file);
    Registry.open(file).close();
    const bak = new Database(file + '.bak-1', { readonly: true });
    try {
      assert.deepEqual(bak.prepare('SELECT version FROM schema_version').all(), [{ version: 1 }]);
      assert.equal(bak.prepare("SELECT 1 FROM sqlite_master WHERE name = 'metric_summaries'").get(), undefined);
      assert.deepEqual(bak.prepare('SELECT count(*) AS n FROM metrics').get(), { n: V1_METRICS.length });
    } finally {
      bak.close();
    }
  });

  it('brings the schema to the latest version and keeps runs, params and metrics', () => {
    writeV1(file);
    const reg = Registry.open(file);
    try {
      assert.equal(reg.schemaVersion, LATEST_SCHEMA_VERSION);
      const a = reg.getRun(RUN_A);
      assert.equal(a.name, 'first');
      assert.equal(a.status, 'finished');
      assert.equal(a.command, 'python train.py');
      assert.deepEqual(a.git, { commit: 'f'.repeat(40), branch: 'main', dirty: false });
      assert.equal(a.startedAt, new Date(1_700_000_000_000).toISOString());
      assert.deepEqual(a.params, { lr: '0.1' });
      assert.deepEqual(reg.metricHistory(RUN_A, 'loss').map((p) => [p.step, p.ts, p.value]), [[0, 0, 2], [1, 10, Number.NaN], [2, 15, 0.7], [2, 20, 0.5]]);
      // acc's two step-1 points have no timestamp: they keep the order version 1 wrote them in.
      assert.deepEqual(reg.metricHistory(RUN_A, 'acc').map((p) => p.value), [Infinity, -0.25, 0.75]);
      assert.equal(reg.counts().metrics, V1_METRICS.length);
      for (const listed of reg.listRuns()) assert.deepEqual(listed.metrics, reg.getRun(listed.id).metrics);
      // Migrated runs have revisions: a change after a listing shows in the next one.
      reg.setParams(RUN_A, { lr: '0.2' });
      assert.deepEqual(reg.listRuns().find((r) => r.id === RUN_A)!.params, { lr: '0.2' });
      // A run started after the migration gets its own points, apart from the migrated runs'.
      const c = reg.startRun({ experiment: 'churn', sourceKind: 'cli' });
      reg.logMetrics(c, [{ key: 'loss', step: 0, ts: 0, value: 3 }]);
      assert.deepEqual(reg.metricHistory(c, 'loss').map((p) => p.value), [3]);
      assert.equal(reg.metricHistory(RUN_B, 'loss').length, 1);
      // Artifacts are found by content through an index (registering a model asks which run wrote the file).
      const plan = reg.statements.get('EXPLAIN QUERY PLAN SELECT id, run_id FROM artifacts WHERE sha256 = ?').all('0'.repeat(64)) as { detail: string }[];
      assert.deepEqual(plan.map((p) => p.detail), ['SEARCH artifacts USING INDEX artifacts_sha256 (sha256=?)']);
    } finally {
      reg.close();
    }
  });

  it('backfills summaries that follow the same rules as summaries kept on write', () => {
    writeV1(file);
    const reg = Registry.open(file);
    try {
      // By hand from V1_METRICS: loss of A ends at step 2 where ts 20 beats ts 15; acc's two step-1 points
      // have no ts, so the one written later wins; B's gn is NaN only.
      assert.deepEqual(reg.getRun(RUN_A).metrics, {
        acc: { last: 0.75, step: 1, min: -0.25, max: Infinity, count: 3 },
        loss: { last: 0.5, step: 2, min: 0.5, max: 2, count: 4 },
      });
      assert.deepEqual(reg.getRun(RUN_B).metrics, {
        gn: { last: Number.NaN, step: 1, min: Number.NaN, max: Number.NaN, count: 2 },
        loss: { last: -Infinity, step: 3, min: -Infinity, max: -Infinity, count: 1 },
      });
    } finally {
      reg.close();
    }
  });

  it('merges new points into backfilled summaries', () => {
    writeV1(file);
    const reg = Registry.open(file);
    try {
      reg.logMetrics(RUN_B, [{ key: 'gn', step: 2, ts: 7, value: 3 }, { key: 'loss', step: 1, ts: 0, value: 9 }]);
      assert.deepEqual(reg.getRun(RUN_B).metrics, {
        gn: { last: 3, step: 2, min: 3, max: 3, count: 3 },
        loss: { last: -Infinity, step: 3, min: -Infinity, max: 9, count: 2 },
      });
    } finally {
      reg.close();
    }
  });

  it('makes no backup when the file is already at the latest version', () => {
    Registry.open(file).close();
    Registry.open(file).close();
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('.bak-')), []);
  });

  it('refuses a registry written by a newer version and leaves it untouched', () => {
    Registry.open(file).close();
    const db = new Database(file);
    db.prepare('UPDATE schema_version SET version = ?').run(LATEST_SCHEMA_VERSION + 7);
    db.close();
    const before = fs.readFileSync(file);
    assert.throws(() => Registry.open(file), (err: unknown) => {
      assert.ok(err instanceof MlopsError);
      assert.equal(err.message, `registry is newer than this version of MLOps Lens: ${file}: schema ${LATEST_SCHEMA_VERSION + 7}, this build knows up to ${LATEST_SCHEMA_VERSION}; upgrade MLOps Lens`);
      return true;
    });
    assert.ok(fs.readFileSync(file).equals(before));
    assert.deepEqual(fs.readdirSync(dir), ['registry.db']);
  });

  it('refuses a SQLite database of another program and adds nothing to it', () => {
    const db = new Database(file);
    db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')");
    db.close();
    const before = fs.readFileSync(file);
    assert.throws(() => Registry.open(file), /not an MLOps Lens registry: .*registry\.db: a SQLite database with other tables/);
    assert.ok(fs.readFileSync(file).equals(before));
  });
});
