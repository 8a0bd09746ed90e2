import type { Problem } from '../../errors';
import type { GitInfo, MetricPoint, RunStatus } from '../../registry';

/**
 * What the ingest keeps per run source between imports (the `import_sources` row). The columns are the
 * run's main file (or the sums over its files); `data` is the importer's own state (`state_json`).
 */
export interface SourceState {
  offset: number;
  bytes: number;
  mtimeMs: number | null;
  headSha256: string | null;
  data: unknown;
}

/** Everything an importer learned about one run since the saved state. */
export interface RunUpdate {
  /** Absolute path of the run in its source: its folder, or the file for one-file runs. */
  runKey: string;
  experiment: string;
  name: string | null;
  status: RunStatus;
  startedAt: number | null;
  endedAt: number | null;
  git?: GitInfo | null;
  /** Full current values (params and tags are small): the ingest writes only what changed. */
  params: Record<string, string>;
  tags: Record<string, string>;
  /** New points only, unless `replace` says which keys are re-read from scratch. */
  points: MetricPoint[];
  /** Keys whose stored points `points` replaces (a rewritten file), or 'all'. */
  replace?: string[] | 'all';
  artifacts: FoundArtifact[];
}

/** An artifact an importer found, for the ingest to hash: a file, or a folder (as `sha256sum` lists it). */
export interface FoundArtifact {
  path: string;
  kind: string;
  bytes: number;
  hash: 'file' | 'folder';
}

export interface ReadResult {
  runs: RunUpdate[];
  nextState: SourceState;
  problems: Problem[];
  /** True when the read stopped at its budget: call again with `nextState` for the rest. */
  more: boolean;
}

export interface ReadOptions {
  /** Stop after about this many points (bounded memory per transaction on a huge file). */
  maxPoints: number;
  /** "Now" in ms, for deciding whether a run is still being written. */
  now: number;
}

/**
 * A logger format. `detect` is cheap (names first, `head` only when the name is not enough) and
 * accepts any file of a run, so the watcher can hand over whichever file changed; `runPath` maps
 * that file to the run; `read` returns what is new in the whole run since `state`. Importers only
 * read: the ingest decides what is written.
 */
export interface Importer {
  name: string;
  detect(file: string, head: () => string): boolean;
  runPath(file: string): string;
  read(runPath: string, state: SourceState | null, options: ReadOptions): ReadResult;
}
