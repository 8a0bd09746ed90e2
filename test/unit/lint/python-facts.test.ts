import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import { initParser } from '../../../src/core/lint';
import { parseNotebook } from '../../../src/core/lint/notebook';
import { parsePython, releaseTree } from '../../../src/core/lint/parser';
import { extractFacts, mayHoldValue, resolve, stringValue, type CallFact } from '../../../src/core/lint/python';
import { FIXTURES } from './helpers';

/** Calls the text-reading shortcuts can get wrong: spacing, comments, continuations, literals, non-ASCII names. */
const TRICKY = [
  'import numpy as np\nfrom torch import save as persist\nnp.random.seed(0)\npersist(m, "a.pt")\n',
  'True()\nNone()\nx = (a . b)(1)\ny = (f  # why\n  (2))\nz = g \\\n  (3)\n',
  'df["c"].rolling(3).mean().fillna(0)\n(obj).method(k=1, *rest)\nobj.naïve(1)\nobj.naïf_x(1)\nobj.\u00e9t\u00e9(2)\nf(x for x in y)\n',
  'model.fit(X, y)\nself.log("a", 1)\nopt.step()\nlambda: h()\nprint(f"{a(1)}")\n',
  's = "/home/al\\\nice/data.csv"\nt = r"C:\\data\\x"\nu = f"{root}/metrics.json"\nv = b"\\x00/Users/bob/x"\nw = """/root/\n  x"""\n',
].map((text, i) => ({ name: `tricky ${i}`, text }));

/** Python sources of the rule fixtures: .py files, and the joined code of notebooks. */
function fixtureSources(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.py')) out.push({ name: p, text: fs.readFileSync(p, 'utf8') });
      else if (e.name.endsWith('.ipynb')) {
        try {
          out.push({ name: p, text: parseNotebook(fs.readFileSync(p, 'utf8')).code });
        } catch {
          // malformed notebooks are fixtures of MLO000
        }
      }
    }
  };
  walk(FIXTURES);
  return out;
}

/** A call's facts read from the tree alone, as the linter read them before it took shortcuts through the text. */
function fromTree(c: CallFact, aliases: Map<string, string>) {
  const fn = c.node.childForFieldName('function')!;
  const text = fn.type === 'identifier' || fn.type === 'attribute' ? fn.text : '';
  const callee = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(text) ? text : '';
  const method = fn.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : fn.type === 'identifier' ? fn.text : '';
  const args = c.node.childForFieldName('arguments')!;
  const named = args.type === 'argument_list' ? args.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment') : [args];
  return {
    callee, method, qualified: callee ? resolve(callee, aliases) : '',
    receiver: fn.type === 'attribute' ? (fn.childForFieldName('object')?.text ?? null) : null,
    positional: named.filter((a) => args.type !== 'argument_list' || !['keyword_argument', 'list_splat', 'dictionary_splat'].includes(a.type)).map((a) => a.text),
    keywords: named.filter((a) => args.type === 'argument_list' && a.type === 'keyword_argument').map((a) => [a.childForFieldName('name')!.text, a.childForFieldName('value')!.text]),
    splat: args.type === 'argument_list' && named.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat'),
  };
}

function asRead(c: CallFact) {
  return {
    callee: c.callee, method: c.method, qualified: c.qualified, receiver: c.receiver?.text ?? null,
    positional: c.positional.map((a) => a.text), keywords: [...c.keywords].map(([k, v]) => [k, v.text]), splat: c.splat,
  };
}

describe('Python facts', () => {
  const sources = [...TRICKY, ...fixtureSources()];
  before(() => initParser());

  it('reads every call of the fixtures as the tree does', () => {
    for (const { name, text } of sources) {
      const tree = parsePython(text);
      try {
        const facts = extractFacts(tree, text);
        for (const c of facts.calls) assert.deepEqual(asRead(c), fromTree(c, facts.aliases), `${name}: ${c.node.text}`);
      } finally {
        releaseTree(tree);
      }
    }
  });

  it('lists every string literal once, in source order', () => {
    const tree = parsePython(TRICKY[4]!.text);
    try {
      const starts = extractFacts(tree, TRICKY[4]!.text).strings().map((s) => s.startIndex);
      assert.deepEqual(starts, tree.rootNode.descendantsOfType('string').map((s) => s!.startIndex));
    } finally {
      releaseTree(tree);
    }
  });

  it('never rules out a string whose value holds the pattern (mayHoldValue)', () => {
    let checked = 0;
    for (const { name, text } of sources) {
      const tree = parsePython(text);
      try {
        for (const s of extractFacts(tree, text).strings()) {
          // Every run of name and path characters in the value, as the pattern a rule would look for.
          for (const run of stringValue(s).value.match(/[\w./:-]{3,}/g) ?? []) {
            checked++;
            assert.ok(mayHoldValue(s, new RegExp(run.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))), `${name}: ${s.text} holds ${run}`);
          }
        }
      } finally {
        releaseTree(tree);
      }
    }
    assert.ok(checked > 100);
  });
});
