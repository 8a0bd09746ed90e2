import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeError, errnoCode, type Problem } from '../errors';
import type { RunStatus } from '../registry';
import type { FoundArtifact, SourceState } from './importers/types';
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

/**
 * A file artifact with its size. Its sha256 is computed by the ingest, streamed and cached (hash.ts), not
 * here: importers read synchronously, and a multi-gigabyte checkpoint would hold up the backend.
 */
export function fileArtifact(file: string, kind: string): FoundArtifact | Problem {
  try {
    return { path: file, kind, bytes: fs.statSync(file).size, hash: 'file' };
  } catch (err) {
    return { path: file, line: null, message: `cannot read artifact: ${errnoCode(err) ?? describeError(err)}` };
  }
}

/** A folder artifact (an MLflow model): bytes is the total size of its files; the ingest hashes it (see hash.ts). */
export function folderArtifact(dir: string, kind: string): FoundArtifact | Problem {
  try {
    let bytes = 0;
    for (const rel of listFiles(dir)) bytes += fs.statSync(path.join(dir, rel)).size;
    return { path: dir, kind, bytes, hash: 'folder' };
  } catch (err) {
    return { path: dir, line: null, message: `cannot read artifact: ${errnoCode(err) ?? describeError(err)}` };
  }
}

export function isProblem(x: FoundArtifact | Problem): x is Problem {
  return 'message' in x;
}

/** The progress row of a run read through one main file (`tail`), with the importer's own `data`. */
export function sourceState(tail: TailState | undefined, data: unknown): SourceState {
  return tail
    ? { offset: tail.offset, bytes: tail.bytes, mtimeMs: tail.mtimeMs, headSha256: tail.head, data }
    : { offset: 0, bytes: 0, mtimeMs: null, headSha256: null, data };
}
