import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import { notebookFile, pythonFile } from '../../../bench/lint.bench';
import { initParser, lintText } from '../../../src/core/lint';
import { kindOf } from '../../../src/core/lint/context';
import { lintTextSync } from '../../../src/core/lint/engine';
import { layout } from '../../../src/core/lint/layout';
import { parsePython, releaseTree } from '../../../src/core/lint/parser';
import { parsedRanges } from '../../../src/core/lint/prune';
import { fileRules } from '../../../src/core/lint/rules';
import { config, FIXTURES } from './helpers';

/** The statements of a text as their first lines, or null when the lexer gives up. */
function statements(text: string): string[] | null {
  const l = layout(text);
  return l && l.statements.map((s) => text.slice(s.start, s.end).split('\n')[0]!);
}

describe('Python layout (top-level statements)', () => {
  it('splits at top-level lines only: brackets, strings, continuations and blocks hold statements together', () => {
    assert.deepEqual(statements('x = foo(\n[1,\n2],\n{3: (4)})\ny = 1\n'), ['x = foo(', 'y = 1']);
    assert.deepEqual(statements('s = """ ( # [\nimport os\n"""\nt = 2\n'), ['s = """ ( # [', 't = 2']);
    assert.deepEqual(statements("s = '''a \\''' b\n'''\nt = 1"), ["s = '''a \\''' b", 't = 1']);
    assert.deepEqual(statements('x = 1 + \\\n2\ny = "a\\\nb"\nz = 3\n'), ['x = 1 + \\', 'y = "a\\', 'z = 3']);
    assert.deepEqual(statements('@dec\n@dec2(1,\n  2)\n# note\ndef f():\n    pass\nx = 1\n'), ['@dec', 'x = 1']);
    assert.deepEqual(statements('if __name__ == "__main__":\n    main()\nelif x:\n    pass\nelse:\n    pass\nz = 1\n'), ['if __name__ == "__main__":', 'z = 1']);
    assert.deepEqual(statements('try:\n    a()\nexcept* E:\n    b()\nfinally:\n    c()\nelsewhere = 1\n'), ['try:', 'elsewhere = 1']);
    assert.deepEqual(statements('def f():\n\treturn 1\n\t# x\nx = 2\n'), ['def f():', 'x = 2']);
    assert.deepEqual(statements('def f():\n    a = 1\n# a comment at column 0\n\n    return a\nx = 1\n'), ['def f():', 'x = 1']);
    assert.deepEqual(statements('class A: pass\nx = [\n1]; y = 2\n'), ['class A: pass', 'x = [']);
    assert.deepEqual(statements('x = 1\r\ndef f():\r\n    return 2\r\n'), ['x = 1\r', 'def f():\r']);
  });

  it('reads f-strings: fields with brackets, quotes and format specs, doubled braces', () => {
    assert.deepEqual(statements('a = f"{d[\'k\']:>{w}} {{x}} {g(1)!r}"\nb = 1\n'), ['a = f"{d[\'k\']:>{w}} {{x}} {g(1)!r}"', 'b = 1']);
    assert.deepEqual(statements('a = f"{d["k"]}"\nb = rf"}}{x:{y}}"\nc = 1\n'), ['a = f"{d["k"]}"', 'b = rf"}}{x:{y}}"', 'c = 1']);
    assert.deepEqual(statements('a = f"""{\n  x\n}"""\nb = 1\n'), ['a = f"""{', 'b = 1']);
    assert.deepEqual(statements('a = "{"\nb = 1\n'), ['a = "{"', 'b = 1']);
    assert.deepEqual(statements('a = return_"x"\nb = 1\n'), ['a = return_"x"', 'b = 1']);
  });

  it('tells imports and docstrings from other statements, and finds imports inside blocks', () => {
    const text = '"""Doc."""\nimport os\nfrom a.b import (c,\n  d as e)\nfrom_x = 1\ndef f():\n    import pickle as p\n    return p\n';
    const l = layout(text)!;
    assert.deepEqual(l.statements.map((s) => [s.head, s.row]), [['string', 0], ['import', 1], ['import', 2], ['other', 4], ['other', 5]]);
    assert.deepEqual(l.importLines.map(([s, e]) => text.slice(s, e)), ['import os\n', 'from a.b import (c,\n  d as e)\n', '    import pickle as p\n']);
  });

  it('gives up on text that is not plainly well formed', () => {
    for (const bad of [
      'x = "abc\ny = 1\n', 'x = (1,\n', 'x = 1)\n', 's = """open\n', 'x = 1\n    y = 2\n', 'def f():\nx = 1\n', 'def f():\n', '@dec\n',
      'x = 1\ry = 2\n', 'x = 1\n\fy = 2\n', 'naïve = 1\n', '    x = 1\n', 'else:\n    pass\n', 'x = f"{a # no\n}"\n', 'x = 1 \\ y\n',
    ]) assert.equal(layout(bad), null, JSON.stringify(bad));
    assert.notEqual(layout('x = "naïve"  # é\n'), null);
  });
});

