import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LensConfig } from '../config';
import { globMatcher } from '../config/glob';
import { SKIPPED_DIRS } from '../walk';


/** Where loggers write by default; polled when the system runs out of file watches. */
export const DEFAULT_LOGGER_DIRS: readonly string[] = ['mlruns', 'dvclive', 'lightning_logs', 'runs'];

/**
 * The watcher's filter: skipped folder names at any depth, the registry's own files (wherever
 * `--registry` put them) and the configured `exclude` globs, with ingest's glob semantics.
 */
export function ignoreFilter(root: string, registryFile: string | null, exclude: readonly string[], excludeBase = root): (p: string) => boolean {
  const excluded = exclude.map(globMatcher);
  const own = registryFile ? new Set(['', '-wal', '-shm', '-journal'].map((s) => registryFile + s)) : new Set<string>();
  const rootPrefix = root.endsWith(path.sep) ? root : root + path.sep;
  const basePrefix = excludeBase.endsWith(path.sep) ? excludeBase : excludeBase + path.sep;
  // Called for every folder of the tree and every changed file: plain string work, no path.relative.
  return (p: string) => {
    if (own.has(p)) return true;
    if (!p.startsWith(rootPrefix)) return false;
    if (p.slice(rootPrefix.length).split(path.sep).some((s) => SKIPPED_DIRS.has(s))) return true;
    if (excluded.length === 0 || !p.startsWith(basePrefix)) return false;
    const fromBase = p.slice(basePrefix.length).split(path.sep).join('/');
    return excluded.some((re) => re.test(fromBase));
  };
}

function isInside(rel: string): boolean {
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * `exclude` globs written relative to `base` (the config's folder), rewritten relative to `dir` for an
 * ingest of `dir`: prefixed when `dir` holds `base`, cut when `base` holds `dir`. A glob without '/'
 * matches a name at any depth and stays as it is; an anchored glob outside `dir` is dropped.
 */
export function rebaseGlobs(globs: readonly string[], base: string, dir: string): string[] {
  const down = path.relative(dir, base).split(path.sep).join('/');
  if (down === '') return [...globs];
  if (isInside(down)) return globs.map((g) => (g.includes('/') ? `${down}/${g.replace(/^\.\//, '')}` : g));
  const up = path.relative(base, dir).split(path.sep).join('/');
  if (!isInside(up)) return globs.filter((g) => !g.includes('/'));
  return globs.flatMap((g) => {
    const clean = g.replace(/^\.\//, '');
    if (!clean.includes('/')) return [g];
    if (clean.startsWith('**/')) return [clean];
    return clean.startsWith(`${up}/`) ? [clean.slice(up.length + 1)] : [];
  });
}

/** The paths to watch: the configured `watch` entries (relative to the config's folder), else the root. */
export function watchRoots(root: string, config?: LensConfig): string[] {
  if (!config || config.watch.length === 0) return [root];
  return config.watch.map((w) => path.resolve(config.root, w));
}

/**
 * What polling covers when file watches run out: the configured `outputs` folders and the default
 * logger folders found at the root or one level below it (a monorepo's projects).
 */
export function pollingRoots(root: string, config?: LensConfig): string[] {
  const out = new Set<string>((config?.outputs ?? []).map((o) => path.resolve(config!.root, o)));
  const candidates = [root];
  try {
    for (const e of fs.readdirSync(root, { withFileTypes: true })) {
      if (e.isDirectory() && !SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) candidates.push(path.join(root, e.name));
    }
  } catch {
    // An unreadable root has no logger folders to poll; the configured outputs still are.
  }
  for (const dir of candidates) {
    for (const name of DEFAULT_LOGGER_DIRS) {
      const p = path.join(dir, name);
      if (isDir(p)) out.add(p);
    }
  }
  return [...out].filter(isDir).sort();
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The error chokidar reports when inotify (or the process) runs out of watches or descriptors. */
export function isWatchLimitError(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : undefined;
  return code === 'ENOSPC' || code === 'EMFILE' || code === 'ENFILE';
}
