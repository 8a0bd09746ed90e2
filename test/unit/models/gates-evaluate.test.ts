import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluateGates, parseGate, registerModel, type GateResult, type GateServices, type GatesConfig } from '../../../src/core/models';
import type { Registry } from '../../../src/core/registry';
import { findVersion } from '../../../src/core/registry/models';
import { cleanup, makeRun, REPO_ROOT, workspace, type RunSpec } from './helpers';

const DATA = path.join(REPO_ROOT, 'test/fixtures/models/data');
/** PSI per column computed by numpy when the fixtures were generated. */
const PSI = JSON.parse(fs.readFileSync(path.join(DATA, 'psi.json'), 'utf8')) as { max: { column: string; value: number } };

const CLEAN = { commit: 'c0ffee'.padEnd(40, '0'), branch: 'main', dirty: false };

interface Setup {
  run?: RunSpec | null;
  /** The current holder of `production` (registered from linear_v2.onnx) and its run. */
  holder?: RunSpec;
  reference?: string | null;
  current?: string | null;
  services?: Partial<GateServices>;
  /** The candidate's file (default linear.onnx). */
  file?: string;
}

/** Registers linear.onnx (with a run unless `run: null`) and evaluates one expression for `production`. */
async function evaluate(expr: string, setup: Setup = {}): Promise<GateResult> {
  const ws = workspace();
  try {
    const runId = setup.run === null ? null : makeRun(ws.reg, setup.run ?? {});
    await registerModel(ws.reg, { name: 'm', file: ws.file(setup.file ?? 'linear.onnx'), run: runId });
    let holder = null;
    if (setup.holder) {
      await registerModel(ws.reg, { name: 'm', file: ws.file('linear_v2.onnx'), run: makeRun(ws.reg, setup.holder) });
      holder = findVersion(ws.reg.statements, 'm', 2)!;
    }
    const gates: GatesConfig = { targets: new Map([['production', [parseGate(expr)]]]), reference: setup.reference ?? null, current: setup.current ?? null, file: null };
    const [result] = await evaluateGates(ws.reg, { candidate: findVersion(ws.reg.statements, 'm', 1)!, target: 'production', holder, gates, services: setup.services });
    return result!;
  } finally {
    ws.reg.close();
  }
}

const verdict = (r: GateResult) => [r.passed, r.value, r.threshold];

