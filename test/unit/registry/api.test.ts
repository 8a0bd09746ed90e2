import * as assert from 'node:assert/strict';
import type { Registry } from '../../../src/core/registry';
import { assertMlopsError, cleanup, openFresh, start } from './helpers';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

/** Gives a run a chosen id (UUIDs are random; prefix tests need known ones). */
function renameRun(reg: Registry, from: string, to: string): string {
  reg.db.prepare('UPDATE runs SET id = ? WHERE id = ?').run(to, from);
  return to;
}

describe('registry API', () => {
  let reg: Registry;
  beforeEach(() => { reg = openFresh(); });
  afterEach(() => { reg.close(); cleanup(); });

  describe('experiments', () => {
    it('returns the same id for the same name and a new id for a new name', () => {
      const a = reg.experiment('churn');
      assert.equal(reg.experiment('churn'), a);
      assert.notEqual(reg.experiment('fraud'), a);
      assert.deepEqual(reg.listExperiments().map((e) => e.name), ['churn', 'fraud']);
    });

    it('counts runs per experiment', () => {
      start(reg, { experiment: 'churn' });
      start(reg, { experiment: 'churn' });
      reg.experiment('empty');
      assert.deepEqual(reg.listExperiments().map((e) => [e.name, e.runs]), [['churn', 2], ['empty', 0]]);
    });

    it('refuses an empty experiment name', () => {
      assertMlopsError(() => reg.experiment('  '), /invalid experiment name/);
    });
  });

  describe('runs', () => {
    it('reads back every field given at start, with ISO times', () => {
      const id = start(reg, {
        experiment: 'churn', name: 'baseline', sourceKind: 'import', importer: 'mlflow', sourcePath: 'mlruns/1/abc',
        command: 'python train.py --lr 0.1', cwd: '/work/proj', git: { commit: 'c0ffee'.repeat(6) + 'abcd', branch: 'main', dirty: true },
        startedAt: Date.UTC(2024, 0, 2, 3, 4, 5, 678),
      });
      const run = reg.getRun(id);
      assert.equal(run.id, id);
      assert.equal(run.name, 'baseline');
      assert.equal(run.experiment, 'churn');
      assert.equal(run.status, 'running');
      assert.deepEqual(run.source, { kind: 'import', importer: 'mlflow', path: 'mlruns/1/abc' });
      assert.equal(run.command, 'python train.py --lr 0.1');
      assert.equal(run.cwd, '/work/proj');
      assert.deepEqual(run.git, { commit: 'c0ffee'.repeat(6) + 'abcd', branch: 'main', dirty: true });
      assert.equal(run.startedAt, '2024-01-02T03:04:05.678Z');
      assert.equal(run.endedAt, null);
      assert.equal(run.exitCode, null);
    });

    it('keeps unknown fields as null', () => {
      const run = reg.getRun(start(reg, { startedAt: null }));
      assert.equal(run.name, null);
      assert.equal(run.command, null);
      assert.equal(run.git, null);
      assert.equal(run.startedAt, null);
      assert.deepEqual(run.source, { kind: 'cli', importer: null, path: null });
      assert.deepEqual(run.params, {});
      assert.deepEqual(run.metrics, {});
      assert.deepEqual(run.tags, {});
      assert.deepEqual(run.artifacts, []);
      assert.deepEqual(run.inputs, []);
    });

    it('ends a run with its status, exit code and end time', () => {
      const id = start(reg);
      reg.endRun(id, { status: 'failed', exitCode: 3, endedAt: Date.UTC(2024, 5, 1) });
      const run = reg.getRun(id);
      assert.equal(run.status, 'failed');
      assert.equal(run.exitCode, 3);
      assert.equal(run.endedAt, '2024-06-01T00:00:00.000Z');
    });

    it('refuses to end a run as running, and to end a run that does not exist', () => {
      const id = start(reg);
      assertMlopsError(() => reg.endRun(id, { status: 'running' as 'finished' }), /invalid end status/);
      assertMlopsError(() => reg.endRun('0000dead-0000-0000-0000-000000000000', { status: 'finished' }), /no such run: 0000dead/);
      assert.equal(reg.getRun(id).status, 'running');
    });

    it('refuses an unknown source kind or status', () => {
      assertMlopsError(() => start(reg, { sourceKind: 'ftp' as 'cli' }), /invalid run source: ftp/);
      assertMlopsError(() => start(reg, { status: 'paused' as 'running' }), /invalid run status: paused/);
      assert.equal(reg.counts().runs, 0);
    });

    it('finds a run by a unique prefix of its id, in any case', () => {
      const id = renameRun(reg, start(reg), 'abcd1234-0000-4000-8000-000000000001');
      renameRun(reg, start(reg), 'abce5678-0000-4000-8000-000000000002');
      assert.equal(reg.getRun('abcd').id, id);
      assert.equal(reg.getRun('ABCD12').id, id);
    });

    it('says a prefix shared by two runs is ambiguous', () => {
      renameRun(reg, start(reg), 'abcd1234-0000-4000-8000-000000000001');
      renameRun(reg, start(reg), 'abcd5678-0000-4000-8000-000000000002');
      assertMlopsError(() => reg.getRun('abcd'), /ambiguous run id: abcd/);
    });

    it('does not resolve prefixes shorter than four characters', () => {
      renameRun(reg, start(reg), 'abcd1234-0000-4000-8000-000000000001');
      assertMlopsError(() => reg.getRun('abc'), /no such run: abc/);
    });

    it('finds a run again by its source key', () => {
      const id = start(reg, { sourceKey: 'mlflow:mlruns/1/abc' });
      assert.equal(reg.runBySourceKey('mlflow:mlruns/1/abc'), id);
      assert.equal(reg.runBySourceKey('mlflow:other'), undefined);
    });

    it('deletes a run with its params, metrics and summaries', () => {
      const id = start(reg);
      reg.setParams(id, { lr: '0.1' });
      reg.logMetrics(id, [{ key: 'loss', step: 0, ts: 1, value: 1 }]);
      reg.deleteRun(id);
      const n = (t: string) => (reg.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
      assert.deepEqual([n('runs'), n('params'), n('metric_points'), n('metric_summaries')], [0, 0, 0, 0]);
    });
  });

  describe('params and tags', () => {
    it('stores params and overwrites a key given again', () => {
      const id = start(reg);
      reg.setParams(id, { lr: '0.1', epochs: '10' });
      reg.setParams(id, { lr: '0.01' });
      assert.deepEqual(reg.getRun(id).params, { epochs: '10', lr: '0.01' });
    });

    it('stores tags apart from params', () => {
      const id = start(reg);
      reg.setTags(id, { owner: 'ana' });
      const run = reg.getRun(id);
      assert.deepEqual(run.tags, { owner: 'ana' });
      assert.deepEqual(run.params, {});
    });

    it('refuses a non-string param value and writes none of the batch', () => {
      const id = start(reg);
      assertMlopsError(() => reg.setParams(id, { a: '1', b: 2 as unknown as string }), /invalid param value: run .*, b: expected a string/);
      assert.deepEqual(reg.getRun(id).params, {});
    });

    it('refuses params for a run that does not exist', () => {
      assertMlopsError(() => reg.setParams('feedbeef-0000-0000-0000-000000000000', { a: '1' }), /no such run: feedbeef/);
      assertMlopsError(() => reg.setTags('feedbeef-0000-0000-0000-000000000000', { a: '1' }), /no such run: feedbeef/);
    });
  });

  describe('metrics', () => {
    it('keeps NaN, Infinity and -Infinity as such', () => {
      const id = start(reg);
      const points = [
        { key: 'loss', step: 0, ts: 10, value: Number.NaN },
        { key: 'loss', step: 1, ts: 11, value: Infinity },
        { key: 'loss', step: 2, ts: 12, value: -Infinity },
        { key: 'loss', step: 3, ts: null, value: -0.25 },
      ];
      reg.logMetrics(id, points);
      assert.deepEqual(reg.metricHistory(id, 'loss'), points);
      assert.deepEqual(reg.getRun(id).metrics.loss, { last: -0.25, step: 3, min: -Infinity, max: Infinity, count: 4 });
    });

    it('returns the history of a key ordered by step', () => {
      const id = start(reg);
      reg.logMetrics(id, [{ key: 'a', step: 5, ts: 1, value: 5 }, { key: 'a', step: 1, ts: 2, value: 1 }, { key: 'b', step: 0, ts: 0, value: 9 }]);
      assert.deepEqual(reg.metricHistory(id, 'a').map((p) => p.step), [1, 5]);
    });

    const bad: [string, unknown, RegExp][] = [
      ['a string value', { key: 'loss', step: 1, ts: 0, value: '0.5' }, /invalid metric value: run .*, point 1 \(loss\): expected a number, got string/],
      ['a fractional step', { key: 'loss', step: 1.5, ts: 0, value: 1 }, /invalid metric step: .*point 1 \(loss\): expected an integer, got 1.5/],
      ['a NaN step', { key: 'loss', step: Number.NaN, ts: 0, value: 1 }, /invalid metric step/],
      ['a string step', { key: 'loss', step: '3', ts: 0, value: 1 }, /invalid metric step/],
      ['an empty key', { key: '', step: 1, ts: 0, value: 1 }, /invalid metric key: .*point 1/],
      ['a missing key', { step: 1, ts: 0, value: 1 }, /invalid metric key/],
      ['a string timestamp', { key: 'loss', step: 1, ts: '2024-01-01', value: 1 }, /invalid metric timestamp/],
      ['a null point', null, /invalid metric point: .*point 1: expected an object, got null/],
    ];
    for (const [what, point, message] of bad) {
      it(`refuses a batch with ${what} and writes nothing of it`, () => {
        const id = start(reg);
        reg.logMetrics(id, [{ key: 'loss', step: 0, ts: 0, value: 1 }]);
        const batch = [{ key: 'loss', step: 9, ts: 0, value: 2 }, point, { key: 'loss', step: 10, ts: 0, value: 3 }];
        assertMlopsError(() => reg.logMetrics(id, batch as never), message);
        assert.equal(reg.counts().metrics, 1);
        assert.deepEqual(reg.getRun(id).metrics.loss, { last: 1, step: 0, min: 1, max: 1, count: 1 });
      });
    }

    it('refuses a batch that is not an array', () => {
      const id = start(reg);
      assertMlopsError(() => reg.logMetrics(id, { key: 'loss' } as never), /invalid metric batch/);
    });

    it('refuses metrics for a run that does not exist and writes nothing', () => {
      assertMlopsError(() => reg.logMetrics('feedbeef-0000-0000-0000-000000000000', [{ key: 'x', step: 0, ts: 0, value: 1 }]), /no such run: feedbeef/);
      assert.equal(reg.counts().metrics, 0);
    });

    it('deletes the points and summary of one key, or of every key, and lists what is left', () => {
      const id = start(reg);
      const other = start(reg);
      const points = [0, 1, 2].flatMap((step) => ['loss', 'acc'].map((key) => ({ key, step, ts: step, value: step + (key === 'acc' ? 0.5 : 0) })));
      reg.logMetrics(id, points);
      reg.logMetrics(other, points);
      assert.equal(reg.deletePoints(id, ['loss', 'never-logged']), 3);
      assert.deepEqual(reg.metricHistory(id, 'loss'), []);
      assert.deepEqual(reg.metricHistory(id, 'acc').map((p) => p.value), [0.5, 1.5, 2.5]);
      assert.deepEqual(Object.keys(reg.listRuns().find((r) => r.id === id)!.metrics), ['acc']);
      // Points logged again after a delete start a new series.
      reg.logMetrics(id, [{ key: 'loss', step: 0, ts: 9, value: 7 }]);
      assert.deepEqual(reg.getRun(id).metrics.loss, { last: 7, step: 0, min: 7, max: 7, count: 1 });
      assert.equal(reg.deletePoints(id, 'all'), 4);
      assert.deepEqual([reg.getRun(id).metrics, reg.listRuns().find((r) => r.id === id)!.metrics], [{}, {}]);
      assert.equal(reg.metricHistory(other, 'loss').length, 3, 'the other run keeps its points');
      assert.equal(reg.counts().metrics, 6);
    });

    it('keeps the design\'s metrics(run_id, key, step, ts, value) readable with plain SQL', () => {
      const id = start(reg);
      reg.logMetrics(id, [{ key: 'loss', step: 1, ts: 5, value: 0.25 }, { key: 'acc', step: 1, ts: 5, value: Number.NaN }]);
      assert.deepEqual(reg.db.prepare('SELECT run_id, key, step, ts, value FROM metrics ORDER BY key').all(), [
        { run_id: id, key: 'acc', step: 1, ts: 5, value: null },
        { run_id: id, key: 'loss', step: 1, ts: 5, value: 0.25 },
      ]);
    });

    it('rolls back the metrics of a write transaction that throws later', () => {
      const id = start(reg);
      assert.throws(() => reg.write(() => {
        reg.logMetrics(id, [{ key: 'x', step: 0, ts: 0, value: 1 }]);
        throw new Error('stop');
      }), /stop/);
      assert.equal(reg.counts().metrics, 0);
      assert.deepEqual(reg.getRun(id).metrics, {});
    });
  });

  describe('artifacts and datasets', () => {
    it('adds an artifact and updates it in place when the same path is added again', () => {
      const id = start(reg);
      const first = reg.addArtifact(id, { path: 'model.onnx', kind: 'model', sha256: SHA_A, bytes: 10 });
      const again = reg.addArtifact(id, { path: 'model.onnx', kind: 'model', sha256: SHA_B, bytes: 20 });
      assert.equal(again, first);
      assert.deepEqual(reg.artifact(first), { id: first, runId: id, path: 'model.onnx', kind: 'model', sha256: SHA_B, bytes: 20 });
      assert.deepEqual(reg.getRun(id).artifacts.map((a) => a.path), ['model.onnx']);
    });

    it('keeps artifacts of different runs apart and allows artifacts without a run', () => {
      const a = reg.addArtifact(start(reg), { path: 'model.onnx', kind: 'model' });
      const b = reg.addArtifact(start(reg), { path: 'model.onnx', kind: 'model' });
      const loose = reg.addArtifact(null, { path: 'external.onnx', kind: 'model' });
      assert.equal(new Set([a, b, loose]).size, 3);
      assert.equal(reg.artifact(loose)!.runId, null);
    });

    it('refuses an artifact for a run that does not exist', () => {
      assertMlopsError(() => reg.addArtifact('feedbeef-0000-0000-0000-000000000000', { path: 'm', kind: 'model' }), /no such run/);
    });

    it('identifies a dataset by path and content', () => {
      const d1 = reg.addDataset({ path: 'data/train.csv', sha256: SHA_A, bytes: 100, rows: 9, schema: { cols: ['x', 'y'] } });
      assert.equal(reg.addDataset({ path: 'data/train.csv', sha256: SHA_A }), d1);
      const d2 = reg.addDataset({ path: 'data/train.csv', sha256: SHA_B });
      assert.notEqual(d2, d1);
    });

    it('refuses a dataset hash that is not a sha256 digest', () => {
      assertMlopsError(() => reg.addDataset({ path: 'data/x.csv', sha256: 'abc' }), /invalid dataset hash: data\/x.csv/);
    });

    it('links datasets as run inputs once and lists them with the run', () => {
      const id = start(reg);
      const d = reg.addDataset({ path: 'data/train.csv', sha256: SHA_A, bytes: 100, rows: 9, schema: { cols: ['x', 'y'] } });
      reg.linkInput(id, d);
      reg.linkInput(id, d);
      assert.deepEqual(reg.inputs(id), [{ id: d, path: 'data/train.csv', sha256: SHA_A, bytes: 100, rows: 9, schema: { cols: ['x', 'y'] } }]);
      assert.deepEqual(reg.getRun(id).inputs.map((i) => i.id), [d]);
    });

    it('refuses to link a dataset that does not exist', () => {
      const id = start(reg);
      assertMlopsError(() => reg.linkInput(id, 999), /no such dataset: 999/);
    });
  });

  describe('model versions', () => {
    it('numbers versions per model from 1', () => {
      const v1 = reg.addModelVersion({ model: 'churn', sha256: SHA_A, format: 'onnx', bytes: 5 });
      const v2 = reg.addModelVersion({ model: 'churn', sha256: SHA_B, format: 'onnx' });
      const other = reg.addModelVersion({ model: 'fraud', sha256: SHA_A, format: 'onnx' });
      assert.deepEqual([v1.version, v2.version, other.version], [1, 2, 1]);
      assert.deepEqual(reg.listModelVersions().map((v) => `${v.model}@${v.version}`), ['churn@1', 'churn@2', 'fraud@1']);
      assert.equal(reg.counts().models, 2);
      assert.equal(reg.counts().modelVersions, 3);
    });

    it('says which version already holds the same content', () => {
      reg.addModelVersion({ model: 'churn', sha256: SHA_A, format: 'onnx' });
      reg.addModelVersion({ model: 'churn', sha256: SHA_B, format: 'onnx' });
      assertMlopsError(() => reg.addModelVersion({ model: 'churn', sha256: SHA_B, format: 'onnx' }), /model already registered: churn version 2: same content \(sha256 bbbbbbbbbbbb\)/);
      assert.equal(reg.modelVersionByContent('churn', SHA_B)!.version, 2);
      assert.equal(reg.modelVersionByContent('churn', 'c'.repeat(64)), undefined);
      assert.equal(reg.counts().modelVersions, 2);
    });

    it('keeps the run a version came from', () => {
      const id = start(reg);
      const v = reg.addModelVersion({ model: 'churn', sha256: SHA_A, format: 'onnx', runId: id, createdAt: Date.UTC(2024, 0, 1) });
      assert.equal(v.run, id);
      assert.equal(v.createdAt, '2024-01-01T00:00:00.000Z');
    });

    it('refuses a model name that could leave the models folder', () => {
      for (const name of ['../x', 'a/b', '.hidden', '']) {
        assertMlopsError(() => reg.addModelVersion({ model: name, sha256: SHA_A, format: null }), /invalid model name/);
      }
      assert.equal(reg.counts().models, 0);
    });
  });

  it('counts experiments, runs, metrics, models and versions', () => {
    const id = start(reg);
    reg.logMetrics(id, [{ key: 'a', step: 0, ts: 0, value: 1 }, { key: 'a', step: 1, ts: 0, value: 2 }]);
    reg.addModelVersion({ model: 'm', sha256: SHA_A, format: null });
    assert.deepEqual(reg.counts(), { experiments: 1, runs: 1, metrics: 2, models: 1, modelVersions: 1 });
  });
});
