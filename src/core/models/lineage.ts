import type { Registry } from '../registry';
import type { DatasetRecord, GitInfo, MetricSummary, RunStatus } from '../registry';
import { listModelNames, listModelVersions, type ModelVersionRecord } from '../registry/models';
import { stageOf, type Stage } from './aliases';
import { promotionsOfVersion, type PromotionRecord } from './promote';
import { storedAbsolute } from './store';

/** One entry of `mlops-lens models list --json`. */
export interface ModelListEntry {
  name: string;
  versions: { version: number; sha256: string; format: string | null; createdAt: string | null; aliases: string[]; stage: Stage; run: string | null }[];
}

export function listModels(reg: Registry): ModelListEntry[] {
  const byName = new Map<string, ModelListEntry>(listModelNames(reg.statements).map((name) => [name, { name, versions: [] }]));
  for (const v of listModelVersions(reg.statements)) {
    byName.get(v.model)!.versions.push({
      version: v.version, sha256: v.sha256, format: v.format, createdAt: v.createdAt, aliases: v.aliases, stage: stageOf(v.aliases), run: v.run,
    });
  }
  return [...byName.values()];
}

/**
 * `mlops-lens models show --json`: a version and everything that made it — the run (params, metric
 * summaries, git commit and the patch of uncommitted changes), the input datasets with their hashes —
 * and where it stands (aliases, stage, promotion history).
 */
export interface VersionLineage {
  name: string;
  version: number;
  sha256: string;
  format: string | null;
  bytes: number | null;
  createdAt: string | null;
  /** The read-only stored copy. */
  path: string | null;
  /** The file it was registered from. */
  sourcePath: string | null;
  aliases: string[];
  stage: Stage;
  run: RunLineage | null;
  datasets: Pick<DatasetRecord, 'path' | 'sha256' | 'bytes' | 'rows'>[];
  promotions: PromotionRecord[];
}

export interface RunLineage {
  id: string;
  name: string | null;
  experiment: string;
  status: RunStatus;
  command: string | null;
  startedAt: string | null;
  endedAt: string | null;
  params: Record<string, string>;
  metrics: Record<string, MetricSummary>;
  git: (GitInfo & { patch: { path: string; sha256: string | null; bytes: number | null } | null }) | null;
  /** The run's artifact this version was registered from, when capture recorded it. */
  artifact: { path: string; kind: string } | null;
}

export function versionLineage(reg: Registry, v: ModelVersionRecord): VersionLineage {
  const run = v.run === null ? null : reg.getRun(v.run);
  const patch = run?.artifacts.find((a) => a.kind === 'patch' || /\.(patch|diff)$/.test(a.path)) ?? null;
  const artifact = v.artifactId === null ? null : reg.artifact(v.artifactId) ?? null;
  return {
    name: v.model, version: v.version, sha256: v.sha256, format: v.format, bytes: v.bytes, createdAt: v.createdAt,
    path: v.storedPath === null ? null : storedAbsolute(reg.file, v.storedPath), sourcePath: v.sourcePath,
    aliases: v.aliases, stage: stageOf(v.aliases),
    run: run && {
      id: run.id, name: run.name, experiment: run.experiment, status: run.status, command: run.command,
      startedAt: run.startedAt, endedAt: run.endedAt, params: run.params, metrics: run.metrics,
      git: run.git && { ...run.git, patch: patch && { path: patch.path, sha256: patch.sha256, bytes: patch.bytes } },
      artifact: artifact && { path: artifact.path, kind: artifact.kind },
    },
    datasets: (run?.inputs ?? []).map((d) => ({ path: d.path, sha256: d.sha256, bytes: d.bytes, rows: d.rows })),
    promotions: promotionsOfVersion(reg, v.id),
  };
}
