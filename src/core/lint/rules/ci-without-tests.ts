import * as fs from 'node:fs';
import * as path from 'node:path';
import { importsMl, isTrainingCall, ML_PACKAGES } from '../ml';
import { nodeRange } from '../python';
import { projectsOf, relPath } from '../projects';
import type { Range, WorkspaceContext, WorkspaceRule } from '../types';

const CI_FILE = /(?:^|\/)(?:\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|azure-pipelines[\w.-]*\.ya?ml|\.circleci\/config\.ya?ml|bitbucket-pipelines\.ya?ml|\.buildkite\/[^/]+\.ya?ml)$/;
const CI_TEXT_FILES = ['Jenkinsfile'];
/** Commands that run a Python test suite. */
const TEST_CMD = /\bpytest\b|\bpy\.test\b|-m\s+(?:pytest|unittest)\b|\bunittest\s+discover\b|\btox\b|\bnox\b|\bhatch\s+(?:run\s+)?test|\bpoe\s+test|\binvoke\s+test|\bnose2?\b|\bcoverage\s+run\b|\bward\s+test\b/;
/** Targets that conventionally run the tests (`make test`, `just check`): followed into the Makefile when it is there. */
const TASK = /\b(make|just)\s+(?:-\S+\s+)*((?:[\w.-]+\s*)+)/g;
/** Files a CI step names that may hold the real commands: scripts and job specs. */
const CALLED_FILE = /(?:^|[\s;&|="'])\.?\/?((?:[\w.-]+\/)*[\w.-]+\.(?:sh|bash|ya?ml|cfg|ini))\b/g;
const TEST_PATH = /(?:^|\/)(?:test_[^/]*\.py|[^/]*_test\.py|conftest\.py)$|(?:^|\/)tests?\//;
/** An import of an ML framework, found without parsing. */
const ML_IMPORT = new RegExp(`^\\s*(?:import|from)\\s+(?:${[...ML_PACKAGES].join('|')})\\b`, 'm');
const DATA_PACKAGES = ['pandas', 'numpy', 'polars', 'sklearn', 'torch', 'tensorflow', 'pyspark'];
const FEATURE_PATH = /(?:^|[/_-])(?:features?|feature_engineering|preprocess\w*|transforms?|train\w*)\.py$/;

export const ciWithoutTests: WorkspaceRule = {
  code: 'MLO203',
  name: 'ci-without-tests',
  severity: 'warning',
  scope: 'workspace',
  docs: {
    what: 'Finds workspaces whose CI (GitHub Actions, GitLab CI, Jenkinsfile, Azure Pipelines, CircleCI, Bitbucket, Buildkite) never runs the Python tests (`pytest`, `python -m unittest`, `tox`, `nox`, `make test`; Makefile and justfile targets, shell scripts and job specs the CI names are followed two levels), or whose training and feature code (files that train a model, or are named `features`, `preprocess…`, `transform…`, `train…`) is imported by no test file (`test_*.py`, `*_test.py`, `tests/`). Workspaces without CI or without ML code are not reported.',
    why: 'Feature code breaks quietly: a changed default, a column renamed upstream or a refactor gives a model that trains and deploys fine and predicts worse. A test of the transformations, run on every change, is the cheapest place to catch it.',
    example: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: pip install -r requirements.txt\n      - run: python src/train.py\n',
    instead: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: pip install -r requirements.txt\n      - run: pytest tests/\n# tests/test_features.py imports src/features.py and checks its transformations\n',
    exampleFile: '.github/workflows/ci.yml',
    references: ['https://docs.pytest.org/en/stable/explanation/goodpractices.html', 'https://ml-ops.org/content/mlops-principles#testing'],
  },
  check(ctx) {
    const ci = ciFiles(ctx);
    if (ci.length === 0) return [];
    const python = ctx.files.filter((f) => f.kind === 'python');
    const tests = python.filter((f) => TEST_PATH.test(relPath(ctx.root, f.path)));
    const code = python.filter((f) => !TEST_PATH.test(relPath(ctx.root, f.path)));
    // Parsing is the cost here: a module is parsed only when a test covers it, or to name the first few untested ones.
    const candidates = code.filter((f) => FEATURE_PATH.test(relPath(ctx.root, f.path)) || /\.fit\(|\.step\(|\.train\(/.test(ctx.read(f.path) ?? ''));
    let covered = candidates.some((f) => tests.some((t) => testCovers(ctx, t.path, f.path)) && mlModule(ctx, f.path).length > 0);
    const ml: MlModule[] = [];
    for (let i = 0; !covered && i < candidates.length && ml.length <= 3; i++) ml.push(...mlModule(ctx, candidates[i]!.path));
    if (ml.length === 0) {
      if (!covered && !code.some((f) => ML_IMPORT.test(ctx.read(f.path) ?? ''))) return [];
      covered = true;
    }
    const runs = ci.some((f) => runsTests(ctx, f));
    const names = ml.slice(0, 3).map((m) => relPath(ctx.root, m.path)).join(', ') + (ml.length > 3 ? ', …' : '');
    const first = ci[0]!;
    if (!runs) {
      const why = covered ? `never runs the tests (${tests.length} test file${tests.length === 1 ? '' : 's'})` : `never runs tests, and no test imports the training or feature code (${names})`;
      return [{ file: first, range: jobsLine(ctx, first), message: `CI ${why}: ${covered ? '' : 'write tests for that code and '}add a step that runs pytest` }];
    }
    if (!covered) return [{ file: ml[0]!.path, range: ml[0]!.range, message: `no test imports the training or feature code (${names}): add tests for its transformations (tests/test_${path.basename(ml[0]!.path)}) that CI runs` }];
    return [];
  },
};

function ciFiles(ctx: WorkspaceContext): string[] {
  const out = ctx.files.filter((f) => f.kind === 'yaml' && CI_FILE.test(relPath(ctx.root, f.path))).map((f) => f.path);
  for (const dir of new Set([path.resolve(ctx.root), ...projectsOf(ctx).map((p) => p.root)])) {
    for (const name of CI_TEXT_FILES) {
      const p = path.join(dir, name);
      if (isFile(p)) out.push(p);
    }
  }
  return out.sort();
}

/**
 * The CI file's text (comments dropped), following what it calls: Makefile and justfile targets, and files it
 * names (shell scripts, job specs such as `anyscale jobs submit deploy/job.yaml`), two levels deep.
 */
function runsTests(ctx: WorkspaceContext, file: string): boolean {
  const dirs = [path.resolve(ctx.root), ...projectsOf(ctx).map((p) => p.root)];
  const seen = new Set<string>([file]);
  const visit = (text: string, depth: number): boolean => {
    const clean = text.replace(/(^|\s)(?:#|\/\/).*$/gm, '$1');
    if (TEST_CMD.test(clean)) return true;
    for (const m of clean.matchAll(TASK)) {
      const targets = m[2]!.trim().split(/\s+/);
      if (targets.some((t) => /^(?:test|tests|check|ci|unittest|pytest)$/.test(t))) return true;
      const tool = m[1] === 'make' ? ['Makefile', 'makefile', 'GNUmakefile'] : ['justfile', 'Justfile', '.justfile'];
      for (const dir of dirs) for (const name of tool) {
        const body = readIf(path.join(dir, name));
        if (body && targets.some((t) => TEST_CMD.test(recipe(body, t)))) return true;
      }
    }
    if (depth >= 2) return false;
    for (const m of clean.matchAll(CALLED_FILE)) {
      for (const dir of [path.dirname(file), ...dirs]) {
        const p = path.resolve(dir, m[1]!);
        if (seen.has(p)) continue;
        const body = readIf(p);
        if (body === null) continue;
        seen.add(p);
        if (visit(body, depth + 1)) return true;
      }
    }
    return false;
  };
  return visit(ctx.read(file) ?? '', 0);
}

/** The recipe lines of a Makefile or justfile target (up to the next unindented line). */
function recipe(text: string, target: string): string {
  const lines = text.split('\n');
  const esc = target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const start = lines.findIndex((l) => new RegExp(`^${esc}(?:\\s+[^:=]*)?\\s*:(?!=)`).test(l));
  if (start < 0) return '';
  const out = [lines[start]!.replace(/^[^:]*:/, '')];
  for (let i = start + 1; i < lines.length && /^\s|^$/.test(lines[i]!); i++) out.push(lines[i]!);
  return out.join('\n');
}

interface MlModule { path: string; range: Range }

function mlModule(ctx: WorkspaceContext, file: string): MlModule[] {
  const named = FEATURE_PATH.test(relPath(ctx.root, file));
  if (!named && !/\.fit\(|\.step\(|\.train\(/.test(ctx.read(file) ?? '')) return [];
  const c = ctx.context(file);
  if (!c) return [];
  const training = importsMl(c) ? c.py.calls.find(isTrainingCall) : undefined;
  if (training) return [{ path: file, range: nodeRange(training.node) }];
  if (named && DATA_PACKAGES.some((m) => c.py.modules.has(m))) return [{ path: file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
  return [];
}

/** A test covers a module when it imports it (by any dotted suffix of its path) or names its file. */
function testCovers(ctx: WorkspaceContext, test: string, module: string): boolean {
  const text = ctx.read(test);
  if (!text) return false;
  const parts = relPath(ctx.root, module).replace(/\.py$/, '').split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  const suffixes = new Set(parts.map((_, i) => parts.slice(i).join('.')));
  for (const name of importedNames(text)) {
    for (let n = name; n; n = n.includes('.') ? n.slice(0, n.lastIndexOf('.')) : '') if (suffixes.has(n)) return true;
  }
  return text.includes(path.basename(module));
}

/** Dotted names a file imports: `import a.b`, `from a.b import c` (as `a.b` and `a.b.c`). */
function importedNames(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*from\s+([\w.]+)\s+import\s+\(?([\w\s,]+)/gm)) {
    const base = m[1]!.replace(/^\.+/, '');
    out.push(base, ...m[2]!.split(',').map((s) => s.trim().split(/\s+/)[0]!).filter(Boolean).map((n) => (base ? `${base}.${n}` : n)));
  }
  for (const m of text.matchAll(/^\s*import\s+([\w.,\s]+)/gm)) out.push(...m[1]!.split(',').map((s) => s.trim().split(/\s+/)[0]!).filter(Boolean));
  return out;
}

function jobsLine(ctx: WorkspaceContext, file: string): Range {
  const lines = (ctx.read(file) ?? '').split('\n');
  const i = Math.max(0, lines.findIndex((l) => /^(?:jobs|stages|pipeline|steps|workflows):/.test(l)));
  return { start: { line: i, character: 0 }, end: { line: i, character: lines[i]?.length ?? 0 } };
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function readIf(p: string): string | null {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return null;
  }
}
