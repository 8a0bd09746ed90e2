import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultConfig, type LensConfig } from '../../../src/core/config';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/lint');

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lint-'));
}

export function config(root = FIXTURES, over: Partial<LensConfig> = {}): LensConfig {
  return { ...defaultConfig(root), ...over };
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

/** A notebook with one code cell per source string, executed in order. */
export function notebook(...sources: string[]): string {
  return JSON.stringify({
    cells: sources.map((s, i) => ({ cell_type: 'code', execution_count: i + 1, metadata: {}, outputs: [], source: s })),
    metadata: {}, nbformat: 4, nbformat_minor: 5,
  });
}
