import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Tree } from 'web-tree-sitter';
import { initParser } from '../../../src/core/lint';
import { editsBetween, parsePython, releaseTree } from '../../../src/core/lint/parser';
import { FIXTURES } from './helpers';

/** Every node with its type and span: two trees are the same parse when these lists are equal. */
function nodes(tree: Tree): string[] {
  const out: string[] = [];
  const c = tree.walk();
  for (let more = true; more;) {
    out.push(`${c.nodeType} ${c.startIndex}-${c.endIndex} ${c.startPosition.row}:${c.startPosition.column}-${c.endPosition.row}:${c.endPosition.column}`);
    if (c.gotoFirstChild()) continue;
    while (!c.gotoNextSibling()) if (!c.gotoParent()) { more = false; break; }
  }
  c.delete();
  return out;
}

/** The Python fixtures of the per-file rules, one after the other: a few hundred lines of varied code. */
const base = fs.readdirSync(FIXTURES).filter((d) => /^MLO10\d$/.test(d)).sort()
  .flatMap((d) => fs.readdirSync(path.join(FIXTURES, d)).filter((f) => f.endsWith('.py')).sort().map((f) => fs.readFileSync(path.join(FIXTURES, d, f), 'utf8')))
  .join('\n');
const lines = base.split('\n');
const withLine = (i: number, text: string) => lines.map((l, k) => (k === i ? text : l)).join('\n');

/** Versions of one document in the order an editor would send them, with edits near and far from the last. */
const VERSIONS = [
  base,
  withLine(3, `${lines[3]}  # edit`),
  withLine(40, `${lines[40]}  # edit`),
  withLine(5, 'x = "unterminated'),
  withLine(5, 'def f(:'),
  lines.map((l, k) => (k === 2 || k === 50 ? `${l} + 1` : l)).join('\n'),
  [...lines.slice(0, 10), 'import os', ...lines.slice(10)].join('\n'),
  lines.slice(1).join('\n'),
  'y = """\n' + base + '\n"""',
  base.replace(/\n/g, '\r\n'),
  '',
  base,
];

describe('incremental parsing', () => {
  before(() => initParser());

  it('gives the same tree as parsing from scratch, version after version', () => {
    for (const [i, text] of VERSIONS.entries()) {
      const incremental = parsePython(text, 'doc.py');
      const fresh = parsePython(text);
      try {
        assert.deepEqual(nodes(incremental), nodes(fresh), `version ${i}`);
      } finally {
        releaseTree(fresh);
        releaseTree(incremental, 'doc.py');
      }
    }
  });

  it('describes two distant one-line changes as two small edits', () => {
    const edits = editsBetween(withLine(3, `${lines[3]}  # a`), withLine(40, `${lines[40]}  # b`));
    assert.deepEqual(edits.map((e) => [e.startPosition.row, e.oldEndPosition.row, e.newEndPosition.row]), [[40, 40, 40], [3, 3, 3]]);
  });
});
