import * as fs from 'node:fs';
import * as path from 'node:path';
import { MlopsError } from '../errors';
import type { Registry } from '../registry';
import { checkModelName, findVersionByContent, insertModelVersion } from '../registry/models';
import type { ModelFormat } from './format';
import { placeCopy, readSource, removePlaced, stageCopy, storedAbsolute, storedRelative } from './store';

export interface RegisterOptions {
  /** Model name: letters, digits, ".", "_", "-"; no separators or "..". */
  name: string;
  file: string;
  /** The run that produced the file (id or unique prefix). Default: the newest run with an artifact of the same content. */
  run?: string | null;
  /** Refuse the file unless it still has this content (auto-registration of a run's recorded artifact). */
  expectSha256?: string | null;
}

export interface RegisterResult {
  name: string;
  version: number;
  sha256: string;
  /** The read-only stored copy (absolute). */
  path: string;
  format: ModelFormat;
  bytes: number;
  run: string | null;
  /** False when the same content was already a version of this model (that version is returned). */
  created: boolean;
}

/**
 * Registers a model file as the next version of `name`. The content is hashed first, so a file already
 * registered is not copied again; otherwise the copy is verified, read-only, and in place before the row
 * that points at it commits.
 */
export async function registerModel(reg: Registry, options: RegisterOptions): Promise<RegisterResult> {
  checkModelName(options.name);
  const runId = options.run === undefined || options.run === null ? null : reg.resolveRunId(options.run);
  const source = await readSource(options.file);
  if (options.expectSha256 && options.expectSha256 !== source.sha256) {
    throw new MlopsError('cannot register model', source.path, `the file changed since it was recorded (sha256 ${options.expectSha256.slice(0, 12)}, now ${source.sha256.slice(0, 12)})`);
  }
  const existing = reg.modelVersionByContent(options.name, source.sha256);
  if (existing) return resultOf(reg, existing, source.format, false);

  const tmp = await stageCopy(reg.file, options.name, source);
  const state: { placed: string | null } = { placed: null };
  try {
    const version = reg.write(() => {
      // Another process may have registered the same content while this one was copying.
      const raced = findVersionByContent(reg.statements, options.name, source.sha256);
      if (raced) return raced;
      const producer = runId === null ? producingArtifact(reg, source.sha256) : { runId, artifactId: artifactIn(reg, runId, source.sha256) };
      const next = nextVersion(reg, options.name);
      const relative = storedRelative(options.name, next, path.basename(source.path));
      state.placed = placeCopy(reg.file, tmp, relative);
      return insertModelVersion(reg.statements, {
        model: options.name, sha256: source.sha256, format: source.format, bytes: source.bytes,
        runId: producer?.runId ?? null, artifactId: producer?.artifactId ?? null,
        storedPath: relative, sourcePath: source.path,
      });
    });
    return resultOf(reg, version, source.format, state.placed !== null);
  } catch (err) {
    if (state.placed !== null) removePlaced(state.placed);
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function resultOf(reg: Registry, v: { model: string; version: number; sha256: string; storedPath: string | null; bytes: number | null; run: string | null },
  format: ModelFormat, created: boolean): RegisterResult {
  return {
    name: v.model, version: v.version, sha256: v.sha256, path: v.storedPath === null ? '' : storedAbsolute(reg.file, v.storedPath),
    format, bytes: v.bytes ?? 0, run: v.run, created,
  };
}

function nextVersion(reg: Registry, name: string): number {
  const row = reg.statements.get('SELECT max(v.version) AS v FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = ?').get(name) as { v: number | null };
  return (row.v ?? 0) + 1;
}

/** The newest run that recorded an artifact with this content: capture links model files it saw written. */
function producingArtifact(reg: Registry, sha256: string): { runId: string; artifactId: number } | null {
  const row = reg.statements.get(`SELECT a.id, a.run_id FROM artifacts a JOIN runs r ON r.id = a.run_id
    WHERE a.sha256 = ? ORDER BY r.started_at DESC, a.id DESC LIMIT 1`).get(sha256) as { id: number; run_id: string } | undefined;
  return row ? { runId: row.run_id, artifactId: row.id } : null;
}

function artifactIn(reg: Registry, runId: string, sha256: string): number | null {
  const row = reg.statements.get('SELECT id FROM artifacts WHERE run_id = ? AND sha256 = ? ORDER BY id LIMIT 1').get(runId, sha256) as { id: number } | undefined;
  return row?.id ?? null;
}
