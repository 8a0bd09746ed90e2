import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readMlflowStore } from '../../editor/sample-mlflow';
import { activatedByWorkspace, childrenWhen, workspaceRoot } from '../helpers';

describe('the backend on the sample workspace', () => {
  it('answers mlopsLens/status as ready, with the registry in the workspace .mlops folder', async () => {
    const status = await (await activatedByWorkspace()).backend.status();
    assert.equal(status.state, 'ready', status.error ?? '');
    assert.equal(status.registry, path.join(workspaceRoot(), '.mlops', 'registry.db'));
    assert.equal(status.workspaceRoot, workspaceRoot());
    assert.equal(status.trusted, true);
  });

  it('runs in its own live process, not in the extension host', async () => {
    const { pid } = await (await activatedByWorkspace()).backend.status();
    assert.notEqual(pid, process.pid);
    assert.doesNotThrow(() => process.kill(pid, 0));
  });

  it('captures every run of the sample MLflow store into the Experiments view', async () => {
    const store = readMlflowStore(workspaceRoot());
    assert.ok(store.length > 0, 'the sample workspace has no MLflow runs');
    const { experiments } = (await activatedByWorkspace()).views;
    const has = (name: string, runs: number) => (n: { kind: string; name?: string; runs?: number }) => n.kind === 'experiment' && n.name === name && n.runs === runs;
    const top = await childrenWhen(experiments, (items) => store.every((e) => items.some(has(e.name, e.runs.length))));
    for (const exp of store) {
      const node = top.find(has(exp.name, exp.runs.length));
      assert.ok(node, `experiment ${exp.name} with ${exp.runs.length} runs is not in the view`);
      const runs = await experiments.getChildren(node);
      assert.deepEqual(runs.map((n) => (n.kind === 'run' ? n.run.name : n.kind)).sort(), exp.runs.map((r) => r.name).sort());
    }
  });

  it('counts at least the runs and metric points of the sample MLflow store', async () => {
    const store = readMlflowStore(workspaceRoot());
    const api = await activatedByWorkspace();
    await childrenWhen(api.views.experiments, (items) => items.length >= store.length);
    const { counts } = await api.backend.status();
    assert.ok(counts, 'status has no counts');
    assert.ok(counts.runs >= store.reduce((n, e) => n + e.runs.length, 0), `runs ${counts.runs}`);
    assert.ok(counts.metrics >= store.flatMap((e) => e.runs).reduce((n, r) => n + r.metricPoints, 0), `metric points ${counts.metrics}`);
  });
});
