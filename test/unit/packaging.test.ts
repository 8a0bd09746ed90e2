import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

describe('packaging', () => {
  it('keeps every bundle esbuild writes in the .vsix (a missing worker bundle silently turns its work serial)', () => {
    const outfiles = [...fs.readFileSync(path.join(root, 'esbuild.mjs'), 'utf8').matchAll(/outfile: '([^']+)'/g)].map((m) => m[1]!);
    assert.ok(outfiles.length >= 5, `expected the extension, server, CLI and worker bundles, found ${outfiles.join(', ')}`);
    const kept = new Set(fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1).trim()));
    assert.deepEqual(outfiles.filter((f) => !kept.has(f)), []);
  });
});
