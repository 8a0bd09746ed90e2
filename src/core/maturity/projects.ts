import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileFacts } from './scan';
import type { EvidenceItem } from './types';

const MARKER = /^(?:pyproject\.toml|setup\.py|setup\.cfg|dvc\.yaml|MLproject|requirements[\w.-]*\.txt)$/;

/** Project roots as DESIGN.md defines them: folders holding a project marker file (or `.git`). */
export function projectRoots(root: string, files: FileFacts[]): string[] {
  const roots = new Set<string>();
  if (fs.existsSync(path.join(root, '.git'))) roots.add('.');
  for (const f of files) {
    if (f.unreadable) continue;
    const slash = f.rel.lastIndexOf('/');
    if (MARKER.test(f.rel.slice(slash + 1))) roots.add(slash < 0 ? '.' : f.rel.slice(0, slash));
  }
  return [...roots].sort();
}

/** What one project is scored on. */
export interface ProjectSlice {
  root: string;
  /** The files it owns, and the shared CI files that apply to it. */
  files: FileFacts[];
  /** Why each shared file (and git tags, and registry items from no project's folder) counts for it. */
  shared: EvidenceItem[];
  /** Git tags, and registry items that come from no folder in the workspace, count for it. */
  workspaceFacts: boolean;
  /** A folder or file (relative to the workspace) is in this project, not in a project nested in it. */
  owns(rel: string): boolean;
  /** A lint finding's file (relative to the workspace) is its own or shared with it. */
  covers(rel: string): boolean;
}

/**
 * Splits a workspace into the projects the scorecard scores one by one (docs/maturity.md, "Projects"). Each file
 * belongs to its nearest enclosing root; a root that owns no Python file or notebook holds shared settings or CI,
 * not a project of its own, and is not scored. A CI file is shared with the projects below its root only when it
 * names the project's folder or that project is the only one below it: a workflow of a monorepo usually builds
 * one project, and crediting it to all would be the blending this split exists to avoid. Registry items count
 * for the project whose folder they came from (see registry-items.ts); git tags, and registry items from no
 * folder, name models rather than folders, so they count only for the project at the workspace root and for
 * the only project below it. Fewer than two projects: no split (the workspace scorecard is the project's).
 */
export function projectSlices(root: string, roots: string[], files: FileFacts[]): ProjectSlice[] {
  const owner = (rel: string) => nearestRoot(rel, roots) ?? '.';
  // Each file's owner once: a large monorepo has tens of thousands of files and tens of roots.
  const owned = new Map<string, FileFacts[]>();
  for (const f of files) {
    const o = owner(f.rel);
    const list = owned.get(o);
    if (list) list.push(f);
    else owned.set(o, [f]);
  }
  const projects = roots.filter((r) => owned.get(r)?.some((f) => f.category === 'code' || f.category === 'notebook'));
  if (projects.length < 2) return [];
  const below = (scope: string) => projects.filter((p) => p !== scope && within(p, scope));
  const ci = files.filter((f) => f.category === 'ci').map((f) => ({ f, scope: owner(f.rel), text: readText(path.join(root, f.rel)) }));
  return projects.map((p) => {
    const own = owned.get(p)!;
    const shared: EvidenceItem[] = [];
    const sharedFiles: FileFacts[] = [];
    for (const { f, scope, text } of ci) {
      if (scope === p || !within(p, scope)) continue;
      const others = below(scope);
      const sole = others.length === 1;
      const folder = relFrom(scope, p);
      const nested = others.filter((o) => o !== p && within(o, p)).map((o) => relFrom(p, o));
      // A CI file that cannot be read may name the folder: it stays, so the checks that read CI say `unknown`.
      const named = text === null ? null : folderReference(text, folder, nested);
      if (!sole && !named && text !== null) continue;
      sharedFiles.push(f);
      shared.push(named
        ? { file: f.rel, line: named.line, detail: `shared CI names ${p}: ${named.text}` }
        : { file: f.rel, line: null, detail: sole ? `shared CI of ${scope}, the only project below it` : 'shared CI that cannot be read' });
    }
    const workspaceFacts = p === '.' || (below('.').length === 1 && below('.')[0] === p);
    if (workspaceFacts && p !== '.') shared.push({ file: null, line: null, detail: 'git tags, and registry items from no project folder: the only project below the workspace root' });
    const sharedRels = new Set(sharedFiles.map((f) => f.rel));
    const owns = (rel: string) => owner(rel) === p;
    return { root: p, files: [...own, ...sharedFiles], shared, workspaceFacts, owns, covers: (rel) => owns(rel) || sharedRels.has(rel) };
  });
}

/**
 * Where a CI file names `folder` (relative to the CI file's root): a path inside it (`churn/train.py`, a paths
 * filter `churn/**`), the folder as a working directory (`working-directory: churn`, `cd churn`), or a path of
 * several segments on its own (`pytest projects/churn`). A lone one-word name is not enough: it is as often a
 * model or job name. Paths into a project nested in the folder (`nested`, relative to `folder`) are that project's.
 */
export function folderReference(text: string, folder: string, nested: string[] = []): { line: number; text: string } | null {
  const f = folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Preceded by a separator, or by a variable naming the checkout (`${{ github.workspace }}/`, `$CI_PROJECT_DIR/`).
  const start = '(?:(?<![\\w./-])|(?<=(?:\\}|\\$\\w+)/))';
  const inside = new RegExp(`${start}(?:\\./)?${f}/([\\w.*/-]*)`, 'g');
  const asDir = new RegExp(`(?:working[-_]directory\\s*:|\\bcd|\\bpushd|\\s-C|--(?:cwd|directory|chdir|project-dir|workdir))[\\s=]*["']?(?:\\./)?${f}/?["']?(?=$|[\\s;&|)\\]},])`);
  const bare = folder.includes('/') ? new RegExp(`${start}(?:\\./)?${f}(?=$|[\\s"',;&|)\\]}])`) : null;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/(^|\s)#.*$/, '$1');
    const hit = [...line.matchAll(inside)].some((m) => !nested.some((n) => m[1] === n || m[1]!.startsWith(`${n}/`))) || asDir.test(line) || !!bare?.test(line);
    if (hit) return { line: i + 1, text: lines[i]!.trim().slice(0, 160) };
  }
  return null;
}

function nearestRoot(rel: string, roots: string[]): string | null {
  let best: string | null = null;
  for (const r of roots) if (within(rel, r) && (best === null || r.length > best.length)) best = r;
  return best;
}

/** `rel` is `folder` or inside it (both relative to the workspace, '.' for the workspace root). */
function within(rel: string, folder: string): boolean {
  return folder === '.' || rel === folder || rel.startsWith(`${folder}/`);
}

function relFrom(folder: string, rel: string): string {
  return folder === '.' ? rel : rel.slice(folder.length + 1);
}

function readText(abs: string): string | null {
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch {
    return null;
  }
}
