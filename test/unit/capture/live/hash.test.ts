import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hashFile, linkDataInputs, recordModelOutputs } from '../../../../src/core/capture/hash';
import { MlopsError } from '../../../../src/core/errors';
import { Registry } from '../../../../src/core/registry';
import { tempDir, write } from './repo';

/** The reference: coreutils' sha256sum, a second implementation. */
const sha256sum = (file: string) => execFileSync('sha256sum', ['-b', file], { encoding: 'utf8' }).split(' ')[0]!;

describe('data and model hashing', () => {
  let dir: string;
  let reg: Registry;

  beforeEach(() => {
    dir = tempDir('mlops-hash-');
    reg = Registry.open(path.join(dir, '.mlops', 'registry.db'));
  });
  afterEach(() => reg.close());

  const newRun = () => reg.startRun({ experiment: 'e', sourceKind: 'terminal' });

  it('hashes a file as sha256sum does and records size and mtime', async () => {
    write(dir, { 'data.csv': 'a,b\n1,2\n' });
    const h = await hashFile(reg, path.join(dir, 'data.csv'));
    assert.equal(h.sha256, sha256sum(path.join(dir, 'data.csv')));
    assert.equal(h.bytes, 8);
    assert.equal(h.mtimeMs, fs.statSync(path.join(dir, 'data.csv')).mtimeMs);
  });

  it('hashes a 24 MiB file in a stream with the same result as sha256sum', async () => {
    const file = path.join(dir, 'big.bin');
    const chunk = Buffer.alloc(1 << 20);
    const fd = fs.openSync(file, 'w');
    for (let i = 0; i < 24; i++) fs.writeSync(fd, chunk.fill(i));
    fs.closeSync(fd);
    assert.equal((await hashFile(reg, file)).sha256, sha256sum(file));
  });

  it('reuses the cached hash while path, size and mtime are unchanged', async () => {
    const file = path.join(dir, 'd.csv');
    const when = new Date(1_700_000_000_000);
    write(dir, { 'd.csv': 'aaaa' });
    fs.utimesSync(file, when, when);
    const first = await hashFile(reg, file);
    // Same size and mtime, other bytes: only a cache hit can still give the first hash.
    fs.writeFileSync(file, 'bbbb');
    fs.utimesSync(file, when, when);
    assert.equal((await hashFile(reg, file)).sha256, first.sha256);
    const row = reg.statements.get('SELECT bytes, sha256 FROM file_hashes WHERE path = ?').get(file) as { bytes: number; sha256: string };
    assert.deepEqual(row, { bytes: 4, sha256: first.sha256 });
  });

  it('hashes again when the mtime changes', async () => {
    const file = path.join(dir, 'd.csv');
    write(dir, { 'd.csv': 'aaaa' });
    await hashFile(reg, file);
    fs.writeFileSync(file, 'bbbb');
    fs.utimesSync(file, new Date(2_000_000_000_000), new Date(2_000_000_000_000));
    assert.equal((await hashFile(reg, file)).sha256, sha256sum(file));
  });

  it('names a missing file in its error', async () => {
    const file = path.join(dir, 'nope.csv');
    await assert.rejects(hashFile(reg, file), (err: unknown) => err instanceof MlopsError && err.message === `cannot hash file: ${file}: no such file`);
  });

  it('refuses a directory with an error naming it', async () => {
    await assert.rejects(hashFile(reg, dir), (err: unknown) => err instanceof MlopsError && err.message === `cannot hash file: ${dir}: is a directory`);
  });

  it('links data files as run inputs and reports an unreadable one without stopping', async () => {
    write(dir, { 'train.csv': 'x\n1\n', 'test.csv': 'x\n2\n' });
    const run = newRun();
    const res = await linkDataInputs(reg, run, [path.join(dir, 'train.csv'), path.join(dir, 'missing.csv'), path.join(dir, 'test.csv')]);
    assert.deepEqual(res.problems, [{ path: path.join(dir, 'missing.csv'), line: null, message: 'cannot hash file: no such file' }]);
    assert.deepEqual(reg.inputs(run).map((d) => [path.basename(d.path), d.sha256, d.bytes]), [
      ['test.csv', sha256sum(path.join(dir, 'test.csv')), 4],
      ['train.csv', sha256sum(path.join(dir, 'train.csv')), 4],
    ]);
  });

  it('links the same data file once however often it is named', async () => {
    write(dir, { 'train.csv': 'x\n1\n' });
    const run = newRun();
    await linkDataInputs(reg, run, ['train.csv', path.join(dir, 'train.csv')].map((f) => path.resolve(dir, f)));
    await linkDataInputs(reg, run, [path.join(dir, 'train.csv')]);
    assert.equal(reg.inputs(run).length, 1);
  });

  it('records model files as model artifacts with hash and size, and ignores other files', async () => {
    // Not valid models: they are hashed, never parsed or loaded.
    write(dir, { 'm.onnx': 'garbage', 'w.safetensors': 'xx', 'notes.txt': 'hi', 'ckpt/last.CKPT': 'c' });
    const run = newRun();
    const files = ['m.onnx', 'w.safetensors', 'notes.txt', 'ckpt/last.CKPT'].map((f) => path.join(dir, f));
    const res = await recordModelOutputs(reg, run, files);
    assert.equal(res.problems.length, 0);
    assert.deepEqual(reg.getRun(run).artifacts.map((a) => [path.relative(dir, a.path), a.kind, a.sha256, a.bytes]), [
      ['ckpt/last.CKPT', 'model', sha256sum(files[3]!), 1],
      ['m.onnx', 'model', sha256sum(files[0]!), 7],
      ['w.safetensors', 'model', sha256sum(files[1]!), 2],
    ]);
  });

  it('updates a model artifact rewritten during the run instead of adding a second one', async () => {
    write(dir, { 'best.pt': 'v1' });
    const run = newRun();
    await recordModelOutputs(reg, run, [path.join(dir, 'best.pt')]);
    fs.writeFileSync(path.join(dir, 'best.pt'), 'version 2');
    fs.utimesSync(path.join(dir, 'best.pt'), new Date(2_000_000_000_000), new Date(2_000_000_000_000));
    await recordModelOutputs(reg, run, [path.join(dir, 'best.pt')]);
    assert.deepEqual(reg.getRun(run).artifacts.map((a) => [a.sha256, a.bytes]), [[sha256sum(path.join(dir, 'best.pt')), 9]]);
  });
});
