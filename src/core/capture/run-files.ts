import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeError, errnoCode, type Problem } from '../errors';
import type { ArtifactInput, RunStatus } from '../registry';
import type { SourceState } from './importers/types';
import type { TailState } from './text-tail';

/** A run whose files changed this recently is taken as still running (formats with no end marker). */
export const ACTIVE_MS = 120_000;

export function statusByActivity(latestMtimeMs: number, now: number): RunStatus {
  return now - latestMtimeMs < ACTIVE_MS ? 'running' : 'finished';
}

/** The folder holding the run's folder (or file) names its experiment, as loggers group runs that way. */
export function experimentOf(runPath: string, fallback: string): string {
  return path.basename(path.dirname(runPath)) || fallback;
}

export function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** Files under `dir` (relative, '/'-separated, sorted); none when it does not exist. Symlinks are not followed. */
export function listFiles(dir: string, filter: (rel: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(abs, e.name), r);
      else if (e.isFile() && filter(r)) out.push(r);
    }
  };
  walk(dir, '');
  return out.sort();
}

/** Hashes already computed, keyed by path, reused while size and mtime are unchanged. */
export type HashCache = Record<string, { size: number; mtimeMs: number; sha256: string }>;

/** sha256 of a file, streamed in 1 MiB reads (model files are large; never loaded whole). */
export function sha256File(file: string): string {
  const h = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    let pos = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
      pos += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}

function cachedHash(file: string, st: fs.Stats, cache: HashCache): string {
  const c = cache[file];
  if (c && c.size === st.size && c.mtimeMs === st.mtimeMs) return c.sha256;
  const sha256 = sha256File(file);
  cache[file] = { size: st.size, mtimeMs: st.mtimeMs, sha256 };
  return sha256;
}

/** A file artifact with its size and hash (the file is read, never loaded or executed). */
export function fileArtifact(file: string, kind: string, cache: HashCache): ArtifactInput | Problem {
  try {
    const st = fs.statSync(file);
    return { path: file, kind, bytes: st.size, sha256: cachedHash(file, st, cache) };
  } catch (err) {
    return { path: file, line: null, message: `cannot hash artifact: ${errnoCode(err) ?? describeError(err)}` };
  }
}

/**
 * A folder artifact (an MLflow model): bytes is the total size, sha256 the hash of the sorted lines
 * "<sha256 of file>  <relative path>" (the `sha256sum` listing of the folder), so any changed file changes it.
 */
export function folderArtifact(dir: string, kind: string, cache: HashCache): ArtifactInput | Problem {
  try {
    let bytes = 0;
    const listing = listFiles(dir).map((rel) => {
      const file = path.join(dir, rel);
      const st = fs.statSync(file);
      bytes += st.size;
      return `${cachedHash(file, st, cache)}  ${rel}\n`;
    });
    return { path: dir, kind, bytes, sha256: createHash('sha256').update(listing.join('')).digest('hex') };
  } catch (err) {
    return { path: dir, line: null, message: `cannot hash artifact: ${errnoCode(err) ?? describeError(err)}` };
  }
}

export function isProblem(x: ArtifactInput | Problem): x is Problem {
  return 'message' in x;
}

/** The progress row of a run read through one main file (`tail`), with the importer's own `data`. */
export function sourceState(tail: TailState | undefined, data: unknown): SourceState {
  return tail
    ? { offset: tail.offset, bytes: tail.bytes, mtimeMs: tail.mtimeMs, headSha256: tail.head, data }
    : { offset: 0, bytes: 0, mtimeMs: null, headSha256: null, data };
}
