import * as fs from 'node:fs';
import * as path from 'node:path';
import { git } from '../../capture/git-exec';
import { importsMl, isTestFile, isTrainingCall } from '../ml';
import { nodeRange } from '../python';
import { projectsOf, relPath } from '../projects';
import type { Range, WorkspaceContext, WorkspaceFinding, WorkspaceRule } from '../types';

const MIN_LINES = 200;
const SHARE = 0.9;
const README = /^readme(?:\.(?:md|rst|txt|markdown))?$/i;
const TRAINING_HEADING = /^(?:#{1,6}[^\n]*|[^\n]+\n[=\-~^"]{3,})\b(?:re)?train(?:ing)?\b|^(?:#{1,6}[^\n]*|[^\n]+\n[=\-~^"]{3,})\breproduc/im;
const DOC_FILE = /\.(?:md|rst|txt|markdown|ipynb)$/i;
const MAX_DOC_FILES = 500;

interface TrainingFile { path: string; range: Range }
interface Blame { lines: number; byAuthor: Map<string, { name: string; lines: number }> }

export const heroicDataScience: WorkspaceRule = {
  code: 'MLO303',
  name: 'heroic-data-science',
  severity: 'warning',
  scope: 'workspace',
  docs: {
    what: 'Finds projects whose training code (Python files that train a model: `model.fit(X, y)`, an `optimizer.step()` loop, `xgboost.train`…) has at least 200 committed lines, 90% or more of them last written by one author according to `git blame`, and no written way to run it: no README section about training, no README or `docs/` page naming the training script, no Makefile or justfile target, `dvc.yaml` stage or `MLproject` entry point that runs it. Workspaces outside git are not reported.',
    why: 'When one person holds the only working knowledge of how the model is trained, the model cannot be retrained, audited or fixed while they are away, and it leaves with them. A documented command is the smallest step from a hero to a team.',
    example: '# Churn model\n\nPredicts churn from usage data.\n\n<!-- git blame src/train.py: 480 of 500 lines by one author; no Makefile, justfile, dvc.yaml or MLproject runs it -->\n',
    instead: '# Churn model\n\nPredicts churn from usage data.\n\n## Training\n\n    python src/train.py --config configs/churn.yaml\n',
    exampleFile: 'README.md',
    references: ['https://ml-ops.org/content/mlops-principles#reproducibility', 'https://dvc.org/doc/user-guide/pipelines/defining-pipelines', 'https://git-scm.com/docs/git-blame#_the_porcelain_format'],
  },
  async check(ctx) {
    const out: WorkspaceFinding[] = [];
    for (const project of projectsOf(ctx)) {
      ctx.signal?.throwIfAborted();
      // One git call per project decides whether blaming (and parsing) is worth it.
      const repo = await git(project.root, ['rev-parse', '--show-toplevel']);
      if (repo.code !== 0) continue;
      const gitRoot = repo.stdout.toString('utf8').trim();
      const training = project.files.flatMap((f) => (f.kind === 'python' ? trainingFile(ctx, f.path) : []));
      if (training.length === 0) continue;
      const total: Blame = { lines: 0, byAuthor: new Map() };
      const sizes = new Map<string, number>();
      for (const t of training) {
        const b = await blame(t.path);
        if (!b) continue;
        sizes.set(t.path, b.lines);
        total.lines += b.lines;
        for (const [k, v] of b.byAuthor) {
          const a = total.byAuthor.get(k) ?? { name: v.name, lines: 0 };
          a.lines += v.lines;
          total.byAuthor.set(k, a);
        }
      }
      if (total.lines < MIN_LINES) continue;
      const top = [...total.byAuthor.values()].sort((a, b) => b.lines - a.lines)[0]!;
      if (top.lines / total.lines < SHARE) continue;
      const blamed = training.filter((t) => sizes.has(t.path));
      if (documented(ctx, blamed.map((t) => t.path), [project.root, gitRoot].filter(Boolean))) continue;
      const main = blamed.sort((a, b) => sizes.get(b.path)! - sizes.get(a.path)!)[0]!;
      const files = `${relPath(ctx.root, main.path)}${blamed.length > 1 ? ` and ${blamed.length - 1} more` : ''}`;
      out.push({
        file: main.path,
        range: main.range,
        message: `training code (${files}, ${total.lines} lines) is ${Math.floor((top.lines / total.lines) * 100)}% written by ${top.name} and nothing documents how to run it: add a README section, a Makefile target or a dvc.yaml stage with the training command`,
      });
    }
    return out;
  },
};

function trainingFile(ctx: WorkspaceContext, file: string): TrainingFile[] {
  if (!/\.fit\(|\.step\(|\.train\(/.test(ctx.read(file) ?? '')) return [];
  const c = ctx.context(file);
  if (!c || isTestFile(c) || !importsMl(c)) return [];
  const call = c.py.calls.find(isTrainingCall);
  return call ? [{ path: file, range: nodeRange(call.node) }] : [];
}

/** Committed lines of a file by author (`git blame --line-porcelain`); null outside git or for untracked files. */
async function blame(file: string): Promise<Blame | null> {
  const r = await git(path.dirname(path.resolve(file)), ['blame', '--line-porcelain', '--', path.basename(file)]);
  if (r.code !== 0) return null;
  const byAuthor = new Map<string, { name: string; lines: number }>();
  let lines = 0;
  let name = '';
  for (const line of r.stdout.toString('utf8').split('\n')) {
    if (line.startsWith('author ')) name = line.slice(7);
    else if (line.startsWith('author-mail ')) {
      const mail = line.slice(12).toLowerCase();
      if (mail === '<not.committed.yet>') continue;
      lines++;
      const key = mail === '<>' ? name.toLowerCase() : mail;
      const a = byAuthor.get(key) ?? { name, lines: 0 };
      a.lines++;
      byAuthor.set(key, a);
    }
  }
  return { lines, byAuthor };
}

/** True when a README, docs page, Makefile/justfile, dvc.yaml or MLproject says how to run one of the files. */
function documented(ctx: WorkspaceContext, files: string[], roots: string[]): boolean {
  const names = files.flatMap((f) => {
    const base = path.basename(f);
    return [base, base.replace(/\.py$/, '')];
  });
  const mentions = (text: string) => names.some((n) => new RegExp(`(?:^|[\\s/.'"\`(])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[\\s'"\`).:])`, 'm').test(text));
  for (const root of new Set(roots)) {
    for (const entry of list(root)) {
      const p = path.join(root, entry);
      if (README.test(entry)) {
        const text = ctx.read(p);
        if (text && (TRAINING_HEADING.test(text) || mentions(text))) return true;
      } else if (/^(?:GNUmakefile|makefile|Makefile|justfile|Justfile|\.justfile|dvc\.yaml|MLproject)$/.test(entry)) {
        const text = ctx.read(p);
        if (text && (mentions(text) || /^(?:re)?train[\w-]*\s*:/m.test(text))) return true;
      }
    }
    if (docsMention(ctx, path.join(root, 'docs'), mentions)) return true;
  }
  return false;
}

function docsMention(ctx: WorkspaceContext, dir: string, mentions: (t: string) => boolean): boolean {
  const queue = [dir];
  let seen = 0;
  while (queue.length && seen < MAX_DOC_FILES) {
    const d = queue.shift()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && !e.name.startsWith('.')) queue.push(p);
      else if (e.isFile() && DOC_FILE.test(e.name) && seen++ < MAX_DOC_FILES) {
        const text = ctx.read(p);
        if (text && mentions(text)) return true;
      }
    }
  }
  return false;
}

function list(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
