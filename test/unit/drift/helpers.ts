import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/drift');

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-drift-'));
}

export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** |actual − expected| ≤ rel · |expected|, or both (near) zero. */
export function assertClose(actual: number | null | undefined, expected: number, rel: number, what: string): void {
  assert.equal(typeof actual, 'number', `${what}: expected a number, got ${actual}`);
  const a = actual as number;
  const ok = a === expected || Math.abs(a - expected) <= rel * Math.abs(expected) || (expected === 0 && Math.abs(a) < 1e-15);
  assert.ok(ok, `${what}: ${a} differs from ${expected} (relative ${Math.abs(a - expected) / Math.abs(expected)})`);
}

export async function rejectsWith(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (err: Error) => {
    assert.match(err.message, pattern);
    return true;
  });
}
