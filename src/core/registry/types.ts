export type RunStatus = 'running' | 'finished' | 'failed' | 'killed';
export type SourceKind = 'terminal' | 'watcher' | 'import' | 'cli';

export const RUN_STATUSES: readonly RunStatus[] = ['running', 'finished', 'failed', 'killed'];
export const SOURCE_KINDS: readonly SourceKind[] = ['terminal', 'watcher', 'import', 'cli'];

export interface GitInfo {
  commit: string;
  branch: string | null;
  dirty: boolean | null;
}

export interface MetricPoint {
  key: string;
  step: number;
  /** Milliseconds since the epoch, or null when the logger did not record a time. */
  ts: number | null;
  /** NaN and ±Infinity are kept: SQLite stores ±Infinity, NaN is stored as NULL and read back as NaN. */
  value: number;
}

export interface MetricSummary {
  last: number;
  step: number;
  min: number;
  max: number;
  count: number;
}

export interface StartRunInput {
  experiment: string;
  name?: string | null;
  sourceKind: SourceKind;
  importer?: string | null;
  sourcePath?: string | null;
  /** Stable identity of the run in its source (an importer's run folder, ...); makes re-imports idempotent. */
  sourceKey?: string | null;
  command?: string | null;
  cwd?: string | null;
  git?: GitInfo | null;
  /** Milliseconds since the epoch; defaults to now. */
  startedAt?: number | null;
  status?: RunStatus;
}

export interface EndRunInput {
  status: Exclude<RunStatus, 'running'>;
  exitCode?: number | null;
  endedAt?: number | null;
}

/** The stable JSON shape of `mlops-lens runs list --json`. */
export interface RunRecord {
  id: string;
  name: string | null;
  experiment: string;
  status: RunStatus;
  source: { kind: SourceKind; importer: string | null; path: string | null };
  command: string | null;
  git: GitInfo | null;
  startedAt: string | null;
  endedAt: string | null;
  params: Record<string, string>;
  metrics: Record<string, MetricSummary>;
}

export interface ArtifactRecord {
  id: number;
  runId: string | null;
  path: string;
  kind: string;
  sha256: string | null;
  bytes: number | null;
}

export interface DatasetRecord {
  id: number;
  path: string;
  sha256: string;
  bytes: number | null;
  rows: number | null;
  schema: unknown;
}

/** `mlops-lens runs show RUN --json`: the list shape plus everything else known about the run. */
export interface RunDetail extends RunRecord {
  cwd: string | null;
  exitCode: number | null;
  tags: Record<string, string>;
  artifacts: ArtifactRecord[];
  inputs: DatasetRecord[];
}

export interface RunFilter {
  experiment?: string;
  status?: RunStatus;
  /** Case-insensitive substring of the run's id, name, command, source path or a param value. */
  text?: string;
  /** Sort by the last value of this metric (runs without it come last). Default: newest first. */
  sortMetric?: string;
  order?: 'asc' | 'desc';
  limit?: number;
}

export interface RegistryCounts {
  experiments: number;
  runs: number;
  metrics: number;
  models: number;
  modelVersions: number;
}
