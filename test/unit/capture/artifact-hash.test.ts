import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { workspace, type Workspace } from './helpers';

const RUN = 'ultralytics/runs/detect/train';

describe('artifact hashing during ingest', () => {
  let ws: Workspace;
  afterEach(() => ws.close());

  it('keeps the backend responsive while it hashes a large checkpoint, and records its sha256', async () => {
    ws = workspace('ultralytics');
    const big = path.join(ws.root, RUN, 'weights', 'big.pt');
    // 256 MiB, sparse: quick to create, and still read byte by byte by the hash.
    fs.writeFileSync(big, 'head');
    fs.truncateSync(big, 256 << 20);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      await ws.ingest();
    } finally {
      clearInterval(timer);
    }
    // A synchronous hash would hold the event loop for the whole read: no tick could run.
    assert.ok(ticks >= 3, `the event loop ran ${ticks} timer ticks while hashing`);
    const expected = createHash('sha256').update(fs.readFileSync(big)).digest('hex');
    const a = ws.run('ultralytics', RUN).artifacts.find((x) => x.path === big);
    assert.deepEqual([a?.bytes, a?.sha256], [256 << 20, expected]);
  });

  it('reports an artifact it cannot hash by path, and still imports the run with its other artifacts', async () => {
    ws = workspace('dvclive');
    const project = path.join(ws.root, 'dvclive/project');
    execFileSync('mkfifo', [path.join(project, 'pipe.pt')]);
    const yaml = path.join(project, 'dvclive/dvc.yaml');
    fs.appendFileSync(yaml, '  pipe:\n    path: ../pipe.pt\n    type: model\n');
    assert.match(fs.readFileSync(yaml, 'utf8'), /artifacts:[\s\S]*pipe:/, 'the fixture lists its artifacts under artifacts:');
    const rep = await ws.ingest();
    const err = rep.errors.find((e) => e.path === path.join(project, 'pipe.pt'));
    assert.match(err?.message ?? '', /cannot hash artifact: .*not a regular file/);
    const run = ws.run('dvclive', 'dvclive/project/dvclive');
    assert.deepEqual(run.artifacts.map((a) => path.basename(a.path)), ['model.pt']);
    assert.ok(Object.keys(run.metrics).length > 0);
  });
});
