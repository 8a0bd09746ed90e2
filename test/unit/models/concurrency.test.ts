import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { listModels, promote, registerModel } from '../../../src/core/models';
import { cleanup, openRegistry, startTs, waitForLine, workspace } from './helpers';

const CHILD = path.join(__dirname, 'children', 'promoter.ts');

/**
 * Registers versions 1-3 of `m` (version 1 holding production when `held`), then has two processes
 * promote versions 2 and 3 to production: both plan before either commits.
 */
async function race(held: boolean) {
  const ws = workspace();
  for (const f of ['linear.onnx', 'linear_v2.onnx', 'model.pt']) await registerModel(ws.reg, { name: 'm', file: ws.file(f) });
  if (held) await promote(ws.reg, { name: 'm', version: 1, to: 'production', gates: { targets: new Map(), reference: null, current: null, file: null } });
  const file = ws.reg.file;
  ws.reg.close();
  const children = ['2', '3'].map((v) => startTs(CHILD, [file, 'm', v, 'production']));
  await Promise.all(children.map((c) => waitForLine(c.child, (l) => l === 'planned')));
  for (const c of children) c.child.stdin.write('go\n');
  const outs = await Promise.all(children.map((c) => c.done));
  const lines = outs.map((o) => o.stdout.trim().split('\n').pop()!);
  const reg = openRegistry(ws.dir);
  const holders = listModels(reg)[0]!.versions.filter((v) => v.aliases.includes('production')).map((v) => v.version);
  const rows = (reg.db.prepare('SELECT count(*) AS n FROM promotions').get() as { n: number }).n;
  reg.close();
  return { lines, holders, rows, log: outs.map((o) => o.stdout + o.stderr).join('\n') };
}

describe('models: concurrent promotions', () => {
  afterEach(cleanup);

  it('lets exactly one of two processes claiming a free alias win; the other gets a conflict', async () => {
    const r = await race(false);
    assert.deepEqual(r.lines.map((l) => l.split(' ')[0]).sort(), ['lost', 'won'], r.log);
    assert.match(r.lines.find((l) => l.startsWith('lost'))!,
      /^lost promotion conflict: m@production: another promotion moved it first \(it was free when the gates ran, it now points at version [23]\); evaluate the gates again$/);
    assert.deepEqual([r.holders, r.rows], [[r.lines[0] === 'won' ? 2 : 3], 1]);
  });

  it('lets exactly one of two processes replacing the same holder win; the other gets a conflict', async () => {
    const r = await race(true);
    assert.deepEqual(r.lines.map((l) => l.split(' ')[0]).sort(), ['lost', 'won'], r.log);
    assert.match(r.lines.find((l) => l.startsWith('lost'))!, /\(it was held by version 1 when the gates ran, it now points at version [23]\)/);
    assert.deepEqual([r.holders, r.rows], [[r.lines[0] === 'won' ? 2 : 3], 2]);
  });
});
