import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MlopsError } from '../../../src/core/errors';
import { Registry } from '../../../src/core/registry';
import { cleanup, prng, tempDir } from './helpers';

function randomBytes(n: number, seed: number): Buffer {
  const rand = prng(seed);
  return Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256)));
}

function openError(file: string): MlopsError {
  try {
    Registry.open(file).close();
  } catch (err) {
    assert.ok(err instanceof MlopsError, `expected an MlopsError, got ${String(err)}`);
    return err;
  }
  assert.fail(`opening ${file} should have failed`);
}

/** The one `<file>.corrupt-*` file next to `file`, after a damaged registry was moved aside. */
function movedAside(file: string): string {
  const dir = path.dirname(file);
  const aside = fs.readdirSync(dir).filter((n) => n.startsWith(path.basename(file) + '.corrupt-') && !/-(wal|shm)$/.test(n));
  assert.equal(aside.length, 1, `expected one moved-aside file, found ${JSON.stringify(fs.readdirSync(dir))}`);
  return path.join(dir, aside[0]!);
}

/** The moved file keeps the original bytes, the message says where it went, and the next open starts afresh. */
function assertMovedAside(file: string, original: Buffer, err: MlopsError): void {
  assert.equal(err.what, 'registry is damaged');
  assert.equal(err.where, file);
  const aside = movedAside(file);
  assert.ok(err.message.includes(`moved aside to ${aside}`), err.message);
  assert.ok(fs.readFileSync(aside).equals(original), 'the moved file does not hold the original bytes');
  assert.equal(fs.existsSync(file), false);
  const reg = Registry.open(file);
  assert.equal(reg.counts().runs, 0);
  reg.close();
  assert.ok(fs.readFileSync(aside).equals(original), 'the next open changed the moved file');
}

