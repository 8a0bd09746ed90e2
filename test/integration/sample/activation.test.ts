import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { activatedByWorkspace, extension, workspaceRoot } from '../helpers';

describe('activation on the sample workspace', () => {
  it('is activated by the workspace itself, without a command or a view', async () => {
    assert.ok(fs.existsSync(path.join(workspaceRoot(), 'pyproject.toml')), 'the sample workspace has a pyproject.toml');
    await activatedByWorkspace();
    assert.equal(extension().isActive, true);
  });

  it('returns its API (backend and the three tree providers) from activate', async () => {
    const api = await activatedByWorkspace();
    assert.equal(typeof api.backend.status, 'function');
    assert.deepEqual(Object.keys(api.views).sort(), ['experiments', 'maturity', 'models']);
  });
});
