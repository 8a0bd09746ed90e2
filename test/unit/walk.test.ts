import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { walkTree, type WalkEntry } from '../../src/core/walk';

describe('walking a folder tree', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-walk-'));
    for (const f of ['b.py', 'a/z.py', 'a/y/x.py', 'node_modules/pkg/i.js', 'data/raw/d.csv', 'c/keep.txt']) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), '');
    }
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const walk = (opts: Parameters<typeof walkTree>[2] = {}, visit: (e: WalkEntry) => boolean | void = () => undefined) => {
    const seen: string[] = [];
    walkTree(root, (e) => {
      seen.push(`${e.rel}:${e.kind}`);
      return visit(e);
    }, opts);
    return seen;
  };

  it('visits depth first in name order, listing skipped folders without entering them', () => {
    assert.deepEqual(walk(), ['a:dir', 'a/y:dir', 'a/y/x.py:file', 'a/z.py:file', 'b.py:file', 'c:dir', 'c/keep.txt:file', 'data:dir', 'data/raw:dir', 'data/raw/d.csv:file', 'node_modules:dir']);
  });

  it('follows a symlink into a folder once, ends a link loop, and reports a dangling link', () => {
    fs.symlinkSync(root, path.join(root, 'a', 'loop'));
    fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'dangling'));
    const seen = walk();
    assert.ok(seen.includes('a/loop:dir'));
    assert.ok(!seen.some((s) => s.startsWith('a/loop/')), 'the loop back to the root is not entered again');
    assert.ok(seen.includes('dangling:broken'));
  });

  it('leaves out excluded paths, and folders the visitor declines', () => {
    assert.ok(!walk({ exclude: ['data'] }).some((s) => s.startsWith('data')));
    const seen = walk({}, (e) => e.rel !== 'a');
    assert.ok(seen.includes('a:dir') && !seen.some((s) => s.startsWith('a/')));
  });

  it('stops when its signal aborts', () => {
    const ac = new AbortController();
    const seen = walk({ signal: ac.signal }, () => ac.abort());
    assert.deepEqual(seen, ['a:dir']);
  });
});