describe('registry bad input', () => {
  afterEach(cleanup);

  it('moves a file of random bytes aside and says so', () => {
    const file = path.join(tempDir(), 'registry.db');
    const bytes = randomBytes(8192, 7);
    fs.writeFileSync(file, bytes);
    const err = openError(file);
    assert.match(err.message, /the file is not a SQLite database/);
    assertMovedAside(file, bytes, err);
  });

  it('moves a zero-length file aside and says it is empty', () => {
    const file = path.join(tempDir(), 'registry.db');
    fs.writeFileSync(file, '');
    const err = openError(file);
    assert.match(err.message, /the file is empty \(zero bytes\)/);
    assertMovedAside(file, Buffer.alloc(0), err);
  });

  it('moves aside a registry whose pages after the header were overwritten', () => {
    const file = path.join(tempDir(), 'registry.db');
    const reg = Registry.open(file);
    for (let i = 0; i < 50; i++) reg.startRun({ experiment: `e${i}`, name: 'x'.repeat(500), sourceKind: 'cli' });
    reg.close();
    const bytes = fs.readFileSync(file);
    assert.ok(bytes.length > 16384);
    randomBytes(bytes.length - 4096, 11).copy(bytes, 4096);
    fs.writeFileSync(file, bytes);
    assertMovedAside(file, bytes, openError(file));
  });

  it('finds overwritten pages with the open\'s own probe when the file is too large for the full check', () => {
    const file = path.join(tempDir(), 'registry.db');
    const reg = Registry.open(file);
    for (let i = 0; i < 50; i++) reg.startRun({ experiment: `e${i}`, name: 'x'.repeat(500), sourceKind: 'cli' });
    reg.close();
    const bytes = fs.readFileSync(file);
    randomBytes(bytes.length - 4096, 12).copy(bytes, 4096);
    fs.writeFileSync(file, bytes);
    try {
      Registry.open(file, { fullCheckMaxBytes: 0 }).close();
      assert.fail('opening should have failed');
    } catch (err) {
      assert.ok(err instanceof MlopsError, String(err));
      assertMovedAside(file, bytes, err);
    }
  });

  describe('a page damaged deep inside a large table', () => {
    /** A registry whose last metric_points leaf (far from the first row, which the probe reads) is overwritten. */
    function damagedDeep(): { file: string; bytes: Buffer } {
      const file = path.join(tempDir(), 'registry.db');
      const reg = Registry.open(file);
      const id = reg.startRun({ experiment: 'e', sourceKind: 'cli' });
      reg.logMetrics(id, Array.from({ length: 20_000 }, (_, i) => ({ key: `k${i % 4}`, step: i, ts: i, value: i })));
      const pageSize = reg.db.pragma('page_size', { simple: true }) as number;
      const page = reg.db.prepare("SELECT max(pageno) FROM dbstat WHERE name = 'metric_points' AND pagetype = 'leaf'").pluck().get() as number;
      reg.close();
      const bytes = fs.readFileSync(file);
      randomBytes(pageSize, 13).copy(bytes, (page - 1) * pageSize);
      fs.writeFileSync(file, bytes);
      return { file, bytes };
    }

    it('is found on open when the file is small enough for the full check', () => {
      const { file, bytes } = damagedDeep();
      assertMovedAside(file, bytes, openError(file));
    });

    it('is left to the full check on request when the file is larger, which moves it aside', () => {
      const { file, bytes } = damagedDeep();
      const reg = Registry.open(file, { fullCheckMaxBytes: 0 });
      try {
        assert.equal(reg.listRuns().length, 1, 'the rest of the registry reads as before');
        assert.throws(() => reg.checkIntegrity(), (err: unknown) => {
          assert.ok(err instanceof MlopsError, String(err));
          assertMovedAside(file, bytes, err);
          return true;
        });
      } finally {
        reg.close();
      }
    });

    it('passes a healthy registry and leaves it in place', () => {
      const file = path.join(tempDir(), 'registry.db');
      const reg = Registry.open(file, { fullCheckMaxBytes: 0 });
      try {
        reg.startRun({ experiment: 'e', sourceKind: 'cli' });
        reg.checkIntegrity();
        assert.equal(reg.counts().runs, 1);
      } finally {
        reg.close();
      }
    });
  });

  it('names the folder when the registry path is a folder, and leaves the folder alone', () => {
    const file = path.join(tempDir(), 'registry.db');
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, 'keep.txt'), 'x');
    const err = openError(file);
    assert.equal(err.message, `cannot open registry: ${file}: this path is a folder, expected a SQLite file`);
    assert.deepEqual(fs.readdirSync(file), ['keep.txt']);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['registry.db']);
  });

  it('says a parent of the path is a file when the registry would go under a regular file', () => {
    const parent = path.join(tempDir(), 'notes.txt');
    fs.writeFileSync(parent, 'hello');
    const file = path.join(parent, 'registry.db');
    const err = openError(file);
    assert.equal(err.message, `cannot open registry: ${file}: a parent of this path is a file, not a folder`);
    assert.equal(fs.readFileSync(parent, 'utf8'), 'hello');
  });

  it('says a parent is a file for a path under /proc/version', () => {
    const err = openError('/proc/version/registry.db');
    assert.equal(err.message, 'cannot open registry: /proc/version/registry.db: a parent of this path is a file, not a folder');
  });

  it('names the path when the folder cannot be written to', () => {
    // Root ignores permission bits, so as root the unwritable folder is /proc.
    let file = '/proc/registry.db';
    if (process.getuid?.() !== 0) {
      const dir = tempDir();
      fs.chmodSync(dir, 0o555);
      file = path.join(dir, 'registry.db');
    }
    const err = openError(file);
    assert.equal(err.what, 'cannot create registry');
    assert.equal(err.where, file);
    assert.match(err.message, /cannot open the file|permission denied|read-only/);
    assert.equal(fs.existsSync(file), false);
  });

  it('leaves a healthy registry untouched when a write is refused', () => {
    const file = path.join(tempDir(), 'registry.db');
    const reg = Registry.open(file);
    const id = reg.startRun({ experiment: 'e', sourceKind: 'cli' });
    reg.logMetrics(id, [{ key: 'a', step: 0, ts: 0, value: 1 }]);
    assert.throws(() => reg.logMetrics(id, [{ key: 'a', step: 1, ts: 0, value: 'x' as unknown as number }]), MlopsError);
    reg.close();
    const again = Registry.open(file);
    assert.deepEqual(again.getRun(id).metrics.a, { last: 1, step: 0, min: 1, max: 1, count: 1 });
    assert.equal(again.db.pragma('integrity_check', { simple: true }), 'ok');
    again.close();
  });
});
