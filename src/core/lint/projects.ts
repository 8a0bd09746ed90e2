import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileKind, WorkspaceContext } from './types';

/**
 * Cross-file rules work per project root, as the design fixes it: the nearest folder holding
 * `pyproject.toml`, `requirements*.txt`, `setup.py`, `dvc.yaml`, `MLproject` or `.git`, searched up to the
 * workspace root (the workspace root itself when none is found below it).
 */
const MARKER = /^(?:pyproject\.toml|setup\.py|setup\.cfg|dvc\.yaml|MLproject|\.git|requirements[\w.-]*\.txt)$/;

export interface Project {
  root: string;
  files: { path: string; kind: FileKind }[];
}

export function projectsOf(ctx: WorkspaceContext): Project[] {
  const rootOf = new Map<string, string>();
  const top = path.resolve(ctx.root);
  const find = (dir: string): string => {
    const known = rootOf.get(dir);
    if (known !== undefined) return known;
    let found: string;
    if (hasMarker(dir)) found = dir;
    else if (dir === top || path.dirname(dir) === dir || !isInside(dir, top)) found = isInside(dir, top) ? top : dir;
    else found = find(path.dirname(dir));
    rootOf.set(dir, found);
    return found;
  };
  const byRoot = new Map<string, Project>();
  for (const f of ctx.files) {
    const root = find(path.dirname(path.resolve(f.path)));
    if (!byRoot.has(root)) byRoot.set(root, { root, files: [] });
    byRoot.get(root)!.files.push(f);
  }
  return [...byRoot.values()].sort((a, b) => a.root.localeCompare(b.root));
}

function hasMarker(dir: string): boolean {
  try {
    return fs.readdirSync(dir).some((n) => MARKER.test(n));
  } catch {
    return false;
  }
}

export function isInside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The path of a file relative to a folder, with forward slashes (for messages and module names). */
export function relPath(root: string, p: string): string {
  return path.relative(root, path.resolve(p)).split(path.sep).join('/');
}
