import { MlopsError } from '../errors';
import type { Statements } from './statements';
import type { ArtifactRecord, DatasetRecord } from './types';

export interface ArtifactInput {
  path: string;
  kind: string;
  sha256?: string | null;
  bytes?: number | null;
}

export interface DatasetInput {
  path: string;
  sha256: string;
  bytes?: number | null;
  rows?: number | null;
  schema?: unknown;
}

interface ArtifactRow { id: number; run_id: string | null; path: string; kind: string; sha256: string | null; bytes: number | null }
interface DatasetRow { id: number; path: string; sha256: string; bytes: number | null; rows: number | null; schema_json: string | null }

const toArtifact = (r: ArtifactRow): ArtifactRecord => ({ id: r.id, runId: r.run_id, path: r.path, kind: r.kind, sha256: r.sha256, bytes: r.bytes });
const toDataset = (r: DatasetRow): DatasetRecord => ({ id: r.id, path: r.path, sha256: r.sha256, bytes: r.bytes, rows: r.rows, schema: r.schema_json === null ? null : JSON.parse(r.schema_json) });

/** One row per (run, path): a model file rewritten during the run updates its hash and size. */
export function upsertArtifact(st: Statements, runId: string | null, a: ArtifactInput): number {
  if (typeof a.path !== 'string' || a.path === '') throw new MlopsError('invalid artifact path', String(a.path), 'expected a non-empty string');
  st.get(`INSERT INTO artifacts (run_id, path, kind, sha256, bytes) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (run_id, path) DO UPDATE SET kind = excluded.kind, sha256 = excluded.sha256, bytes = excluded.bytes`)
    .run(runId, a.path, a.kind, a.sha256 ?? null, a.bytes ?? null);
  const row = runId === null
    ? st.get('SELECT id FROM artifacts WHERE run_id IS NULL AND path = ? ORDER BY id DESC LIMIT 1').get(a.path)
    : st.get('SELECT id FROM artifacts WHERE run_id = ? AND path = ?').get(runId, a.path);
  return (row as { id: number }).id;
}

export function artifactsOf(st: Statements, runId: string): ArtifactRecord[] {
  return (st.get('SELECT id, run_id, path, kind, sha256, bytes FROM artifacts WHERE run_id = ? ORDER BY path').all(runId) as ArtifactRow[]).map(toArtifact);
}

export function artifactById(st: Statements, id: number): ArtifactRecord | undefined {
  const r = st.get('SELECT id, run_id, path, kind, sha256, bytes FROM artifacts WHERE id = ?').get(id) as ArtifactRow | undefined;
  return r && toArtifact(r);
}

/** A dataset is identified by path and content: the same path with new content is a new dataset version. */
export function upsertDataset(st: Statements, d: DatasetInput): number {
  if (!/^[0-9a-f]{64}$/.test(d.sha256)) throw new MlopsError('invalid dataset hash', d.path, 'expected a sha256 hex digest');
  st.get(`INSERT INTO datasets (path, sha256, bytes, rows, schema_json) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (path, sha256) DO UPDATE SET bytes = coalesce(excluded.bytes, bytes), rows = coalesce(excluded.rows, rows),
      schema_json = coalesce(excluded.schema_json, schema_json)`)
    .run(d.path, d.sha256, d.bytes ?? null, d.rows ?? null, d.schema === undefined ? null : JSON.stringify(d.schema));
  return (st.get('SELECT id FROM datasets WHERE path = ? AND sha256 = ?').get(d.path, d.sha256) as { id: number }).id;
}

export function linkInput(st: Statements, runId: string, datasetId: number): void {
  if (!st.get('SELECT 1 FROM datasets WHERE id = ?').get(datasetId)) throw new MlopsError('no such dataset', String(datasetId));
  st.get('INSERT INTO run_inputs (run_id, dataset_id) VALUES (?, ?) ON CONFLICT DO NOTHING').run(runId, datasetId);
}

export function inputsOf(st: Statements, runId: string): DatasetRecord[] {
  return (st.get(`SELECT d.id, d.path, d.sha256, d.bytes, d.rows, d.schema_json FROM run_inputs i JOIN datasets d ON d.id = i.dataset_id
    WHERE i.run_id = ? ORDER BY d.path`).all(runId) as DatasetRow[]).map(toDataset);
}
