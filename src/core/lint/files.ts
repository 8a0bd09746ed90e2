import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LensConfig } from '../config';
import { errnoCode, describeError } from '../errors';
import { MAX_FILE_BYTES, kindOf } from './context';
import { cannotAnalyse, lintTextSync, type LintOptions } from './engine';
import { isExcluded } from './select';
import type { Finding } from './types';

/** Folders no lint run enters: tools' state, environments and caches. */
const SKIP_DIRS = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.mlops', '.ipynb_checkpoints', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.dvc', 'site-packages']);

/**
 * The files a run lints under `paths`: folders are walked (skipping SKIP_DIRS and `exclude`, following
 * symlinks once), files named explicitly are kept when their kind is known, as Ruff does.
 */
export function collectFiles(paths: string[], config: LensConfig): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string) => {
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
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = fs.statSync(p);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (!SKIP_DIRS.has(e.name) && !isExcluded(p, config)) walk(p);
      } else if (isFile && kindOf(p) && !isExcluded(p, config)) out.push(p);
    }
  };
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      out.push(p);
      continue;
    }
    if (st.isDirectory()) walk(p);
    else if (kindOf(p)) out.push(p);
  }
  return [...new Set(out)];
}

/** Reads and lints one file; unreadable, binary, huge or malformed files give one MLO000 finding. */
export function lintFile(file: string, config: LensConfig, options: LintOptions): { findings: Finding[]; lines: number } {
  let text: string;
  try {
    const st = fs.statSync(file);
    if (st.size > MAX_FILE_BYTES) return { findings: [cannotAnalyse(file, `file is ${(st.size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit (generated or data?)`, 0)], lines: 0 };
    const buf = fs.readFileSync(file);
    if (buf.includes(0)) return { findings: [cannotAnalyse(file, 'binary content (NUL byte) in a text file', 0)], lines: 0 };
    text = buf.toString('utf8');
  } catch (err) {
    return { findings: [cannotAnalyse(file, `cannot read: ${errnoCode(err) ?? describeError(err)}`, 0)], lines: 0 };
  }
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  try {
    return { findings: lintTextSync(file, text, config, options), lines };
  } catch (err) {
    return { findings: [cannotAnalyse(file, `internal error: ${describeError(err)}`, 0)], lines };
  }
}
