import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Nested } from '../../../src/core/inference';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/inference');

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

interface Case {
  inputs: Record<string, Nested>;
  outputs: Record<string, Nested>;
}

/** Inputs and the outputs numpy computed for them (make_models.py). */
export const EXPECTED = JSON.parse(fs.readFileSync(fixture('expected.json'), 'utf8')) as Record<string, Case>;

/** A fresh folder per test; `cleanup` removes them. */
const made: string[] = [];
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-inference-'));
  made.push(dir);
  return dir;
}
export function cleanup(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A copy of a fixture model under a new name in a temp folder (so a test may rewrite or damage it). */
export function copyModel(name: string, dir = tempDir()): string {
  const to = path.join(dir, name);
  fs.copyFileSync(fixture(name), to);
  return to;
}

/** Element-wise comparison of nested outputs: numbers within `rel` relative error, anything else exactly. */
export function assertClose(actual: Nested, expected: Nested, rel: number, where = 'value'): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${where}: length`);
    expected.forEach((e, i) => assertClose((actual as Nested[])[i]!, e, rel, `${where}[${i}]`));
    return;
  }
  if (typeof expected === 'number' && typeof actual === 'number' && rel > 0) {
    const tol = rel * Math.max(Math.abs(expected), Number.MIN_VALUE);
    assert.ok(Math.abs(actual - expected) <= tol, `${where}: ${actual} differs from ${expected} by more than ${rel} relative`);
    return;
  }
  assert.deepEqual(actual, expected, where);
}
