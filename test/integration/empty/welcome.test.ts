import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MlopsLensApi } from '../../../src/extension/index';
import { contributions, extension, VIEW_IDS, workspaceRoot } from '../helpers';

describe('an empty workspace', () => {
  let api: MlopsLensApi;

  before(async () => {
    assert.deepEqual(fs.readdirSync(workspaceRoot()).filter((f) => f !== '.mlops'), [], 'the workspace is not empty');
    // Nothing in an empty folder matches the workspaceContains events: open it the way a view would.
    api = await extension().activate();
  });

  it('starts the backend with a new, empty registry in the workspace .mlops folder', async () => {
    const status = await api.backend.status();
    assert.equal(status.state, 'ready', status.error ?? '');
    assert.equal(status.registry, path.join(workspaceRoot(), '.mlops', 'registry.db'));
    assert.ok(fs.existsSync(status.registry));
    assert.deepEqual(status.counts, { experiments: 0, runs: 0, metrics: 0, models: 0, modelVersions: 0 });
  });

  it('gives the Experiments view no items, so VS Code shows its welcome content', async () => {
    assert.deepEqual(await api.views.experiments.getChildren(), []);
  });

  it('gives the Models view no items, so VS Code shows its welcome content', async () => {
    assert.deepEqual(await api.views.models.getChildren(), []);
  });

  it('gives the Maturity view no items, so VS Code shows its welcome content', async () => {
    assert.deepEqual(await api.views.maturity.getChildren(), []);
  });

  it('contributes welcome content for each of the three views', () => {
    const welcomed = new Set(contributions().viewsWelcome.filter((w) => w.contents.trim() !== '').map((w) => w.view));
    assert.deepEqual(VIEW_IDS.filter((id) => !welcomed.has(id)), []);
  });
});