/** Every node under `node` with its type and span. */
function subtree(node: Node): string[] {
  const out: string[] = [];
  const c = node.walk();
  for (let more = true; more;) {
    out.push(`${c.nodeType} ${c.startIndex}-${c.endIndex} ${c.startPosition.row}:${c.startPosition.column}-${c.endPosition.row}:${c.endPosition.column}`);
    if (c.gotoFirstChild()) continue;
    while (!c.gotoNextSibling()) if (!c.gotoParent() || c.currentNode.id === node.id) { more = false; break; }
  }
  c.delete();
  return out;
}

/** Findings of every per-file rule, as JSON, with the rules' statement declarations in force or set aside. */
function findings(file: string, text: string, wholeTrees: boolean): string {
  const saved = fileRules.map((r) => r.statements);
  if (wholeTrees) for (const r of fileRules) delete r.statements;
  try {
    return JSON.stringify(lintTextSync(file, text, config(), { incremental: false }), null, 1);
  } finally {
    fileRules.forEach((r, i) => (r.statements = saved[i]));
  }
}

/** Python and notebook sources: the rule fixtures, examples/, and a sample of the benchmark's generated files. */
function sources(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (kindOf(p) === 'python' || kindOf(p) === 'notebook') out.push({ file: p, text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(FIXTURES);
  walk(path.resolve(__dirname, '../../../examples'));
  for (let i = 0; i < 40; i++) out.push({ file: path.join(FIXTURES, `gen/module_${i}.py`), text: pythonFile(i) });
  for (let i = 0; i < 10; i++) out.push({ file: path.join(FIXTURES, `gen/nb_${i}.ipynb`), text: notebookFile(i) });
  return out;
}

describe('Parsing only the statements the rules read', () => {
  const all = sources();
  const python = all.filter((s) => s.file.endsWith('.py'));
  before(() => initParser());

  it('gives the same findings and fixes as parsing whole files: fixtures, examples, generated files', () => {
    for (const { file, text } of all) assert.equal(findings(file, text, false), findings(file, text, true), file);
  });

  it('gives the same findings when the rules\' statements sit among statements they do not read', () => {
    // Each Python fixture before and after a generated file: imports, constants and helpers on both sides.
    for (const [k, { file, text }] of python.entries()) {
      for (const mixed of [`${pythonFile(k)}\n${text}`, `${text}\n${pythonFile(k + 1)}`]) assert.equal(findings(file, mixed, false), findings(file, mixed, true), file);
    }
  });

  it('gives the same findings with syntax errors in statements kept or left out', () => {
    const breakers = ['= =', 'if', 'lambda', 'return return', '* *', 'x y z', 'print "x"', '"""x"""y'];
    for (const i of [0, 7]) {
      const lines = pythonFile(i).split('\n');
      const train = lines.findIndex((l) => l.startsWith('def train'));
      const net = lines.findIndex((l) => l.startsWith('class Net'));
      for (const b of breakers) {
        for (const at of [12, net - 1, net + 3, train - 2, train + 3, lines.length - 3]) {
          const text = lines.map((l, k) => (k === at ? `${l} ${b}` : l)).join('\n');
          assert.equal(findings('m.py', text, false), findings('m.py', text, true), `${JSON.stringify(b)} at line ${at}`);
        }
      }
    }
  });

  it('parses each kept statement as the whole-file parse does', () => {
    const tests = fileRules.flatMap((r) => r.statements ?? []);
    for (const { file, text } of python) {
      const ranges = parsedRanges(text, tests);
      if (!ranges) continue;
      const whole = parsePython(text);
      const part = parsePython(text, undefined, ranges);
      try {
        const byStart = new Map(whole.rootNode.namedChildren.map((n) => [n!.startIndex, n!]));
        for (const n of part.rootNode.namedChildren) {
          if (n!.type === 'comment') continue;
          const same = byStart.get(n!.startIndex);
          assert.ok(same, `${file}: no statement at ${n!.startIndex} in the whole parse`);
          assert.deepEqual(subtree(n!), subtree(same), file);
        }
      } finally {
        releaseTree(whole);
        releaseTree(part);
      }
    }
  });

  it('leaves most of a generated training script unparsed', () => {
    const text = pythonFile(3);
    const ranges = parsedRanges(text, fileRules.flatMap((r) => r.statements ?? []))!;
    const parsed = ranges.reduce((n, r) => n + r.endIndex - r.startIndex, 0);
    assert.ok(parsed < text.length * 0.3, `${parsed} of ${text.length}`);
  });

  it('keeps calls through imported names, imports anywhere, and the statement after each import', () => {
    const text = 'from torch import save as keep\nHELPER = 1\nX = 2\ndef f():\n    import pickle\n    return 1\nY = keep (m, "a.pt")\nZ = 3\n';
    const ranges = parsedRanges(text, [])!.map((r) => text.slice(r.startIndex, r.endIndex));
    assert.deepEqual(ranges, ['from torch import save as keep\nHELPER = 1\n', 'def f():\n    import pickle\n    return 1\nY = keep (m, "a.pt")\n']);
  });

  it('tests the statements with backslash-newlines removed', () => {
    const text = 'import os\nA = 1 + \\\n  2\nB = 3\nC = "/ho\\\nme/al/x"\nD = 4\nE = x.\\\nfit\nF = 5\n';
    const ranges = parsedRanges(text, [/\/home\//, /\bfit\b/])!.map((r) => text.slice(r.startIndex, r.endIndex));
    assert.deepEqual(ranges, ['import os\nA = 1 + \\\n  2\n', 'C = "/ho\\\nme/al/x"\n', 'E = x.\\\nfit\n']);
  });

  it('re-lints edited versions incrementally with the same findings as a fresh whole-file lint', async () => {
    const base = Array.from({ length: 4 }, (_, i) => pythonFile(i * 10)).join('\n');
    const lines = base.split('\n');
    const file = path.join(FIXTURES, 'gen/edited.py');
    const versions = [
      base,
      lines.map((l, i) => (i === 150 ? `${l}  # edit` : l)).join('\n'),
      lines.map((l, i) => (i === 30 ? 'import pickle' : l)).join('\n'),
      lines.map((l, i) => (i === 30 ? 'import pickle' : i === 500 ? 'm = pickle.load(open("/home/al/m.pkl", "rb"))' : l)).join('\n'),
      lines.map((l, i) => (i === 500 ? 'CONSTANT = (' : l)).join('\n'),
      lines.map((l, i) => (i === 500 ? 'torch.manual_seed(1)' : i === 700 ? '    return' : l)).join('\n'),
      base,
    ];
    for (const [k, text] of versions.entries()) {
      const got = JSON.stringify(await lintText(file, text, config()), null, 1);
      assert.equal(got, findings(file, text, true), `version ${k}`);
    }
  });
});
