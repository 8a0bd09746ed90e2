import * as path from 'node:path';
import { afterImports, insertLines } from '../ml';
import { mayHoldValue, nodeRange, stringValue } from '../python';
import type { FileContext, FileRule, Fix, RawFinding } from '../types';

/** Absolute paths that only exist on one person's machine. */
const LOCAL_PATH = /^(?:\/home\/[^/\s]+|\/Users\/[^/\s]+|\/root(?=\/)|[A-Za-z]:[\\/](?=[^\\/\s])|\/mnt\/[a-z](?=\/)|\/content\/drive(?=\/))/;
/** What LOCAL_PATH needs somewhere in the source of a literal (or a file) for its value to match. */
const LOCAL_PATH_ANYWHERE = /\/home\/|\/Users\/|\/root\/|[A-Za-z]:(?:\\|\/)|\/mnt\/[a-z]\/|\/content\/drive/;
/** Folder names a project-relative path usually starts at. */
const ANCHORS = new Set(['data', 'datasets', 'dataset', 'models', 'model', 'checkpoints', 'artifacts', 'outputs', 'output', 'inputs', 'input', 'weights', 'configs', 'config', 'raw', 'processed', 'notebooks', 'results', 'reports']);

export const hardcodedAbsolutePath: FileRule = {
  code: 'MLO103',
  name: 'hardcoded-absolute-path',
  severity: 'warning',
  scope: 'file',
  docs: {
    what: 'Finds string literals holding an absolute path into someone\'s machine: `/home/<user>/…`, `/Users/<user>/…`, `/root/…`, `C:\\…`, `/mnt/c/…`, Colab\'s `/content/drive/…`.',
    why: '"It worked on my laptop": the code runs nowhere else, not in CI, not on the training cluster, not for a colleague, and the path leaks a user name.',
    example: 'import pandas as pd\n\ndf = pd.read_csv("/home/alice/churn/data/train.csv")\n',
    instead: 'from pathlib import Path\n\nimport pandas as pd\n\ndf = pd.read_csv(Path(__file__).parent / "data/train.csv")\n',
    references: ['https://docs.python.org/3/library/pathlib.html', 'https://12factor.net/config'],
  },
  appliesTo: ['python', 'notebook'],
  prefilter: LOCAL_PATH_ANYWHERE,
  statements: [LOCAL_PATH_ANYWHERE],
  check(ctx) {
    const out: RawFinding[] = [];
    for (const node of ctx.py.strings()) {
      // Cheapest first: the source text, then the value (the node's children), then the parent (found from the root).
      if (!mayHoldValue(node, LOCAL_PATH_ANYWHERE)) continue;
      const v = stringValue(node);
      const m = LOCAL_PATH.exec(v.value);
      if (!m || /\s{2}|\n/.test(v.value)) continue;
      if (node.parent?.type === 'expression_statement' || node.parent?.type === 'concatenated_string') continue;
      out.push({
        range: nodeRange(node),
        message: `hard-coded local path "${shorten(v.value)}" exists only on one machine: use a path relative to the project or a config value`,
        data: { value: v.value, fixable: !v.interpolated && node.child(0)?.text.replace(/["']/g, '') !== 'b' },
      });
    }
    return out;
  },
  fix(finding, ctx) {
    if (!finding.data?.fixable) return null;
    const tail = projectTail(String(finding.data.value));
    if (!tail) return null;
    const base = ctx.notebook ? 'Path.cwd()' : depthBase(ctx);
    const edits: Fix['edits'] = [{ range: finding.range, newText: `${base} / ${JSON.stringify(tail)}` }];
    if (ctx.py.aliases.get('Path') !== 'pathlib.Path') edits.push(insertLines(afterImports(ctx), 'from pathlib import Path\n'));
    return { title: `Replace with ${base} / "${tail}"`, edits };
  },
};

function shorten(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '…' : s;
}

/** The part of the path inside the project: from a folder like data/ or models/, else the file name. */
function projectTail(p: string): string | null {
  const segs = p.replace(/\\/g, '/').split('/').filter((s) => s !== '');
  const i = segs.findIndex((s) => ANCHORS.has(s.toLowerCase()));
  const tail = i >= 0 ? segs.slice(i) : segs.slice(-1);
  return tail.length > 0 && !/^[A-Za-z]:$/.test(tail[0]!) ? tail.join('/') : null;
}

/** `Path(__file__).parent` in the project root, `Path(__file__).resolve().parents[n]` deeper down. */
function depthBase(ctx: FileContext): string {
  const rel = path.relative(ctx.config.root, path.resolve(ctx.config.root, ctx.file));
  const depth = rel.startsWith('..') ? 0 : rel.split(path.sep).length - 1;
  return depth === 0 ? 'Path(__file__).parent' : `Path(__file__).resolve().parents[${depth}]`;
}
