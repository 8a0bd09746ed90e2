import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const WORKSPACES = path.resolve(__dirname, '../../fixtures/workspaces');

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-maturity-'));
}

/** A copy of a fixture workspace in a fresh temp dir (outside any git repository). */
export function fixture(name: string): string {
  const dir = path.join(tempDir(), name);
  fs.cpSync(path.join(WORKSPACES, name), dir, { recursive: true });
  return dir;
}

/** Writes files (relative path → text) under a fresh temp dir and returns it. */
export function workspace(files: Record<string, string | Buffer>): string {
  const dir = tempDir();
  for (const [rel, body] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, body);
  }
  return dir;
}
