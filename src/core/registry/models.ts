import { MlopsError } from '../errors';
import { isoOrNull, type Statements } from './statements';

export interface ModelVersionInput {
  model: string;
  sha256: string;
  format: string | null;
  bytes?: number | null;
  runId?: string | null;
  artifactId?: number | null;
  storedPath?: string | null;
  sourcePath?: string | null;
  createdAt?: number;
}

export interface ModelVersionRecord {
  id: number;
  model: string;
  version: number;
  sha256: string;
  format: string | null;
  bytes: number | null;
  run: string | null;
  artifactId: number | null;
  storedPath: string | null;
  sourcePath: string | null;
  createdAt: string | null;
  aliases: string[];
}

interface VersionRow {
  id: number; model: string; version: number; sha256: string; format: string | null; bytes: number | null;
  run_id: string | null; artifact_id: number | null; stored_path: string | null; source_path: string | null; created_at: number | null;
}

/** Model names become folder names under `.mlops/models/`, so separators and dot-names are refused. */
export function checkModelName(name: string): void {
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(name) || name.includes('..')) {
    throw new MlopsError('invalid model name', JSON.stringify(name), 'use letters, digits, ".", "_" and "-" (no path separators or "..")');
  }
}

export function modelId(st: Statements, name: string): number {
  checkModelName(name);
  st.get('INSERT INTO models (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(name, Date.now());
  return (st.get('SELECT id FROM models WHERE name = ?').get(name) as { id: number }).id;
}

export function findVersionByContent(st: Statements, model: string, sha256: string): ModelVersionRecord | undefined {
  const row = st.get(`${VERSION_SELECT} WHERE m.name = ? AND v.sha256 = ?`).get(model, sha256) as VersionRow | undefined;
  return row && toVersion(st, row);
}

/** Adds the next version number of a model; the caller checks content dedupe first inside the same transaction. */
export function insertModelVersion(st: Statements, input: ModelVersionInput): ModelVersionRecord {
  const id = modelId(st, input.model);
  const next = ((st.get('SELECT max(version) AS v FROM model_versions WHERE model_id = ?').get(id) as { v: number | null }).v ?? 0) + 1;
  const r = st.get(`INSERT INTO model_versions (model_id, version, run_id, artifact_id, format, sha256, bytes, stored_path, source_path, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(id, next, input.runId ?? null, input.artifactId ?? null, input.format, input.sha256,
    input.bytes ?? null, input.storedPath ?? null, input.sourcePath ?? null, input.createdAt ?? Date.now());
  return toVersion(st, st.get(`${VERSION_SELECT} WHERE v.id = ?`).get(r.lastInsertRowid) as VersionRow);
}

const VERSION_SELECT = `SELECT v.id, m.name AS model, v.version, v.sha256, v.format, v.bytes, v.run_id, v.artifact_id, v.stored_path, v.source_path, v.created_at
  FROM model_versions v JOIN models m ON m.id = v.model_id`;

function toVersion(st: Statements, r: VersionRow): ModelVersionRecord {
  const aliases = (st.get('SELECT alias FROM model_aliases WHERE version_id = ? ORDER BY alias').all(r.id) as { alias: string }[]).map((a) => a.alias);
  return {
    id: r.id, model: r.model, version: r.version, sha256: r.sha256, format: r.format, bytes: r.bytes, run: r.run_id, artifactId: r.artifact_id,
    storedPath: r.stored_path, sourcePath: r.source_path, createdAt: isoOrNull(r.created_at), aliases,
  };
}

export function versionById(st: Statements, id: number): ModelVersionRecord | undefined {
  const row = st.get(`${VERSION_SELECT} WHERE v.id = ?`).get(id) as VersionRow | undefined;
  return row && toVersion(st, row);
}

/** A version by number, or the newest version of the model when `version` is 'latest'. */
export function findVersion(st: Statements, model: string, version: number | 'latest'): ModelVersionRecord | undefined {
  const row = version === 'latest'
    ? st.get(`${VERSION_SELECT} WHERE m.name = ? ORDER BY v.version DESC LIMIT 1`).get(model)
    : st.get(`${VERSION_SELECT} WHERE m.name = ? AND v.version = ?`).get(model, version);
  return row === undefined ? undefined : toVersion(st, row as VersionRow);
}

export function modelIdByName(st: Statements, name: string): number | undefined {
  return (st.get('SELECT id FROM models WHERE name = ?').get(name) as { id: number } | undefined)?.id;
}

export function listModelNames(st: Statements): string[] {
  return (st.get('SELECT name FROM models ORDER BY name').all() as { name: string }[]).map((r) => r.name);
}

export function listModelVersions(st: Statements): ModelVersionRecord[] {
  return (st.get(`${VERSION_SELECT} ORDER BY m.name, v.version`).all() as VersionRow[]).map((r) => toVersion(st, r));
}
