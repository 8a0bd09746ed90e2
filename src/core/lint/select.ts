import * as path from 'node:path';
import type { LensConfig } from '../config';

/** Ruff-style globs: `*` and `?` within a segment, `**` across segments, `{a,b}` alternatives. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close < 0) re += '\\{';
      else {
        re += '(?:' + glob.slice(i + 1, close).split(',').map((p) => globToRegExp(p).source.slice(1, -1)).join('|') + ')';
        i = close;
      }
    } else re += /[.+^${}()|[\]\\]/.test(c) ? '\\' + c : c;
  }
  return new RegExp('^' + re + '$');
}

const compiled = new Map<string, RegExp>();

/**
 * True when `file` (absolute or relative to the config root) matches the glob. A glob without a slash also
 * matches the base name or any leading folder, as `exclude = ["data"]` should skip `data/**`.
 */
export function matchesGlob(file: string, glob: string, root: string): boolean {
  const rel = path.relative(root, path.resolve(root, file)).split(path.sep).join('/');
  let re = compiled.get(glob);
  if (!re) compiled.set(glob, (re = globToRegExp(glob.replace(/^\.\//, '').replace(/\/$/, ''))));
  if (re.test(rel)) return true;
  if (!glob.includes('/')) return rel.split('/').some((seg) => re.test(seg));
  return rel.split('/').some((_, i, segs) => re.test(segs.slice(0, i + 1).join('/')));
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
