import * as fs from 'node:fs';
import * as path from 'node:path';
import { globMatcher } from '../config/glob';

/** Folders never holding logger output worth importing (and the registry itself). */
export const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.mlops', '.tox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.trash']);

/**
 * Every regular file under `root`, skipping SKIPPED_DIRS and `exclude` globs. Symlinks are followed,
 * but a folder already visited (by its real path) is not entered again, so a link loop ends.
 */
export function* walkFiles(root: string, exclude: readonly string[] = [], signal?: AbortSignal): Generator<string> {
  const excluded = exclude.map(globMatcher);
  const seen = new Set<string>();
  const stack: string[] = [path.resolve(root)];
  while (stack.length) {
    if (signal?.aborted) return;
    const dir = stack.pop()!;
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    const subdirs: string[] = [];
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const abs = path.join(dir, e.name);
      const rel = path.relative(root, abs).split(path.sep).join('/');
      if (excluded.some((re) => re.test(rel))) continue;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = fs.statSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue;
        }
      }
      if (isDir && !SKIPPED_DIRS.has(e.name)) subdirs.push(abs);
      else if (isFile) yield abs;
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
}
