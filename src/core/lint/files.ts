import * as fs from 'node:fs';
import type { LensConfig } from '../config';
import { walkTree } from '../walk';
import { errnoCode, describeError } from '../errors';
import { MAX_FILE_BYTES, kindOf } from './context';
import { cannotAnalyse, lintTextSync, type LintOptions } from './engine';
import { isExcluded } from './select';
import type { Finding } from './types';

/**
 * The files a run lints under `paths`: folders are walked (skipping SKIPPED_DIRS and `exclude`, following
 * symlinks once), files named explicitly are kept when their kind is known, as Ruff does.
 */
export function collectFiles(paths: string[], config: LensConfig): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      out.push(p);
      continue;
    }
    if (!st.isDirectory()) {
      if (kindOf(p)) out.push(p);
      continue;
    }
    walkTree(p, (e) => {
      if (e.kind === 'dir') return !isExcluded(e.abs, config);
      if (e.kind === 'file' && kindOf(e.abs) && !isExcluded(e.abs, config)) out.push(e.abs);
    });
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
