import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintPaths, lintText } from '../../../src/core/lint';
import { config, FIXTURES } from './helpers';

/** `# expect: MLO101, MLO102` markers, as "cell:line:code" keys (cell '-' outside notebooks, lines 0-based). */
function expected(file: string, text: string, code: string): string[] {
  const sources = file.endsWith('.ipynb')
    ? (JSON.parse(text) as { cells: { source: string[] | string }[] }).cells.map((c, i) => ({ cell: String(i), text: Array.isArray(c.source) ? c.source.join('') : c.source }))
    : [{ cell: '-', text }];
  const out: string[] = [];
  for (const s of sources) {
    s.text.split('\n').forEach((line, i) => {
      const m = /# expect: ([A-Z0-9, ]+)/.exec(line);
      if (m && m[1]!.split(/[ ,]+/).includes(code)) out.push(`${s.cell}:${i}:${code}`);
    });
  }
  return out.sort();
}

/** Every file under a fixture folder, relative to it. */
function filesUnder(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(dir, path.join(rel, e.name)) : [path.join(rel, e.name)]));
}

/** A folder fixture is a small workspace for the cross-file rules: markers in any of its files, keyed "file:line:code". */
function workspaceFixture(code: string, dir: string, name: string): void {
  const keys = (found: { file: string; range: { start: { line: number } } }[]) => found.map((f) => `${path.relative(dir, f.file)}:${f.range.start.line}:${code}`).sort();
  const marked = () => filesUnder(dir).flatMap((rel) => expected(rel, fs.readFileSync(path.join(dir, rel), 'utf8'), code).map((k) => `${rel}:${k.split(':')[1]}:${code}`)).sort();
  const lint = async () => (await lintPaths([dir], { config: config(dir), select: [code] })).findings.filter((f) => f.code === code);
  if (name.startsWith('bad_')) {
    it(`reports exactly the marked lines in the workspace ${name}/`, async () => {
      const found = keys(await lint());
      assert.deepEqual(found, marked());
      assert.ok(found.length > 0);
    });
  } else if (name.startsWith('good_')) {
    it(`reports nothing in the workspace ${name}/`, async () => {
      assert.deepEqual((await lint()).map((f) => `${f.file}:${f.range.start.line}: ${f.message}`), []);
    });
  }
}

for (const code of fs.readdirSync(FIXTURES).filter((d) => /^MLO\d{3}$/.test(d)).sort()) {
  describe(`${code} fixtures`, () => {
    for (const name of fs.readdirSync(path.join(FIXTURES, code)).sort()) {
      const file = path.join(FIXTURES, code, name);
      if (fs.statSync(file).isDirectory()) {
        workspaceFixture(code, file, name);
        continue;
      }
      const text = fs.readFileSync(file, 'utf8');
      // Linted under its plain name, so requirements.txt and pyproject.toml are recognised.
      const as = path.join(FIXTURES, code, name.replace(/^(bad|good)_/, ''));
      if (name.startsWith('bad_')) {
        it(`reports exactly the marked lines in ${name}`, async () => {
          const found = (await lintText(as, text, config())).filter((f) => f.code === code).map((f) => `${f.cell ?? '-'}:${f.range.start.line}:${f.code}`).sort();
          assert.deepEqual(found, expected(file, text, code));
          assert.ok(found.length > 0);
        });
      } else if (name.startsWith('good_')) {
        it(`reports nothing in ${name}`, async () => {
          const found = (await lintText(as, text, config())).filter((f) => f.code === code);
          assert.deepEqual(found.map((f) => `${f.range.start.line}: ${f.message}`), []);
        });
      }
    }
  });
}
