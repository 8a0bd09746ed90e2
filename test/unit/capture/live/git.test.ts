import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gitInfo, savePatch, toRunGit } from '../../../../src/core/capture/git';
import { gitIn, makeRepo, tempDir, write } from './repo';

/** Reproduces a run's code: a fresh clone at the patch's base with the patch applied by git itself. */
function reproduce(repo: string, base: string | null, patchFile: string): string {
  const dir = tempDir('mlops-repro-');
  if (base === null) {
    gitIn(dir, 'init', '-q');
  } else {
    gitIn(dir, 'clone', '-q', repo, '.');
    gitIn(dir, 'checkout', '-q', base);
  }
  gitIn(dir, 'apply', '--whitespace=nowarn', patchFile);
  return dir;
}

describe('git lineage', () => {
  it('returns null outside a repository', async () => {
    const dir = tempDir();
    assert.equal(await gitInfo(dir), null);
    assert.equal(await savePatch(dir, path.join(dir, '.mlops')), null);
  });

  it('returns null for a damaged repository instead of failing', async () => {
    const dir = tempDir();
    write(dir, { '.git': 'gitdir: /nonexistent/place\n' });
    assert.equal(await gitInfo(dir), null);
  });

  it('reports the commit and branch of a clean repository as not dirty', async () => {
    const repo = makeRepo({ 'train.py': 'print(1)\n' });
    const info = await gitInfo(repo);
    assert.equal(info?.commit, gitIn(repo, 'rev-parse', 'HEAD'));
    assert.equal(info?.branch, 'main');
    assert.equal(info?.dirty, false);
    assert.equal(await savePatch(repo, path.join(repo, '.mlops')), null);
  });

  it('finds the repository from a subfolder', async () => {
    const repo = makeRepo({ 'src/train.py': 'x = 1\n' });
    const info = await gitInfo(path.join(repo, 'src'));
    assert.equal(info?.root, fs.realpathSync(repo));
  });

  it('reports a detached HEAD with its commit and no branch', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const first = gitIn(repo, 'rev-parse', 'HEAD');
    write(repo, { 'a.txt': 'b\n' });
    gitIn(repo, 'commit', '-q', '-am', 'second');
    gitIn(repo, 'checkout', '-q', '--detach', first);
    const info = await gitInfo(repo);
    assert.deepEqual([info?.commit, info?.branch, info?.dirty], [first, null, false]);
  });

  it('reports no commit in a repository without commits, and records no git for the run', async () => {
    const repo = makeRepo();
    const info = await gitInfo(repo);
    assert.equal(info?.commit, null);
    assert.equal(info?.branch, 'main');
    assert.equal(toRunGit(info), null);
  });

  it('saves an unstaged change to a tracked file as a patch that git applies on the commit', async () => {
    const repo = makeRepo({ 'train.py': 'lr = 0.1\nepochs = 3\n' });
    write(repo, { 'train.py': 'lr = 0.01\nepochs = 3\n' });
    const info = await gitInfo(repo);
    assert.equal(info?.dirty, true);
    const patch = await savePatch(repo, path.join(repo, '.mlops'));
    assert.ok(patch);
    assert.deepEqual(patch.files, ['train.py']);
    const copy = reproduce(repo, patch.base, patch.path);
    assert.equal(fs.readFileSync(path.join(copy, 'train.py'), 'utf8'), 'lr = 0.01\nepochs = 3\n');
  });

  it('names the patch by the sha256 of its bytes under .mlops/artifacts', async () => {
    const repo = makeRepo({ 'a.txt': 'one\n' });
    write(repo, { 'a.txt': 'two\n' });
    const patch = (await savePatch(repo, path.join(repo, '.mlops')))!;
    const bytes = fs.readFileSync(patch.path);
    assert.equal(patch.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(patch.path, path.join(repo, '.mlops', 'artifacts', `${patch.sha256}.patch`));
    assert.equal(patch.bytes, bytes.length);
  });

  it('saves the same dirty tree twice to the same file', async () => {
    const repo = makeRepo({ 'a.txt': 'one\n' });
    write(repo, { 'a.txt': 'two\n' });
    const a = (await savePatch(repo, path.join(repo, '.mlops')))!;
    const b = (await savePatch(repo, path.join(repo, '.mlops')))!;
    assert.equal(a.path, b.path);
    assert.deepEqual(fs.readdirSync(path.join(repo, '.mlops', 'artifacts')), [path.basename(a.path)]);
  });

  it('includes staged and unstaged changes of the same file', async () => {
    const repo = makeRepo({ 'cfg.yaml': 'a: 1\nb: 2\n' });
    write(repo, { 'cfg.yaml': 'a: 10\nb: 2\n' });
    gitIn(repo, 'add', 'cfg.yaml');
    write(repo, { 'cfg.yaml': 'a: 10\nb: 20\n' });
    const patch = (await savePatch(repo, path.join(repo, '.mlops')))!;
    const copy = reproduce(repo, patch.base, patch.path);
    assert.equal(fs.readFileSync(path.join(copy, 'cfg.yaml'), 'utf8'), 'a: 10\nb: 20\n');
  });

  it('includes a staged new file', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    write(repo, { 'model.py': 'class Net: pass\n' });
    gitIn(repo, 'add', 'model.py');
    const patch = (await savePatch(repo, path.join(repo, '.mlops')))!;
    const copy = reproduce(repo, patch.base, patch.path);
    assert.equal(fs.readFileSync(path.join(copy, 'model.py'), 'utf8'), 'class Net: pass\n');
  });

  it('includes untracked text files, also without a final newline or with spaces and accents in the name', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    write(repo, { 'new/util.py': 'def f():\n    return 1\n', 'no newline.txt': 'x\ny', 'données é.csv': 'a,b\n1,2\n', 'empty.txt': '' });
    const patch = (await savePatch(repo, path.join(repo, '.mlops')))!;
    assert.deepEqual([...patch.files].sort(), ['données é.csv', 'empty.txt', 'new/util.py', 'no newline.txt']);
    const copy = reproduce(repo, patch.base, patch.path);
    assert.equal(fs.readFileSync(path.join(copy, 'new/util.py'), 'utf8'), 'def f():\n    return 1\n');
    assert.equal(fs.readFileSync(path.join(copy, 'no newline.txt'), 'utf8'), 'x\ny');
    assert.equal(fs.readFileSync(path.join(copy, 'données é.csv'), 'utf8'), 'a,b\n1,2\n');
    assert.equal(fs.readFileSync(path.join(copy, 'empty.txt'), 'utf8'), '');
  });

  it('lists binary and oversized untracked files as skipped instead of saving them', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    write(repo, { 'weights.bin': Buffer.from([1, 0, 2, 3]), 'big.txt': 'x'.repeat(2000), 'small.txt': 'ok\n' });
    const patch = (await savePatch(repo, path.join(repo, '.mlops'), { maxUntrackedFileBytes: 1000 }))!;
    assert.deepEqual(patch.files, ['small.txt']);
    assert.deepEqual(patch.skipped, [{ path: 'big.txt', reason: 'larger than 1000 bytes' }, { path: 'weights.bin', reason: 'binary file' }]);
  });

  it('stops adding untracked files once they pass the total limit', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    write(repo, { 'u1.txt': 'x'.repeat(600) + '\n', 'u2.txt': 'y'.repeat(600) + '\n', 'u3.txt': 'z\n' });
    const patch = (await savePatch(repo, path.join(repo, '.mlops'), { maxUntrackedTotalBytes: 1000 }))!;
    assert.deepEqual(patch.files, ['u1.txt', 'u3.txt']);
    assert.deepEqual(patch.skipped, [{ path: 'u2.txt', reason: 'untracked files would pass 1000 bytes in all' }]);
  });

  it('lists a changed tracked binary file as skipped and still saves the text changes', async () => {
    const repo = makeRepo({ 'w.bin': '\0\x01\x02', 'a.txt': 'a\n' });
    write(repo, { 'w.bin': Buffer.from([0, 9, 9]), 'a.txt': 'b\n' });
    const patch = (await savePatch(repo, path.join(repo, '.mlops')))!;
    assert.deepEqual(patch.skipped, [{ path: 'w.bin', reason: 'binary file' }]);
    const copy = reproduce(repo, patch.base, patch.path);
    assert.equal(fs.readFileSync(path.join(copy, 'a.txt'), 'utf8'), 'b\n');
  });

  it('saves the work of a repository without commits as a patch on an empty tree', async () => {
    const repo = makeRepo();
    write(repo, { 'train.py': 'print("hi")\n' });
    const patch = (await savePatch(repo, path.join(repo, '.mlops')))!;
    assert.equal(patch.base, null);
    const copy = reproduce(repo, null, patch.path);
    assert.equal(fs.readFileSync(path.join(copy, 'train.py'), 'utf8'), 'print("hi")\n');
  });

  it('does not count the registry folder as uncommitted work', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    write(repo, { '.mlops/registry.db': 'sqlite', 'sub/.mlops/registry.db': 'x' });
    assert.equal((await gitInfo(repo))?.dirty, false);
  });
});
