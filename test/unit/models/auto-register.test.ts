import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ingest } from '../../../src/core/capture/ingest';
import { loadConfig } from '../../../src/core/config';
import { autoRegister, autoRegisterEnabled, listModels, modelNameFromFile } from '../../../src/core/models';
import { cleanup, EXPECTED, makeRun, REPO_ROOT, tempDir, workspace } from './helpers';

function configWith(body: string) {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'mlops-lens.toml'), body);
  return loadConfig(dir);
}

describe('models: auto-registration', () => {
  afterEach(cleanup);

  it('is off by default', () => {
    assert.equal(autoRegisterEnabled(configWith('watch = []\n')), false);
  });

  it('is on with auto_register = true', () => {
    assert.equal(autoRegisterEnabled(configWith('auto_register = true\n')), true);
  });

  it('rejects a non-boolean auto_register, naming its line', () => {
    const config = configWith('watch = []\nauto_register = "yes"\n');
    assert.throws(() => autoRegisterEnabled(config), { message: `invalid configuration: ${config.file}:2: "auto_register" must be true or false` });
  });

  it('names models after the file stem, replacing characters a model name cannot hold', () => {
    assert.deepEqual(['best.pt', 'my model (v2).onnx', '..hidden.pkl', '...pkl', 'a..b.safetensors'].map(modelNameFromFile), ['best', 'my-model-v2-', 'hidden', 'model', 'a.b']);
  });

  it('registers each model file an imported run wrote, linked to the run', async () => {
    const ws = workspace();
    fs.cpSync(path.join(REPO_ROOT, 'test/fixtures/loggers/ultralytics/runs'), path.join(ws.dir, 'runs'), { recursive: true });
    await ingest(ws.reg, ws.dir, { now: () => Date.now() + 3_600_000 });
    const run = ws.reg.listRuns().find((r) => r.name === 'train')!;
    const r = await autoRegister(ws.reg, run.id);
    const models = listModels(ws.reg).map((m) => [m.name, m.versions.map((v) => v.run)]);
    ws.reg.close();
    assert.deepEqual([r.registered.map((x) => x.name).sort(), r.problems, models], [['best', 'last'], [], [['best', [run.id]], ['last', [run.id]]]]);
  });

  it('registers nothing new when run again', async () => {
    const ws = workspace();
    const file = ws.file('linear.onnx', 'out/churn.onnx');
    const run = makeRun(ws.reg, { artifacts: [{ path: file, kind: 'model', sha256: EXPECTED['linear.onnx']!.sha256 }] });
    await autoRegister(ws.reg, run);
    const again = await autoRegister(ws.reg, run);
    const count = ws.reg.counts().modelVersions;
    ws.reg.close();
    assert.deepEqual([again.registered.map((r) => [r.name, r.version, r.created]), count], [[['churn', 1, false]], 1]);
  });

  it('reports a model file changed since the run recorded it, and registers the others', async () => {
    const ws = workspace();
    const changed = ws.file('linear.onnx', 'out/a.onnx');
    const fine = ws.file('model.pkl', 'out/b.pkl');
    const run = makeRun(ws.reg, { artifacts: [
      { path: changed, kind: 'model', sha256: 'f'.repeat(64) },
      { path: fine, kind: 'model', sha256: EXPECTED['model.pkl']!.sha256 },
      { path: path.join(ws.dir, 'mlruns/model'), kind: 'model' },
      { path: path.join(ws.dir, 'out/log.txt'), kind: 'file' },
    ] });
    const r = await autoRegister(ws.reg, run);
    ws.reg.close();
    assert.deepEqual(r.registered.map((x) => x.name), ['b']);
    assert.deepEqual(r.problems.map((p) => [path.basename(p.path), p.message.replace(/: \/.*?: /, ': … : ')]), [
      ['model', 'cannot register model: … : the file does not exist'],
      ['a.onnx', `cannot register model: … : the file changed since it was recorded (sha256 ffffffffffff, now ${EXPECTED['linear.onnx']!.sha256.slice(0, 12)})`],
    ]);
  });
});
