import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { registerModel } from '../../../src/core/models';
import { readSource, stageCopy } from '../../../src/core/models/store';
import { MlopsError } from '../../../src/core/errors';
import { EXPECTED, cleanup, makeRun, sha256Of, workspace } from './helpers';

const FORMATS: [string, string][] = [
  ['linear.onnx', 'onnx'], ['weights.safetensors', 'safetensors'], ['model.pt', 'pytorch'], ['legacy.pth', 'pytorch'],
  ['model.pkl', 'pickle'], ['model.joblib', 'joblib'], ['compressed.joblib', 'joblib'], ['model.keras', 'keras'], ['model.h5', 'hdf5'],
];

describe('models: registration', () => {
  afterEach(cleanup);

  for (const [file, format] of FORMATS) {
    it(`registers ${file} as ${format} with the hash and size of its bytes`, async () => {
      const ws = workspace();
      const r = await registerModel(ws.reg, { name: 'm', file: ws.file(file) });
      ws.reg.close();
      assert.deepEqual([r.format, r.sha256, r.bytes, r.version, r.created], [format, EXPECTED[file]!.sha256, EXPECTED[file]!.bytes, 1, true]);
    });
  }

  it('stores the copy at .mlops/models/<name>/<version>/<file>', async () => {
    const ws = workspace();
    const r = await registerModel(ws.reg, { name: 'churn', file: ws.file('linear.onnx', 'out/linear.onnx') });
    ws.reg.close();
    assert.equal(r.path, path.join(ws.dir, '.mlops', 'models', 'churn', '1', 'linear.onnx'));
    assert.equal(sha256Of(r.path), EXPECTED['linear.onnx']!.sha256);
  });

  it('refuses a large file rewritten between its check and its copy, and leaves no partial copy behind', async () => {
    // Past 4 MiB the copy is a second read of the source, so a rewrite in between must be caught.
    const ws = workspace();
    const file = path.join(ws.dir, 'big.pkl');
    const body = Buffer.alloc(5 << 20, 7);
    body[0] = 0x80;
    fs.writeFileSync(file, body);
    const checked = await readSource(file);
    assert.equal(checked.content, undefined, 'a large file is not held in memory');
    fs.appendFileSync(file, 'more bytes written by a training run still saving');
    await assert.rejects(stageCopy(ws.reg.file, 'm', checked), (e: unknown) =>
      e instanceof MlopsError && e.message === `cannot register model: ${file}: the file changed while it was being registered; register it again once it is written`);
    const dir = path.join(ws.dir, '.mlops', 'models', 'm');
    assert.deepEqual(fs.readdirSync(dir), []);
    ws.reg.close();
  });

  it('stores the bytes it hashed when a small file is rewritten after its check', async () => {
    const ws = workspace();
    const file = ws.file('model.pkl');
    const original = fs.readFileSync(file);
    const checked = await readSource(file);
    fs.appendFileSync(file, 'more bytes written by a training run still saving');
    const tmp = await stageCopy(ws.reg.file, 'm', checked);
    ws.reg.close();
    assert.ok(fs.readFileSync(tmp).equals(original));
    assert.equal(sha256Of(tmp), checked.sha256);
    assert.equal(checked.sha256, EXPECTED['model.pkl']!.sha256);
  });

  it('hashes and copies a large file in chunks to the same bytes and hash as sha256sum', async () => {
    const ws = workspace();
    const file = path.join(ws.dir, 'big.safetensors');
    const header = Buffer.from(JSON.stringify({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }));
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(header.length));
    const tail = Buffer.alloc((4 << 20) + 12345);
    for (let i = 0; i < tail.length; i++) tail[i] = (i * 31) & 0xff;
    fs.writeFileSync(file, Buffer.concat([len, header, tail]));
    const r = await registerModel(ws.reg, { name: 'big', file });
    ws.reg.close();
    assert.deepEqual([r.sha256, r.bytes], [execFileSync('sha256sum', ['-b', file], { encoding: 'utf8' }).split(' ')[0], fs.statSync(file).size]);
    assert.ok(fs.readFileSync(r.path).equals(fs.readFileSync(file)));
  });

  it('stages a byte-for-byte, read-only copy of the file it checked', async () => {
    const ws = workspace();
    const file = ws.file('linear.onnx');
    const tmp = await stageCopy(ws.reg.file, 'm', await readSource(file));
    ws.reg.close();
    assert.ok(fs.readFileSync(tmp).equals(fs.readFileSync(file)));
    assert.equal(fs.statSync(tmp).mode & 0o777, 0o444);
  });

  it('numbers versions 1, 2, 3 per model, independently of other models', async () => {
    const ws = workspace();
    const versions = [];
    for (const [name, file] of [['a', 'linear.onnx'], ['a', 'linear_v2.onnx'], ['b', 'linear.onnx'], ['a', 'model.pt']] as const) {
      versions.push((await registerModel(ws.reg, { name, file: ws.file(file) })).version);
    }
    ws.reg.close();
    assert.deepEqual(versions, [1, 2, 1, 3]);
  });

  it('returns the existing version for content already registered, without a second copy', async () => {
    const ws = workspace();
    await registerModel(ws.reg, { name: 'm', file: ws.file('linear.onnx') });
    const again = await registerModel(ws.reg, { name: 'm', file: ws.file('linear.onnx', 'elsewhere/renamed.onnx') });
    const count = ws.reg.counts().modelVersions;
    ws.reg.close();
    assert.deepEqual([again.version, again.created, count], [1, false, 1]);
    assert.deepEqual(fs.readdirSync(path.join(ws.dir, '.mlops', 'models', 'm')), ['1']);
  });

  it('keeps the stored copy unchanged when the workspace file is rewritten', async () => {
    const ws = workspace();
    const src = ws.file('linear.onnx');
    const r = await registerModel(ws.reg, { name: 'm', file: src });
    fs.writeFileSync(src, 'overwritten after registering');
    ws.reg.close();
    assert.equal(sha256Of(r.path), EXPECTED['linear.onnx']!.sha256);
    assert.notEqual(fs.statSync(r.path).ino, fs.statSync(src).ino);
  });

  it('makes the stored copy read-only (mode 0444)', async () => {
    const ws = workspace();
    const r = await registerModel(ws.reg, { name: 'm', file: ws.file('weights.safetensors') });
    ws.reg.close();
    assert.equal(fs.statSync(r.path).mode & 0o777, 0o444);
  });

  it('replaces a version folder a crash left without a registry row', async () => {
    // A crash between placing the copy and committing its row leaves models/<name>/<n>/ with no version n.
    const ws = workspace();
    const leftover = path.join(ws.dir, '.mlops', 'models', 'churn', '1');
    fs.mkdirSync(path.join(leftover, 'nested'), { recursive: true });
    fs.writeFileSync(path.join(leftover, 'stale.onnx'), 'half-written');
    const r = await registerModel(ws.reg, { name: 'churn', file: ws.file('linear.onnx') });
    ws.reg.close();
    assert.equal(r.version, 1);
    assert.deepEqual(fs.readdirSync(leftover), ['linear.onnx']);
    assert.equal(sha256Of(r.path), EXPECTED['linear.onnx']!.sha256);
  });

  it('leaves no temporary file in the store after registering', async () => {
    const ws = workspace();
    await registerModel(ws.reg, { name: 'm', file: ws.file('linear.onnx') });
    await registerModel(ws.reg, { name: 'm', file: ws.file('linear.onnx', 'dup.onnx') });
    ws.reg.close();
    assert.deepEqual(fs.readdirSync(path.join(ws.dir, '.mlops', 'models', 'm')), ['1']);
  });

  it('links the version to the run given with --run', async () => {
    const ws = workspace();
    const run = makeRun(ws.reg);
    const r = await registerModel(ws.reg, { name: 'm', file: ws.file('linear.onnx'), run: run.slice(0, 8) });
    ws.reg.close();
    assert.equal(r.run, run);
  });

  it('links the version to the newest run that recorded an artifact with the same content', async () => {
    const ws = workspace();
    const sha = EXPECTED['linear.onnx']!.sha256;
    makeRun(ws.reg, { artifacts: [{ path: '/old/linear.onnx', kind: 'model', sha256: sha }] });
    const newer = makeRun(ws.reg, { artifacts: [{ path: '/new/linear.onnx', kind: 'model', sha256: sha }] });
    ws.reg.db.prepare('UPDATE runs SET started_at = started_at + 1000 WHERE id = ?').run(newer);
    const r = await registerModel(ws.reg, { name: 'm', file: ws.file('linear.onnx') });
    const v = ws.reg.listModelVersions()[0]!;
    ws.reg.close();
    assert.equal(r.run, newer);
    assert.ok(v.artifactId !== null);
  });

  it('leaves the version without a run when no run recorded its content', async () => {
    const ws = workspace();
    makeRun(ws.reg, { artifacts: [{ path: '/x/other.onnx', kind: 'model', sha256: 'f'.repeat(64) }] });
    const r = await registerModel(ws.reg, { name: 'm', file: ws.file('linear.onnx') });
    ws.reg.close();
    assert.equal(r.run, null);
  });
});
