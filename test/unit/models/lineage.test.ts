import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ingest } from '../../../src/core/capture/ingest';
import { listModels, parseGate, promote, registerModel, resolveVersion, versionLineage } from '../../../src/core/models';
import { cleanup, EXPECTED, makeRun, REPO_ROOT, workspace } from './helpers';

const sha = (file: string) => EXPECTED[file]!.sha256;

const ULTRALYTICS = path.join(REPO_ROOT, 'test/fixtures/loggers/ultralytics/runs');
const GIT = { commit: 'ab'.repeat(20), branch: 'main', dirty: true };

describe('models: lineage', () => {
  afterEach(cleanup);

  it('links a weights file to the Ultralytics run that wrote it, with that run\'s params and metrics', async () => {
    const ws = workspace();
    fs.cpSync(ULTRALYTICS, path.join(ws.dir, 'runs'), { recursive: true });
    await ingest(ws.reg, ws.dir, { now: () => Date.now() + 3_600_000 });
    const r = await registerModel(ws.reg, { name: 'detector', file: path.join(ws.dir, 'runs/detect/train/weights/best.pt') });
    const l = versionLineage(ws.reg, resolveVersion(ws.reg, 'detector', { version: 1 }));
    ws.reg.close();
    // Values read from the fixture's args.yaml (epochs: 2, lr0: 0.01) and the last row of results.csv.
    assert.deepEqual([l.run?.id, l.run?.name, l.run?.params.epochs, l.run?.params.lr0, l.run?.metrics['metrics/mAP50(B)']?.last, l.run?.metrics['train/box_loss']?.last],
      [r.run, 'train', '2', '0.01', 0.25, 1.25]);
    assert.equal(l.run?.artifact?.path, path.join(ws.dir, 'runs/detect/train/weights/best.pt'));
  });

  it('gates a promotion on a metric of the imported run', async () => {
    const ws = workspace();
    fs.cpSync(ULTRALYTICS, path.join(ws.dir, 'runs'), { recursive: true });
    await ingest(ws.reg, ws.dir, { now: () => Date.now() + 3_600_000 });
    await registerModel(ws.reg, { name: 'detector', file: path.join(ws.dir, 'runs/detect/train/weights/best.pt') });
    const gates = { targets: new Map([['production', ['metrics/mAP50(B) >= 0.2', 'metrics/mAP50(B) >= 0.3'].map(parseGate)]]), reference: null, current: null, file: null };
    const r = await promote(ws.reg, { name: 'detector', version: 'latest', to: 'production', gates });
    ws.reg.close();
    assert.deepEqual(r.gates.map((g) => [g.value, g.passed]), [[0.25, true], [0.25, false]]);
  });

  it('answers what data, code and settings made the production model in one call', async () => {
    const ws = workspace();
    const run = makeRun(ws.reg, {
      params: { lr: '0.01', epochs: '5' }, metrics: { accuracy: 0.91 }, git: GIT,
      datasets: [{ path: 'data/train.csv', sha256: '1'.repeat(64) }, { path: 'data/val.csv', sha256: '2'.repeat(64) }],
      artifacts: [{ path: '/ws/.mlops/artifacts/abc.patch', kind: 'patch', sha256: '3'.repeat(64) }],
    });
    await registerModel(ws.reg, { name: 'churn', file: ws.file('linear.onnx'), run });
    await promote(ws.reg, { name: 'churn', version: 1, to: 'production', gates: { targets: new Map([['production', [parseGate('accuracy >= 0.9')]]]), reference: null, current: null, file: null } });
    const l = versionLineage(ws.reg, resolveVersion(ws.reg, 'churn', { alias: 'Production' }));
    ws.reg.close();
    assert.deepEqual({ ...l, createdAt: null, promotions: l.promotions.map((p) => ({ ...p, at: null })), run: l.run && { ...l.run, startedAt: null, endedAt: null } }, {
      name: 'churn', version: 1, sha256: EXPECTED['linear.onnx']!.sha256, format: 'onnx', bytes: EXPECTED['linear.onnx']!.bytes, createdAt: null,
      path: path.join(ws.dir, '.mlops/models/churn/1/linear.onnx'), sourcePath: path.join(ws.dir, 'linear.onnx'),
      aliases: ['production'], stage: 'Production',
      run: {
        id: run, name: 'run', experiment: 'train', status: 'finished', command: null, startedAt: null, endedAt: null,
        params: { epochs: '5', lr: '0.01' }, metrics: { accuracy: { last: 0.91, step: 1, min: 0.91, max: 0.91, count: 1 } },
        git: { ...GIT, patch: { path: '/ws/.mlops/artifacts/abc.patch', sha256: '3'.repeat(64), bytes: null } }, artifact: null,
      },
      datasets: [{ path: 'data/train.csv', sha256: '1'.repeat(64), bytes: null, rows: null }, { path: 'data/val.csv', sha256: '2'.repeat(64), bytes: null, rows: null }],
      promotions: [{ id: 1, name: 'churn', version: 1, from: 'none', to: 'production', previous: null, kind: 'promote', forced: false, at: null,
        gates: [{ name: 'accuracy >= 0.9', threshold: 0.9, value: 0.91, passed: true, reason: l.promotions[0]!.gates[0]!.reason }] }],
    });
  });

  it('lists every model with its versions, aliases, stage and run', async () => {
    const ws = workspace();
    const run = makeRun(ws.reg);
    await registerModel(ws.reg, { name: 'b', file: ws.file('linear.onnx'), run });
    await registerModel(ws.reg, { name: 'a', file: ws.file('model.pkl') });
    const list = listModels(ws.reg).map((m) => ({ ...m, versions: m.versions.map((v) => ({ ...v, createdAt: typeof v.createdAt })) }));
    ws.reg.close();
    assert.deepEqual(list, [
      { name: 'a', versions: [{ version: 1, sha256: sha('model.pkl'), format: 'pickle', createdAt: 'string', aliases: [], stage: 'None', run: null }] },
      { name: 'b', versions: [{ version: 1, sha256: sha('linear.onnx'), format: 'onnx', createdAt: 'string', aliases: [], stage: 'None', run }] },
    ]);
  });
});
