import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HASHES, curve, workspace, type Workspace } from './helpers';

const RUN = 'dvclive/project/dvclive';

describe('dvclive importer', () => {
  let ws: Workspace;
  beforeEach(() => { ws = workspace('dvclive'); });
  afterEach(() => ws.close());

  it('keeps params.yaml values in their written form and flattens nested keys with dots', async () => {
    await ws.ingest();
    assert.deepEqual(ws.run('dvclive', RUN).params, { epochs: '3', lr: '1e-3', 'optimizer.betas': '[0.9, 0.999]', 'optimizer.name': 'adam' });
  });

  it('reads plot files with and without the timestamp column', async () => {
    await ws.ingest();
    const r = ws.run('dvclive', RUN);
    assert.deepEqual(ws.reg.metricHistory(r.id, 'train/loss').map((p) => [p.step, p.ts, p.value]),
      [[0, 1700000000000, 0.9], [1, 1700000001000, 0.5], [2, 1700000002000, 0.25]]);
    assert.deepEqual(ws.reg.metricHistory(r.id, 'val_loss').map((p) => [p.step, p.ts, p.value]), [[0, null, 1], [1, null, 0.75], [2, null, 0.5]]);
  });

  it('takes a metric found only in metrics.json as one point at its step', async () => {
    await ws.ingest();
    const r = ws.run('dvclive', RUN);
    assert.deepEqual(curve(ws, r, 'acc'), [[2, 0.875]]);
    assert.deepEqual(Object.keys(r.metrics).sort(), ['acc', 'train/loss', 'val_loss']);
  });

  it('records the model listed in dvc.yaml artifacts with its size and sha256', async () => {
    await ws.ingest();
    assert.deepEqual(ws.run('dvclive', RUN).artifacts.map((a) => [a.path, a.kind, a.bytes, a.sha256]),
      [[path.join(ws.root, 'dvclive/project/model.pt'), 'model', 256, HASHES['dvclive/project/model.pt']]]);
  });

  it('names the line of a truncated metrics.json and still imports the plots', async () => {
    const file = path.join(ws.root, RUN, 'metrics.json');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.slice(0, text.indexOf('"val_loss"') + 5));
    const rep = await ws.ingest();
    assert.equal(rep.errors.length, 1);
    assert.equal(rep.errors[0]!.path, file);
    assert.equal(rep.errors[0]!.line, text.slice(0, text.indexOf('"val_loss"')).split('\n').length);
    assert.deepEqual(Object.keys(ws.run('dvclive', RUN).metrics).sort(), ['train/loss', 'val_loss']);
  });

  it('adds the rows appended to a plot file and replaces the summary-only point when metrics.json changes', async () => {
    await ws.ingest();
    fs.appendFileSync(path.join(ws.root, RUN, 'plots/metrics/val_loss.tsv'), '3\t0.375\n');
    fs.writeFileSync(path.join(ws.root, RUN, 'metrics.json'), JSON.stringify({ train: { loss: 0.25 }, val_loss: 0.375, acc: 0.9375, step: 3 }));
    const rep = await ws.ingest();
    assert.equal(rep.metricsAdded, 2);
    const r = ws.run('dvclive', RUN);
    assert.deepEqual(curve(ws, r, 'val_loss'), [[0, 1], [1, 0.75], [2, 0.5], [3, 0.375]]);
    assert.deepEqual(curve(ws, r, 'acc'), [[3, 0.9375]]);
  });
});
