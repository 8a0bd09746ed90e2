import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HASHES, curve, workspace, type Workspace } from './helpers';

const DONE = 'mlflow/mlruns/1/a1b2c3d4e5f60718293a4b5c6d7e8f90';
const LIVE = 'mlflow/mlruns/1/b2c3d4e5f60718293a4b5c6d7e8f90a1';

describe('mlflow importer', () => {
  let ws: Workspace;
  beforeEach(() => { ws = workspace('mlflow'); });
  afterEach(() => ws.close());

  it('imports a finished run with its name, experiment, status and times from meta.yaml', async () => {
    await ws.ingest();
    const r = ws.run('mlflow', DONE);
    assert.equal(r.name, 'bright-owl-42');
    assert.equal(r.experiment, 'churn');
    assert.equal(r.status, 'finished');
    assert.equal(r.startedAt, new Date(1700000000000).toISOString());
    assert.equal(r.endedAt, new Date(1700000060000).toISOString());
    assert.deepEqual(r.source, { kind: 'import', importer: 'mlflow', path: path.join(ws.root, DONE) });
  });

  it('keeps params as the files hold them, a key with a slash included', async () => {
    await ws.ingest();
    assert.deepEqual(ws.run('mlflow', DONE).params, { learning_rate: '0.001', 'model/depth': '6', n_estimators: '200' });
  });

  it('takes the git commit from the mlflow.source.git.commit tag', async () => {
    await ws.ingest();
    const r = ws.run('mlflow', DONE);
    assert.equal(r.git?.commit, '0123456789abcdef0123456789abcdef01234567');
    assert.equal(r.tags['mlflow.source.name'], 'train.py');
  });

  it('reads metric lines with timestamps and steps, and the old two-field form as step 0', async () => {
    await ws.ingest();
    const r = ws.run('mlflow', DONE);
    assert.deepEqual(curve(ws, r, 'loss'), [[0, 0.9], [1, 0.7], [2, 0.5]]);
    assert.deepEqual(ws.reg.metricHistory(r.id, 'loss').map((p) => p.ts), [1700000001000, 1700000002000, 1700000003000]);
    assert.deepEqual(ws.reg.metricHistory(r.id, 'val/acc'), [{ key: 'val/acc', step: 0, ts: 1700000004000, value: 0.8 }]);
  });

  it('records a folder with an MLmodel file as one model artifact and other files as files', async () => {
    await ws.ingest();
    const a = ws.run('mlflow', DONE).artifacts;
    const model = a.find((x) => x.kind === 'model')!;
    assert.equal(model.path, path.join(ws.root, DONE, 'artifacts', 'model'));
    assert.equal(model.sha256, HASHES['mlflow/model-folder-listing']);
    assert.equal(model.bytes, fs.statSync(path.join(ws.root, DONE, 'artifacts/model/MLmodel')).size + 'not a real pickle\n'.length);
    assert.deepEqual(a.filter((x) => x.kind === 'file').map((x) => [path.basename(x.path), x.sha256]), [['notes.txt', HASHES['mlflow/notes.txt']]]);
  });

  it('reports a garbage metric line by file and line and imports the lines around it', async () => {
    const rep = await ws.ingest();
    assert.deepEqual(rep.errors.map((e) => [e.path, e.line]), [[path.join(ws.root, LIVE, 'metrics/loss'), 2]]);
    const r = ws.run('mlflow', LIVE);
    assert.equal(r.status, 'running');
    assert.equal(r.endedAt, null);
    assert.deepEqual(curve(ws, r, 'loss'), [[0, 1.5], [2, 1.25]]);
  });

  it('does not import a run whose lifecycle_stage is deleted', async () => {
    await ws.ingest();
    assert.equal(ws.reg.runBySourceKey(`mlflow:${path.join(ws.root, 'mlflow/mlruns/0/c3d4e5f60718293a4b5c6d7e8f90a1b2')}`), undefined);
    assert.equal(ws.reg.listRuns().length, 2);
  });

  it('adds only the appended lines of a growing metric file', async () => {
    await ws.ingest();
    fs.appendFileSync(path.join(ws.root, DONE, 'metrics/loss'), '1700000004000 0.25 3\n');
    const rep = await ws.ingest();
    assert.equal(rep.metricsAdded, 1);
    assert.deepEqual(curve(ws, ws.run('mlflow', DONE), 'loss'), [[0, 0.9], [1, 0.7], [2, 0.5], [3, 0.25]]);
  });

  it('updates the status when meta.yaml says the run ended', async () => {
    await ws.ingest();
    const meta = path.join(ws.root, LIVE, 'meta.yaml');
    fs.writeFileSync(meta, fs.readFileSync(meta, 'utf8').replace('status: 1', 'status: 4').replace('end_time: null', 'end_time: 1700000200000'));
    const rep = await ws.ingest();
    assert.equal(rep.runsUpdated, 1);
    const r = ws.run('mlflow', LIVE);
    assert.equal(r.status, 'failed');
    assert.equal(r.endedAt, new Date(1700000200000).toISOString());
  });

  it('replaces, not duplicates, the points of a metric file rewritten from scratch', async () => {
    await ws.ingest();
    fs.writeFileSync(path.join(ws.root, DONE, 'metrics/loss'), '1700000009000 0.125 0\n');
    await ws.ingest();
    assert.deepEqual(curve(ws, ws.run('mlflow', DONE), 'loss'), [[0, 0.125]]);
  });
});
