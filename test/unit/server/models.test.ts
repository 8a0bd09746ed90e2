import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Registry } from '../../../src/core/registry';
import * as P from '../../../src/protocol';
import { BackendUnderTest } from './backend-client';

const MODEL = path.resolve(__dirname, '../../../examples/models/churn.onnx');

describe('backend model registry requests (LSP over stdio)', () => {
  let dir: string;
  let backend: BackendUnderTest | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-models-'));
    fs.copyFileSync(MODEL, path.join(dir, 'churn.onnx'));
  });
  afterEach(async () => {
    if (backend) await backend.stop();
    backend = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('registers a file as version 1 with the sha256 of its bytes and lists it', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: true });
    const r = await backend.connection.sendRequest(P.registerModel.method, { file: path.join(dir, 'churn.onnx'), name: 'churn' }) as { version: number; sha256: string; created: boolean };
    assert.equal(r.version, 1);
    assert.equal(r.created, true);
    assert.equal(r.sha256, createHash('sha256').update(fs.readFileSync(MODEL)).digest('hex'));
    const models = await backend.connection.sendRequest(P.listModels.method) as P.ModelSummary[];
    assert.deepEqual(models.map((m) => [m.name, m.versions.map((v) => v.version)]), [['churn', [1]]]);
  });

  it('shows the gates before promoting and commits exactly the shown plan', async () => {
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.mlops-lens.gates]\nproduction = ["accuracy >= 0.9"]\n');
    const reg = Registry.open(path.join(dir, '.mlops', 'registry.db'));
    const run = reg.startRun({ experiment: 'churn', sourceKind: 'cli' });
    reg.logMetrics(run, [{ key: 'accuracy', step: 0, ts: null, value: 0.8 }]);
    reg.close();
    backend = await BackendUnderTest.start(dir, { trusted: true });
    await backend.connection.sendRequest(P.registerModel.method, { file: path.join(dir, 'churn.onnx'), name: 'churn', run });
    const plan = await backend.connection.sendRequest(P.planPromotion.method, { name: 'churn', version: 1, to: 'Production' }) as P.PromotionPlanSummary;
    assert.equal(plan.passed, false);
    assert.deepEqual(plan.gates.map((g) => [g.name, g.value, g.passed]), [['accuracy >= 0.9', 0.8, false]]);
    const blocked = backend.connection.sendRequest(P.commitPromotion.method, { planId: plan.planId, force: false });
    await assert.rejects(blocked, /gate/i);
    const again = await backend.connection.sendRequest(P.planPromotion.method, { name: 'churn', version: 1, to: 'Production' }) as P.PromotionPlanSummary;
    const forced = await backend.connection.sendRequest(P.commitPromotion.method, { planId: again.planId, force: true }) as { promoted: boolean; record: { forced: boolean } };
    assert.equal(forced.promoted, true);
    assert.equal(forced.record.forced, true);
    const models = await backend.connection.sendRequest(P.listModels.method) as P.ModelSummary[];
    assert.deepEqual(models[0]!.versions[0]!.aliases, ['production']);
  });

  it('refuses to register in an untrusted workspace', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: false });
    await assert.rejects(backend.connection.sendRequest(P.registerModel.method, { file: path.join(dir, 'churn.onnx'), name: 'churn' }), /trusted workspace/);
  });
});
