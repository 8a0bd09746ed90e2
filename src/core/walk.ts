import * as fs from 'node:fs';
import * as path from 'node:path';
import { globMatcher } from './config/glob';

/** Folders no walk enters: version control, environments, tool state and caches, and the registry's own. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  '.git', '.hg', '.svn', 'node_modules', '.venv', 'venv', 'site-packages', 'dist-packages', '__pycache__', '.mlops',
  '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.ipynb_checkpoints', '.dvc', '.trash',
]);

export interface WalkEntry {
  abs: string;
  /** Relative to the walk's root, '/'-separated. */
  rel: string;
  name: string;
  /** What the entry is, symlinks followed ('other': a socket, FIFO or device; 'broken': a dangling link). */
  kind: 'file' | 'dir' | 'other' | 'broken';
}

export interface WalkOptions {
  /** Configuration globs (see globMatcher) of paths neither visited nor entered. */
  exclude?: readonly string[];
  /** Folders, by name, visited but not entered (default SKIPPED_DIRS). */
  skip?: ReadonlySet<string>;
  signal?: AbortSignal;
  /** A folder that cannot be listed (default: passed over). */
  onUnlistable?: (abs: string, rel: string, err: unknown) => void;
}

/**
 * Visits every entry under `root` depth first in name order, following symlinks but entering each real
 * folder once, so a link loop ends. `visit` sees files, folders and broken links; a folder is entered
 * unless it is skipped or `visit` returns false for it. Stops quietly when `signal` aborts.
 */
export function walkTree(root: string, visit: (e: WalkEntry) => boolean | void, opts: WalkOptions = {}): void {
  const top = path.resolve(root);
  const excluded = (opts.exclude ?? []).map(globMatcher);
  const skip = opts.skip ?? SKIPPED_DIRS;
  const seen = new Set<string>();
  // Paths are built by joining names: path.join and path.relative normalise every one, a fifth of a large walk.
  const enter = (dir: string, relDir: string) => {
    if (opts.signal?.aborted) return;
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      opts.onUnlistable?.(dir, relDir || '.', err);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const e of entries) {
      if (opts.signal?.aborted) return;
      const abs = prefix + e.name;
      const rel = relDir ? `${relDir}/${e.name}` : e.name;
      if (excluded.some((re) => re.test(rel))) continue;
      const kind = e.isSymbolicLink() ? linkKind(abs) : e.isDirectory() ? 'dir' : e.isFile() ? 'file' : 'other';
      const descend = visit({ abs, rel, name: e.name, kind });
      if (kind === 'dir' && descend !== false && !skip.has(e.name)) enter(abs, rel);
    }
  };
  enter(top, '');
}

function linkKind(abs: string): WalkEntry['kind'] {
  try {
    const st = fs.statSync(abs);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
  } catch {
    return 'broken';
  }
}
