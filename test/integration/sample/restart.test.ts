import * as assert from 'node:assert/strict';
import type { MlopsLensApi } from '../../../src/extension/index';
import { readMlflowStore } from '../../editor/sample-mlflow';
import { activatedByWorkspace, childrenWhen, nextPhase, workspaceRoot } from '../helpers';

describe('a crashed backend', () => {
  let api: MlopsLensApi;
  let killedPid: number;

  before(async () => {
    api = await activatedByWorkspace();
    killedPid = (await api.backend.status()).pid;
    const restarted = nextPhase(api, 'running');
    process.kill(killedPid, 'SIGKILL');
    await restarted;
  });

  it('is restarted by the client in a new process', async () => {
    const status = await api.backend.status();
    assert.equal(status.state, 'ready', status.error ?? '');
    assert.notEqual(status.pid, killedPid);
    assert.throws(() => process.kill(killedPid, 0), /ESRCH/);
  });

  it('leaves the views answering from the new process', async () => {
    const names = readMlflowStore(workspaceRoot()).map((e) => e.name);
    const experiments = await childrenWhen(api.views.experiments, (items) => names.every((n) => items.some((i) => i.kind === 'experiment' && i.name === n)));
    assert.deepEqual(names.filter((n) => !experiments.some((i) => i.kind === 'experiment' && i.name === n)), []);
    assert.ok(Array.isArray(await api.views.models.getChildren()));
  });
});
