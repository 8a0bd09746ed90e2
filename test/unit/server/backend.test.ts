import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Registry } from '../../../src/core/registry';
import * as P from '../../../src/protocol';
import { BackendUnderTest } from './backend-client';

describe('backend process (LSP over stdio)', () => {
  let dir: string;
  let backend: BackendUnderTest | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-backend-'));
  });
  afterEach(async () => {
    if (backend) await backend.stop();
    backend = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers mlopsLens/status with the version, the registry under .mlops and its counts', async () => {
    const reg = Registry.open(path.join(dir, '.mlops', 'registry.db'));
    const run = reg.startRun({ experiment: 'churn', sourceKind: 'cli' });
    reg.logMetrics(run, [{ key: 'loss', step: 0, ts: null, value: 1 }, { key: 'loss', step: 1, ts: null, value: 0.5 }]);
    reg.close();

    backend = await BackendUnderTest.start(dir, { trusted: true });
    const s = await backend.connection.sendRequest(P.status.method) as P.StatusResult;
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as { version: string };
    assert.equal(s.state, 'ready');
    assert.equal(s.version, pkg.version);
    assert.equal(s.registry, path.join(dir, '.mlops', 'registry.db'));
    assert.deepEqual(s.counts, { experiments: 1, runs: 1, metrics: 2, models: 0, modelVersions: 0 });
    assert.equal(s.pid, backend.child.pid);
  });

  it('sees runs another process writes while it is running', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: true });
    const before = await backend.connection.sendRequest(P.status.method) as P.StatusResult;
    assert.equal(before.counts?.runs, 0);
    const reg = Registry.open(path.join(dir, '.mlops', 'registry.db'));
    reg.startRun({ experiment: 'churn', sourceKind: 'cli', name: 'from-cli' });
    reg.close();
    const runs = await backend.connection.sendRequest(P.listRuns.method, {}) as { name: string }[];
    assert.deepEqual(runs.map((r) => r.name), ['from-cli']);
  });

  it('reports a damaged registry in its status, moves it aside and keeps answering', async () => {
    const file = path.join(dir, '.mlops', 'registry.db');
    fs.mkdirSync(path.dirname(file));
    const garbage = Buffer.from('this is not a database, just some bytes that happen to be here'.repeat(40));
    fs.writeFileSync(file, garbage);

    backend = await BackendUnderTest.start(dir, { trusted: true });
    const s = await backend.connection.sendRequest(P.status.method) as P.StatusResult;
    assert.equal(s.state, 'error');
    assert.match(s.error ?? '', new RegExp(`registry is damaged: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the file is not a SQLite database; moved aside to `));
    const aside = fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith('registry.db.corrupt-'));
    assert.equal(aside.length, 1);
    assert.deepEqual(fs.readFileSync(path.join(path.dirname(file), aside[0]!)), garbage);
    // Still alive: the views get empty answers, and reopening starts a fresh registry.
    assert.deepEqual(await backend.connection.sendRequest(P.listRuns.method, {}), []);
    const reopened = await backend.connection.sendRequest(P.reopenRegistry.method) as P.StatusResult;
    assert.equal(reopened.state, 'ready');
    assert.equal(reopened.counts?.runs, 0);
  });

  it('creates no registry in an untrusted workspace', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: false });
    const s = await backend.connection.sendRequest(P.status.method) as P.StatusResult;
    assert.equal(s.trusted, false);
    assert.equal(s.counts, null);
    assert.equal(fs.existsSync(path.join(dir, '.mlops')), false);
  });

  it('reads an existing registry in an untrusted workspace without changing it', async () => {
    const file = path.join(dir, '.mlops', 'registry.db');
    const reg = Registry.open(file);
    reg.startRun({ experiment: 'e', sourceKind: 'cli', name: 'kept' });
    reg.close();
    const before = fs.readFileSync(file);
    backend = await BackendUnderTest.start(dir, { trusted: false });
    const runs = await backend.connection.sendRequest(P.listRuns.method, {}) as { name: string }[];
    assert.deepEqual(runs.map((r) => r.name), ['kept']);
    await backend.stop();
    backend = undefined;
    assert.deepEqual(fs.readFileSync(file), before);
  });

  it('imports logger output from a folder on request and counts the new runs', async () => {
    // A folder outside the workspace, so the backend's own watcher does not import it first.
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-backend-logs-'));
    try {
      fs.cpSync(path.resolve(__dirname, '../../../examples/mlruns'), path.join(outside, 'mlruns'), { recursive: true });
      backend = await BackendUnderTest.start(dir, { trusted: true });
      const r = await backend.connection.sendRequest(P.ingest.method, { dir: outside }) as P.IngestResult;
      // The sample MLflow store holds two runs in experiment "churn" with 5 val_loss and 1 accuracy point each.
      assert.deepEqual(r, { runsCreated: 2, runsUpdated: 0, metricsAdded: 12, errors: [] });
      const again = await backend.connection.sendRequest(P.ingest.method, { dir: outside }) as P.IngestResult;
      assert.deepEqual(again, { runsCreated: 0, runsUpdated: 0, metricsAdded: 0, errors: [] });
      const runs = await backend.connection.sendRequest(P.listRuns.method, { experiment: 'churn' }) as { name: string }[];
      assert.deepEqual(runs.map((x) => x.name).sort(), ['logreg-baseline', 'logreg-strong-reg']);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('deletes a run with its metrics on request and leaves the others', async () => {
    const reg = Registry.open(path.join(dir, '.mlops', 'registry.db'));
    const gone = reg.startRun({ experiment: 'e', sourceKind: 'cli', name: 'gone' });
    reg.logMetrics(gone, [{ key: 'loss', step: 0, ts: null, value: 1 }]);
    reg.startRun({ experiment: 'e', sourceKind: 'cli', name: 'kept' });
    reg.close();
    backend = await BackendUnderTest.start(dir, { trusted: true });
    await backend.connection.sendRequest(P.deleteRun.method, { id: gone });
    const runs = await backend.connection.sendRequest(P.listRuns.method, {}) as { name: string }[];
    assert.deepEqual(runs.map((r) => r.name), ['kept']);
    const s = await backend.connection.sendRequest(P.status.method) as P.StatusResult;
    assert.equal(s.counts?.metrics, 0);
  });

  it('refuses to import in an untrusted workspace', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: false });
    await assert.rejects(backend.connection.sendRequest(P.ingest.method, {}), /trusted workspace/);
  });

  it('exits cleanly on shutdown and exit', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: true });
    const code = await backend.stop();
    backend = undefined;
    assert.equal(code, 0);
  });
});
