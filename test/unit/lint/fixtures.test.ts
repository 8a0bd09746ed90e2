import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../../src/core/lint';
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

for (const code of fs.readdirSync(FIXTURES).filter((d) => /^MLO\d{3}$/.test(d)).sort()) {
  describe(`${code} fixtures`, () => {
    for (const name of fs.readdirSync(path.join(FIXTURES, code)).sort()) {
      const file = path.join(FIXTURES, code, name);
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
