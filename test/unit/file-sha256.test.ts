import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MlopsError } from '../../src/core/errors';
import { sha256Hex, sha256OfFile } from '../../src/core/file-sha256';

const sha256sum = (file: string) => execFileSync('sha256sum', ['-b', file], { encoding: 'utf8' }).split(' ')[0]!;

describe('sha256 of a file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-sha-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('matches sha256sum across chunk boundaries, and for an empty file', async () => {
    const big = path.join(dir, 'big.bin');
    const body = Buffer.alloc((1 << 20) * 2 + 777);
    for (let i = 0; i < body.length; i++) body[i] = (i * 131) & 0xff;
    fs.writeFileSync(big, body);
    const empty = path.join(dir, 'empty.bin');
    fs.writeFileSync(empty, '');
    assert.deepEqual(await sha256OfFile(big), { sha256: sha256sum(big), bytes: body.length });
    assert.deepEqual(await sha256OfFile(empty), { sha256: sha256sum(empty), bytes: 0 });
  });

  it('words a failure for the caller\'s file, naming it and the reason', async () => {
    const missing = path.join(dir, 'missing.onnx');
    await assert.rejects(sha256Hex(missing, 'cannot read model'), (e: unknown) => e instanceof MlopsError && e.message === `cannot read model: ${missing}: ENOENT`);
    await assert.rejects(sha256Hex(dir, 'cannot read dataset'), (e: unknown) => e instanceof MlopsError && e.message === `cannot read dataset: ${dir}: EISDIR`);
  });
});
