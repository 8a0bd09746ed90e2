import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { curve, workspace, type Workspace } from './helpers';

const RUN = 'huggingface/outputs/bert-sst2';

describe('huggingface importer', () => {
  let ws: Workspace;
  beforeEach(() => { ws = workspace('huggingface'); });
  afterEach(() => ws.close());

  it('imports one run per output folder from the newest checkpoint', async () => {
    const rep = await ws.ingest();
    assert.equal(rep.runsCreated, 1);
    const r = ws.run('huggingface', RUN);
    assert.deepEqual(curve(ws, r, 'loss'), [[1, 0.9], [2, 0.75], [3, NaN], [4, 0.5]]);
  });

  it('keys eval and summary entries by their global step', async () => {
    await ws.ingest();
    const r = ws.run('huggingface', RUN);
    assert.deepEqual(curve(ws, r, 'eval_loss'), [[2, 0.625]]);
    assert.deepEqual(curve(ws, r, 'train_runtime'), [[4, 10.5]]);
    assert.deepEqual(curve(ws, r, 'epoch'), [[1, 0.5], [2, 1], [2, 1], [3, 1.5], [4, 2], [4, 2]]);
  });

  it('marks the run finished once the summary entry is logged', async () => {
    await ws.ingest({ now: Date.now });
    assert.equal(ws.run('huggingface', RUN).status, 'finished');
  });

  it('takes params from training_args.json, config.json (as config.*) and trainer_state.json in written form', async () => {
    await ws.ingest();
    const r = ws.run('huggingface', RUN);
    assert.equal(r.name, 'bert-sst2-lr5e-5');
    assert.equal(r.params.learning_rate, '5e-05');
    assert.equal(r.params.fp16, 'false');
    assert.equal(r.params['config.hidden_size'], '768');
    assert.equal(r.params['config.architectures'], '["BertForSequenceClassification"]');
    assert.equal(r.params.train_batch_size, '8');
  });

  it('adds only the new entries when a later checkpoint extends the log history', async () => {
    await ws.ingest();
    const src = path.join(ws.root, RUN, 'checkpoint-4/trainer_state.json');
    const state = fs.readFileSync(src, 'utf8').replace(/\n {2}\],\n {2}"logging_steps"/, ',\n    {\n      "epoch": 2.5,\n      "loss": 0.25,\n      "step": 5\n    }\n  ],\n  "logging_steps"');
    fs.mkdirSync(path.join(ws.root, RUN, 'checkpoint-6'));
    fs.writeFileSync(path.join(ws.root, RUN, 'checkpoint-6/trainer_state.json'), state);
    const rep = await ws.ingest();
    assert.equal(rep.metricsAdded, 2);
    assert.deepEqual(curve(ws, ws.run('huggingface', RUN), 'loss'), [[1, 0.9], [2, 0.75], [3, NaN], [4, 0.5], [5, 0.25]]);
  });

  it('reports a truncated trainer_state.json with its last line and changes nothing', async () => {
    await ws.ingest();
    const before = ws.reg.counts();
    const text = fs.readFileSync(path.join(ws.root, RUN, 'checkpoint-4/trainer_state.json'), 'utf8');
    fs.mkdirSync(path.join(ws.root, RUN, 'checkpoint-6'));
    const cut = text.slice(0, 200);
    fs.writeFileSync(path.join(ws.root, RUN, 'checkpoint-6/trainer_state.json'), cut);
    const rep = await ws.ingest();
    assert.deepEqual(rep.errors.map((e) => [path.relative(ws.root, e.path), e.line]), [[`${RUN}/checkpoint-6/trainer_state.json`, cut.split('\n').length]]);
    assert.deepEqual(ws.reg.counts(), before);
    assert.equal(ws.run('huggingface', RUN).metrics.loss!.count, 4);
  });
});
