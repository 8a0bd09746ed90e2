import { randomUUID } from 'node:crypto';
import { MlopsError } from '../errors';
import { Statements, isoOrNull } from './statements';
import { RUN_STATUSES, SOURCE_KINDS } from './types';
import type { EndRunInput, MetricSummary, RunRecord, RunStatus, SourceKind, StartRunInput } from './types';

/**
 * A run's columns in the order `toRecord` reads them. Rows come back as arrays (better-sqlite3's raw mode),
 * about twice as fast as objects in a large listing.
 */
const RUN_COLUMNS = `r.id, r.name, r.experiment_id, r.status, r.source_kind, r.importer, r.source_path, r.command,
  r.git_commit, r.git_branch, r.git_dirty, r.started_at, r.ended_at`;
export type RunRow = unknown[];
const STARTED_AT = 11;

export function experimentId(st: Statements, name: string): number {
  if (typeof name !== 'string' || name.trim() === '') throw new MlopsError('invalid experiment name', JSON.stringify(name), 'expected a non-empty string');
  st.get('INSERT INTO experiments (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(name, Date.now());
  return (st.get('SELECT id FROM experiments WHERE name = ?').get(name) as { id: number }).id;
}

export function insertRun(st: Statements, input: StartRunInput): string {
  const status = input.status ?? 'running';
  if (!RUN_STATUSES.includes(status)) throw new MlopsError('invalid run status', String(status), `expected one of ${RUN_STATUSES.join(', ')}`);
  if (!SOURCE_KINDS.includes(input.sourceKind)) throw new MlopsError('invalid run source', String(input.sourceKind), `expected one of ${SOURCE_KINDS.join(', ')}`);
  const id = randomUUID();
  const git = input.git ?? null;
  st.get(`INSERT INTO runs (id, experiment_id, name, status, source_kind, importer, source_path, source_key, command, cwd,
      git_commit, git_branch, git_dirty, started_at, num)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(num), 0) + 1 FROM runs))`).run(
    id, experimentId(st, input.experiment), input.name ?? null, status, input.sourceKind, input.importer ?? null,
    input.sourcePath ?? null, input.sourceKey ?? null, input.command ?? null, input.cwd ?? null,
    git?.commit ?? null, git?.branch ?? null, git === null || git.dirty === null ? null : Number(git.dirty),
    input.startedAt === undefined ? Date.now() : input.startedAt,
  );
  return id;
}

/** Writes that name a run check it first: SQLite's foreign-key failure would not say which run. */
export function requireRun(st: Statements, runId: string): void {
  if (!st.get('SELECT 1 FROM runs WHERE id = ?').get(runId)) throw new MlopsError('no such run', String(runId));
}

export function runIdBySourceKey(st: Statements, sourceKey: string): string | undefined {
  return (st.get('SELECT id FROM runs WHERE source_key = ?').get(sourceKey) as { id: string } | undefined)?.id;
}

export function updateRunEnd(st: Statements, runId: string, end: EndRunInput): void {
  if (!RUN_STATUSES.includes(end.status) || end.status === ('running' as RunStatus)) {
    throw new MlopsError('invalid end status', `run ${runId}`, `expected finished, failed or killed, got ${String(end.status)}`);
  }
  const r = st.get('UPDATE runs SET status = ?, exit_code = ?, ended_at = ? WHERE id = ?').run(
    end.status, end.exitCode ?? null, end.endedAt === undefined ? Date.now() : end.endedAt, runId,
  );
  if (r.changes === 0) throw new MlopsError('no such run', runId);
}

export function setKeyValues(st: Statements, table: 'params' | 'tags', runId: string, values: Record<string, string>): void {
  const upsert = st.get(`INSERT INTO ${table} (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value`);
  for (const [k, v] of Object.entries(values)) {
    if (typeof v !== 'string') throw new MlopsError(`invalid ${table === 'params' ? 'param' : 'tag'} value`, `run ${runId}, ${k}`, `expected a string (the source's literal form), got ${typeof v}`);
    upsert.run(runId, k, v);
  }
  if (table === 'params') refreshParamsCopy(st, runId);
}

export function keyValues(st: Statements, table: 'params' | 'tags', runId: string): Record<string, string> {
  const rows = st.get(`SELECT key, value FROM ${table} WHERE run_id = ? ORDER BY key`).all(runId) as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

/** Resolves a full id or a unique prefix of at least 4 characters (as `git` does for commits). */
export function resolveRunId(st: Statements, idOrPrefix: string): string {
  const exact = st.get('SELECT id FROM runs WHERE id = ?').get(idOrPrefix) as { id: string } | undefined;
  if (exact) return exact.id;
  if (idOrPrefix.length >= 4 && /^[0-9a-f-]+$/i.test(idOrPrefix)) {
    const rows = st.get("SELECT id FROM runs WHERE id LIKE ? || '%' ESCAPE '\\' LIMIT 2").all(idOrPrefix.toLowerCase()) as { id: string }[];
    if (rows.length === 1) return rows[0]!.id;
    if (rows.length > 1) throw new MlopsError('ambiguous run id', idOrPrefix, 'more than one run starts with it; give more characters');
  }
  throw new MlopsError('no such run', idOrPrefix);
}

/** A run's row for `toRecord`, then its cwd and exit code. */
export function runRow(st: Statements, id: string): { row: RunRow; experiment: string; cwd: string | null; exitCode: number | null } | undefined {
  const a = st.raw(`SELECT ${RUN_COLUMNS}, e.name, r.cwd, r.exit_code FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id = ?`).get(id) as RunRow | undefined;
  return a && { row: a, experiment: a[13] as string, cwd: a[14] as string | null, exitCode: a[15] as number | null };
}

export function toRecord(a: RunRow, experiment: string, params: Record<string, string>, metrics: Record<string, MetricSummary>): RunRecord {
  const commit = a[8] as string | null;
  const dirty = a[10] as number | null;
  return {
    id: a[0] as string,
    name: a[1] as string | null,
    experiment,
    status: a[3] as RunStatus,
    source: { kind: a[4] as SourceKind, importer: a[5] as string | null, path: a[6] as string | null },
    command: a[7] as string | null,
    git: commit === null ? null : { commit, branch: a[9] as string | null, dirty: dirty === null ? null : dirty === 1 },
    startedAt: isoOrNull(a[STARTED_AT] as number | null),
    endedAt: isoOrNull(a[12] as number | null),
    params,
    metrics,
  };
}

/**
 * A listing reads each run's params and metric summaries from copies kept on the run's own row (refreshed
 * on every write), so 10,000 runs are 10,000 rows rather than 140,000, or 10,000 correlated subqueries;
 * then the run's number and revision (see RunListing).
 */
export const LIST_COLUMNS = `${RUN_COLUMNS}, r.params_json, r.summary_pack, r.num, r.rev`;

/** Rebuilds a run's copy of its params (see LIST_SELECT); NULL when it has none. */
function refreshParamsCopy(st: Statements, runId: string): void {
  st.get(`UPDATE runs SET params_json = (SELECT json_group_object(p.key, p.value ORDER BY p.key) FROM params p WHERE p.run_id = runs.id
    HAVING count(*) > 0) WHERE id = ?`).run(runId);
}

export interface RunMeta {
  name: string | null;
  status: RunStatus;
  started_at: number | null;
  ended_at: number | null;
}

/** Sets name, status and times as a source says them (a re-import); true when something changed. */
export function updateRunMeta(st: Statements, runId: string, m: RunMeta): boolean {
  const cur = st.get('SELECT name, status, started_at, ended_at FROM runs WHERE id = ?').get(runId) as RunMeta | undefined;
  if (!cur) throw new MlopsError('no such run', runId);
  if (cur.name === m.name && cur.status === m.status && cur.started_at === m.started_at && cur.ended_at === m.ended_at) return false;
  st.get('UPDATE runs SET name = ?, status = ?, started_at = ?, ended_at = ? WHERE id = ?').run(m.name, m.status, m.started_at, m.ended_at, runId);
  return true;
}
