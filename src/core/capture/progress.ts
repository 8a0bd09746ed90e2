import type { ArtifactInput, Registry } from '../registry';
import type { SourceState } from './importers/types';

/** The `import_sources` row of a run source: how far the importer has read it. */
export function loadProgress(reg: Registry, sourcePath: string, importer: string): SourceState | null {
  const row = reg.statements.get('SELECT importer, offset, bytes, mtime_ms, head_sha256, state_json FROM import_sources WHERE path = ?').get(sourcePath) as
    { importer: string; offset: number; bytes: number; mtime_ms: number | null; head_sha256: string | null; state_json: string | null } | undefined;
  if (!row || row.importer !== importer) return null;
  return { offset: row.offset, bytes: row.bytes, mtimeMs: row.mtime_ms, headSha256: row.head_sha256, data: row.state_json === null ? null : JSON.parse(row.state_json) };
}

export function saveProgress(reg: Registry, sourcePath: string, importer: string, runId: string | null, s: SourceState): void {
  reg.statements.get(`INSERT INTO import_sources (path, importer, run_id, offset, bytes, mtime_ms, head_sha256, state_json, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (path) DO UPDATE SET importer = excluded.importer, run_id = excluded.run_id, offset = excluded.offset,
      bytes = excluded.bytes, mtime_ms = excluded.mtime_ms, head_sha256 = excluded.head_sha256, state_json = excluded.state_json,
      updated_at = excluded.updated_at`)
    .run(sourcePath, importer, runId, s.offset, s.bytes, s.mtimeMs === null ? null : Math.floor(s.mtimeMs), s.headSha256, JSON.stringify(s.data ?? null), Date.now());
}

/** The key/values of `next` that differ from what the run has stored. */
export function changedValues(reg: Registry, table: 'params' | 'tags', runId: string, next: Record<string, string>): Record<string, string> {
  const rows = reg.statements.get(`SELECT key, value FROM ${table} WHERE run_id = ?`).all(runId) as { key: string; value: string }[];
  const cur = new Map(rows.map((r) => [r.key, r.value]));
  return Object.fromEntries(Object.entries(next).filter(([k, v]) => cur.get(k) !== v));
}

export function changedArtifacts(reg: Registry, runId: string, next: ArtifactInput[]): ArtifactInput[] {
  const rows = reg.statements.get('SELECT path, kind, sha256, bytes FROM artifacts WHERE run_id = ?').all(runId) as { path: string; kind: string; sha256: string | null; bytes: number | null }[];
  const cur = new Map(rows.map((r) => [r.path, r]));
  return next.filter((a) => {
    const c = cur.get(a.path);
    return !c || c.kind !== a.kind || c.sha256 !== (a.sha256 ?? null) || c.bytes !== (a.bytes ?? null);
  });
}