describe('models: gate evaluation', () => {
  afterEach(cleanup);

  describe('metric threshold', () => {
    it('passes when the last logged value meets the threshold', async () => {
      assert.deepEqual(verdict(await evaluate('accuracy >= 0.85', { run: { metrics: { accuracy: 0.9 } } })), [true, 0.9, 0.85]);
    });
    it('fails when the last logged value misses the threshold', async () => {
      assert.deepEqual(verdict(await evaluate('val_loss <= 0.4', { run: { metrics: { val_loss: 0.41 } } })), [false, 0.41, 0.4]);
    });
    it('fails with "metric not logged" when the run never logged the metric', async () => {
      const r = await evaluate('accuracy >= 0.85', { run: { metrics: { loss: 0.1 } } });
      assert.deepEqual([r.passed, r.value], [false, null]);
      assert.match(r.reason, /^metric not logged: run [0-9a-f]{8} has no "accuracy"$/);
    });
    it('fails on a NaN value, even against ==', async () => {
      const r = await evaluate('accuracy == 0.9', { run: { metrics: { accuracy: NaN } } });
      assert.deepEqual([r.passed, Number.isNaN(r.value)], [false, true]);
    });
    it('fails when the version has no producing run', async () => {
      const r = await evaluate('accuracy >= 0.5', { run: null });
      assert.deepEqual([r.passed, r.reason.startsWith('no producing run')], [false, true]);
    });
  });

  describe('latency', () => {
    it('uses a latency_p95_ms metric the run recorded', async () => {
      const r = await evaluate('latency_p95_ms <= 100', { run: { metrics: { latency_p95_ms: 42 } } });
      assert.deepEqual([...verdict(r), /recorded by run/.test(r.reason)], [true, 42, 100, true]);
    });
    it('fails when the recorded latency is over the threshold', async () => {
      assert.deepEqual(verdict(await evaluate('latency_p95_ms <= 100', { run: { metrics: { latency_p95_ms: 140 } } })), [false, 140, 100]);
    });
    it('benchmarks the stored ONNX copy with onnxruntime when nothing was recorded, and passes a loose bound', async () => {
      const r = await evaluate('latency_p95_ms <= 10000');
      assert.deepEqual([r.passed, typeof r.value === 'number' && r.value > 0, /measured on this machine/.test(r.reason)], [true, true, true]);
    });
    it('fails a bound no real measurement can meet', async () => {
      const r = await evaluate('latency_p95_ms < 0');
      assert.deepEqual([r.passed, typeof r.value === 'number' && r.value > 0], [false, true]);
    });
    it('fails with "latency not measured" for a format onnxruntime cannot run', async () => {
      const r = await evaluate('latency_p95_ms <= 100', { file: 'model.pkl' });
      assert.deepEqual([r.passed, r.value], [false, null]);
      assert.match(r.reason, /^latency not measured: pickle models cannot be benchmarked here: .*model\.pkl: only ONNX runs locally; log a latency_p95_ms metric in the training run$/);
    });
    it('fails with "latency not measured" when the measurement cannot be taken', async () => {
      const r = await evaluate('latency_p95_ms <= 100', { services: { latencyP95: () => Promise.reject(new Error('runtime missing')) } });
      assert.deepEqual([r.passed, r.value, r.reason], [false, null, 'latency not measured: runtime missing']);
    });
  });

  describe('drift', () => {
    const psi = (value: number) => ({ maxPsi: () => Promise.resolve({ value, column: 'age' }) });
    const data = { reference: path.join(DATA, 'reference.csv'), current: path.join(DATA, 'current.csv') };
    it('computes the largest column PSI with the drift module, as numpy does', async () => {
      const r = await evaluate('max_psi <= 0.5', data);
      assert.equal(r.passed, true);
      assert.ok(Math.abs((r.value as number) - PSI.max.value) <= 1e-9 * PSI.max.value, `${String(r.value)} vs ${PSI.max.value}`);
      assert.match(r.reason, new RegExp(`in column "${PSI.max.column}"`));
    });
    it('fails on real data drifting more than the bound', async () => {
      assert.equal((await evaluate('max_psi <= 0.2', data)).passed, false);
    });
    it('fails with the reason when a configured data file is missing', async () => {
      const r = await evaluate('max_psi <= 0.2', { ...data, current: path.join(DATA, 'missing.csv') });
      assert.deepEqual([r.passed, r.value, r.reason.startsWith('drift not measured: ') && r.reason.includes('missing.csv')], [false, null, true]);
    });
    it('passes when the largest column PSI is under the bound', async () => {
      assert.deepEqual(verdict(await evaluate('max_psi <= 0.2', { reference: '/r.csv', current: '/c.csv', services: psi(0.05) })), [true, 0.05, 0.2]);
    });
    it('fails when the largest column PSI is over the bound, naming the column', async () => {
      const r = await evaluate('max_psi <= 0.2', { reference: '/r.csv', current: '/c.csv', services: psi(0.31) });
      assert.deepEqual([r.passed, r.reason], [false, 'largest PSI 0.31 in column "age", needs <= 0.2']);
    });
    it('fails when no reference or current data is configured', async () => {
      const r = await evaluate('max_psi <= 0.2', { reference: '/r.csv' });
      assert.deepEqual([r.passed, r.reason], [false, 'drift not measured: set current = "data/….csv" in [tool.mlops-lens.gates]']);
    });
    it('fails with the reason when the data cannot be compared', async () => {
      const r = await evaluate('max_psi <= 0.2', { reference: '/r.csv', current: '/c.csv', services: { maxPsi: () => Promise.reject(new Error('cannot read /c.csv')) } });
      assert.deepEqual([r.passed, r.reason], [false, 'drift not measured: cannot read /c.csv']);
    });
  });

  describe('not worse than the current holder', () => {
    it('passes when no version holds the alias yet', async () => {
      const r = await evaluate('not_worse_than_current: accuracy 0.01', { run: { metrics: { accuracy: 0.5 } } });
      assert.deepEqual([r.passed, r.reason], [true, 'no current holder of production: nothing to compare with']);
    });
    it('passes a challenger within the tolerance below the champion', async () => {
      assert.deepEqual(verdict(await evaluate('not_worse_than_current: accuracy 0.01', { run: { metrics: { accuracy: 0.895 } }, holder: { metrics: { accuracy: 0.9 } } })), [true, 0.895, 0.9 - 0.01]);
    });
    it('fails a challenger further below the champion than the tolerance', async () => {
      assert.deepEqual(verdict(await evaluate('not_worse_than_current: accuracy 0.01', { run: { metrics: { accuracy: 0.88 } }, holder: { metrics: { accuracy: 0.9 } } })), [false, 0.88, 0.9 - 0.01]);
    });
    it('takes a loss as lower-is-better with a relative tolerance', async () => {
      // 0.5 × 1.10 = 0.55: a loss of 0.56 is more than 10% worse.
      assert.deepEqual(verdict(await evaluate('not_worse_than_current: val_loss 10%', { run: { metrics: { val_loss: 0.56 } }, holder: { metrics: { val_loss: 0.5 } } })), [false, 0.56, 0.5 + 0.05]);
    });
    it('fails when the current holder never logged the metric', async () => {
      const r = await evaluate('not_worse_than_current: accuracy', { run: { metrics: { accuracy: 0.9 } }, holder: { metrics: { loss: 1 } } });
      assert.deepEqual([r.passed, r.reason], [false, 'cannot compare: the current production (version 2) has no "accuracy" logged']);
    });
    it('fails with "metric not logged" when the candidate never logged the metric', async () => {
      const r = await evaluate('not_worse_than_current: accuracy', { run: { metrics: {} }, holder: { metrics: { accuracy: 0.9 } } });
      assert.deepEqual([r.passed, r.reason.startsWith('metric not logged')], [false, true]);
    });
  });

  describe('lineage requirements', () => {
    it('require_git_clean passes for a run on a clean commit', async () => {
      assert.deepEqual(verdict(await evaluate('require_git_clean', { run: { git: CLEAN } })), [true, 'clean', 'clean']);
    });
    it('require_git_clean fails for a run with uncommitted changes', async () => {
      assert.deepEqual(verdict(await evaluate('require_git_clean', { run: { git: { ...CLEAN, dirty: true } } })), [false, 'dirty', 'clean']);
    });
    it('require_git_clean fails for a run without a commit', async () => {
      const r = await evaluate('require_git_clean', { run: { git: null } });
      assert.deepEqual([r.passed, r.reason], [false, `run ${r.reason.split(' ')[1]} recorded no git commit`]);
    });
    it('require_dataset passes for a run with an input dataset', async () => {
      assert.deepEqual(verdict(await evaluate('require_dataset', { run: { datasets: [{ path: 'data/train.csv', sha256: 'a'.repeat(64) }] } })), [true, 1, 1]);
    });
    it('require_dataset fails for a run without inputs', async () => {
      assert.deepEqual(verdict(await evaluate('require_dataset', { run: {} })), [false, 0, 1]);
    });
  });

  it('evaluates nothing for a target without gates', async () => {
    const ws = workspace();
    await registerModel(ws.reg, { name: 'm', file: ws.file('linear.onnx') });
    const results = await evaluateGates(ws.reg as Registry, { candidate: findVersion(ws.reg.statements, 'm', 1)!, target: 'champion', holder: null,
      gates: { targets: new Map(), reference: null, current: null, file: null } });
    ws.reg.close();
    assert.deepEqual(results, []);
  });
});
