import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HASHES, curve, workspace, type Workspace } from './helpers';

const LIGHTNING = 'lightning/lightning_logs/version_0';

describe('lightning importer', () => {
  let ws: Workspace;
  beforeEach(() => { ws = workspace('lightning'); });
  afterEach(() => ws.close());

  it('reads sparse rows: each key gets only the steps it was logged at', async () => {
    await ws.ingest();
    const r = ws.run('lightning', LIGHTNING);
    assert.equal(r.experiment, 'lightning_logs');
    assert.equal(r.name, 'version_0');
    assert.deepEqual(curve(ws, r, 'train_loss'), [[0, 0.9], [1, 0.8], [2, 0.5]]);
    assert.deepEqual(curve(ws, r, 'val_loss'), [[1, 0.7], [3, 0.55]]);
    assert.deepEqual(curve(ws, r, 'epoch'), [[0, 0], [1, 0], [1, 0], [2, 1], [3, 1]]);
  });

  it('keeps hparams.yaml values as written', async () => {
    await ws.ingest();
    assert.deepEqual(ws.run('lightning', LIGHTNING).params, { batch_size: '32', lr: '1e-3', 'model.act': 'relu', 'model.hidden': '128' });
  });

  it('replaces the points when the logger rewrites the file with a wider header', async () => {
    await ws.ingest();
    const file = path.join(ws.root, LIGHTNING, 'metrics.csv');
    const rows = fs.readFileSync(file, 'utf8').split('\r\n').slice(1).filter(Boolean).map((l) => `${l},`);
    fs.writeFileSync(file, ['epoch,step,train_loss,val_acc,val_loss,val_f1', ...rows, '2,4,,0.875,0.5,0.8125', ''].join('\r\n'));
    const rep = await ws.ingest();
    assert.equal(rep.runsCreated, 0);
    const r = ws.run('lightning', LIGHTNING);
    assert.deepEqual(curve(ws, r, 'val_loss'), [[1, 0.7], [3, 0.55], [4, 0.5]]);
    assert.deepEqual(curve(ws, r, 'val_f1'), [[4, 0.8125]]);
    assert.equal(r.metrics.train_loss!.count, 3);
  });

  it('skips a ragged row with a problem naming its line and imports the rows after it', async () => {
    fs.appendFileSync(path.join(ws.root, LIGHTNING, 'metrics.csv'), '2,4,0.4\r\n2,5,0.3,,\r\n');
    const rep = await ws.ingest();
    assert.deepEqual(rep.errors.map((e) => [path.basename(e.path), e.line]), [['metrics.csv', 7]]);
    assert.deepEqual(curve(ws, ws.run('lightning', LIGHTNING), 'train_loss').at(-1), [5, 0.3]);
  });
});

describe('keras importer', () => {
  let ws: Workspace;
  beforeEach(() => { ws = workspace('keras'); });
  afterEach(() => ws.close());

  it('recognises a CSVLogger file by its content and skips NA cells', async () => {
    await ws.ingest();
    const r = ws.run('keras', 'keras/training.log');
    assert.equal(r.name, 'training');
    assert.deepEqual(curve(ws, r, 'loss'), [[0, 1.25], [1, 0.75], [2, 0.5]]);
    assert.deepEqual(curve(ws, r, 'val_loss'), [[0, 1.125], [2, 0.625]]);
  });

  it('does not take a CSV with a non-numeric first row for a Keras log', async () => {
    const rep = await ws.ingest();
    assert.equal(rep.runsCreated, 1);
  });

  it('adds only the epoch appended since the last import', async () => {
    await ws.ingest();
    fs.appendFileSync(path.join(ws.root, 'keras/training.log'), '3,0.9375,0.375,0.875,0.5\r\n');
    const rep = await ws.ingest();
    assert.deepEqual([rep.runsUpdated, rep.metricsAdded], [1, 4]);
  });

  it('skips a line that is not UTF-8 and names it', async () => {
    fs.appendFileSync(path.join(ws.root, 'keras/training.log'), Buffer.concat([Buffer.from('3,0.9,\xff'), Buffer.from([0xff, 0xfe]), Buffer.from(',0.8,0.7\r\n4,0.95,0.25,0.9,0.45\r\n')]));
    const rep = await ws.ingest();
    assert.deepEqual(rep.errors.map((e) => [e.line, e.message]), [[5, 'not valid UTF-8; line skipped']]);
    assert.deepEqual(curve(ws, ws.run('keras', 'keras/training.log'), 'loss').at(-1), [4, 0.25]);
  });
});

describe('ultralytics importer', () => {
  let ws: Workspace;
  beforeEach(() => { ws = workspace('ultralytics'); });
  afterEach(() => ws.close());

  it('reads the current results.csv with its time column, epochs as written (1-based)', async () => {
    await ws.ingest();
    const r = ws.run('ultralytics', 'ultralytics/runs/detect/train');
    assert.equal(r.experiment, 'detect');
    assert.deepEqual(curve(ws, r, 'train/box_loss'), [[1, 1.5], [2, 1.25]]);
    assert.deepEqual(curve(ws, r, 'time'), [[1, 12.5], [2, 25]]);
    assert.deepEqual(curve(ws, r, 'lr/pg0'), [[1, 0.0001], [2, 0.00019802]]);
  });

  it('reads the old space-padded results.csv', async () => {
    await ws.ingest();
    const r = ws.run('ultralytics', 'ultralytics/runs/detect/train-old');
    assert.deepEqual(curve(ws, r, 'metrics/mAP50(B)'), [[1, 0.125], [2, 0.25]]);
    assert.deepEqual(Object.keys(r.metrics).sort(), ['lr/pg0', 'metrics/mAP50(B)', 'train/box_loss', 'train/cls_loss']);
  });

  it('takes args.yaml as params and weights as model artifacts with size and sha256', async () => {
    await ws.ingest();
    const r = ws.run('ultralytics', 'ultralytics/runs/detect/train');
    assert.equal(r.params.lr0, '0.01');
    assert.equal(r.params.project, 'null');
    assert.deepEqual(r.artifacts.map((a) => [path.basename(a.path), a.kind, a.bytes, a.sha256]), [
      ['best.pt', 'model', 64, HASHES['ultralytics/runs/detect/train/weights/best.pt']],
      ['last.pt', 'model', 104, HASHES['ultralytics/runs/detect/train/weights/last.pt']],
    ]);
  });

  it('marks a run finished once its final plots exist', async () => {
    await ws.ingest({ now: Date.now });
    assert.equal(ws.run('ultralytics', 'ultralytics/runs/detect/train').status, 'finished');
    assert.equal(ws.run('ultralytics', 'ultralytics/runs/detect/train-old').status, 'running');
  });
});
