import * as path from 'node:path';
import type { LensConfig } from '../config';
import { globMatcher } from '../config/glob';

/** True when `file` (absolute or relative to the config root) matches the glob (see globMatcher). */
export function matchesGlob(file: string, glob: string, root: string): boolean {
  return globMatcher(glob).test(path.relative(root, path.resolve(root, file)).split(path.sep).join('/'));
}

export function isExcluded(file: string, config: LensConfig): boolean {
  return config.exclude.some((g) => matchesGlob(file, g, config.root));
}

/** A code is on when a `select` prefix names it (all by default, `ALL` too) and no `ignore` prefix does. */
export function codeEnabled(code: string, select: string[] | null, ignore: string[]): boolean {
  const selected = select === null || select.some((p) => p === 'ALL' || code.startsWith(p));
  return selected && !ignore.some((p) => p === 'ALL' || code.startsWith(p));
}

/** The codes `per-file-ignores` switches off for this file. */
export function fileIgnores(file: string, config: LensConfig): string[] {
  const out: string[] = [];
  for (const [glob, codes] of Object.entries(config.perFileIgnores)) if (matchesGlob(file, glob, config.root)) out.push(...codes);
  return out;
}
