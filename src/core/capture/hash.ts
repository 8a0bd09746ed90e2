import * as fs from 'node:fs';
import * as path from 'node:path';
import { MlopsError, describeError, errnoCode, type Problem } from '../errors';
import { sha256Hex } from '../file-sha256';
import type { Registry } from '../registry';

export interface FileHash {
  path: string;
  sha256: string;
  bytes: number;
  mtimeMs: number;
}

/** The file formats saved models come in; such files are hashed and recorded, never loaded. */
export const MODEL_EXTENSIONS: readonly string[] = ['.onnx', '.pt', '.pth', '.ckpt', '.safetensors', '.pkl', '.joblib', '.h5', '.keras'];

export function isModelFile(file: string): boolean {
  return MODEL_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/**
 * sha256 of a file, streamed (data and model files can be many GB), cached in the registry's
 * `file_hashes` table by path, size and mtime so an unchanged file is never read twice.
 * A file that changes while it is read is hashed again (a model still being written).
 */
export async function hashFile(reg: Registry, file: string): Promise<FileHash> {
  const abs = path.resolve(file);
  for (let attempt = 0; ; attempt++) {
    const before = statFile(abs);
    const cached = reg.statements.get('SELECT sha256 FROM file_hashes WHERE path = ? AND bytes = ? AND mtime_ms = ?')
      .get(abs, before.size, before.mtimeMs) as { sha256: string } | undefined;
    if (cached) return { path: abs, sha256: cached.sha256, bytes: before.size, mtimeMs: before.mtimeMs };
    const sha256 = await sha256Hex(abs, 'cannot hash file');
    const after = statFile(abs);
    const stable = after.size === before.size && after.mtimeMs === before.mtimeMs;
    if (!stable && attempt < 2) continue;
    if (stable) {
      reg.write(() => reg.statements.get(`INSERT INTO file_hashes (path, bytes, mtime_ms, sha256, hashed_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (path) DO UPDATE SET bytes = excluded.bytes, mtime_ms = excluded.mtime_ms, sha256 = excluded.sha256, hashed_at = excluded.hashed_at`)
        .run(abs, after.size, after.mtimeMs, sha256, Date.now()));
    }
    // Still changing after three reads: the hash is of what was read, and is not cached.
    return { path: abs, sha256, bytes: after.size, mtimeMs: after.mtimeMs };
  }
}

function statFile(abs: string): fs.Stats {
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch (err) {
    throw new MlopsError('cannot hash file', abs, errnoCode(err) === 'ENOENT' ? 'no such file' : errnoCode(err) ?? describeError(err));
  }
  if (st.isDirectory()) throw new MlopsError('cannot hash file', abs, 'is a directory');
  if (!st.isFile()) throw new MlopsError('cannot hash file', abs, 'not a regular file');
  return st;
}


export interface LinkResult<T> {
  linked: T[];
  problems: Problem[];
}

/** Hashes each data file and links it to the run as an input; a file that cannot be read is a problem, not a stop. */
export async function linkDataInputs(reg: Registry, runId: string, files: readonly string[]): Promise<LinkResult<{ datasetId: number } & FileHash>> {
  const out: LinkResult<{ datasetId: number } & FileHash> = { linked: [], problems: [] };
  for (const file of unique(files)) {
    try {
      const h = await hashFile(reg, file);
      const datasetId = reg.write(() => {
        const id = reg.addDataset({ path: h.path, sha256: h.sha256, bytes: h.bytes });
        reg.linkInput(runId, id);
        return id;
      });
      out.linked.push({ datasetId, ...h });
    } catch (err) {
      out.problems.push(problemOf(file, err));
    }
  }
  return out;
}

/** Records each model file as an artifact of kind 'model' with its hash and size; other files are ignored. */
export async function recordModelOutputs(reg: Registry, runId: string, files: readonly string[]): Promise<LinkResult<{ artifactId: number } & FileHash>> {
  const out: LinkResult<{ artifactId: number } & FileHash> = { linked: [], problems: [] };
  for (const file of unique(files)) {
    if (!isModelFile(file)) continue;
    try {
      const h = await hashFile(reg, file);
      const artifactId = reg.addArtifact(runId, { path: h.path, kind: 'model', sha256: h.sha256, bytes: h.bytes });
      out.linked.push({ artifactId, ...h });
    } catch (err) {
      out.problems.push(problemOf(file, err));
    }
  }
  return out;
}

function unique(files: readonly string[]): string[] {
  return [...new Set(files.map((f) => path.resolve(f)))];
}

function problemOf(file: string, err: unknown): Problem {
  const message = err instanceof MlopsError ? [err.what, err.why].filter(Boolean).join(': ') : describeError(err);
  return { path: path.resolve(file), line: null, message };
}
