import type Database from 'better-sqlite3';
import * as path from 'node:path';
import { MlopsError } from '../errors';
import { artifactById, artifactsOf, inputsOf, linkInput, upsertArtifact, upsertDataset, type ArtifactInput, type DatasetInput } from './lineage';
import { deletePoints, history, insertPoints, summariesFor, validatePoints } from './metrics';
import { findVersionByContent, insertModelVersion, listModelVersions, type ModelVersionInput, type ModelVersionRecord } from './models';
import { checkWholeFile, openDatabase, schemaVersion, type OpenOptions } from './open';
import { experimentId, insertRun, updateRunMeta, type RunMeta, keyValues, requireRun, resolveRunId, runIdBySourceKey, runRow, setKeyValues, toRecord, updateRunEnd } from './runs';
import { RunListing } from './run-listing';
import { Statements } from './statements';
import type { ArtifactRecord, DatasetRecord, EndRunInput, MetricPoint, RegistryCounts, RunDetail, RunFilter, RunRecord, StartRunInput } from './types';

export * from './types';
export type { ArtifactInput, DatasetInput } from './lineage';
export type { ModelVersionInput, ModelVersionRecord } from './models';
export { checkModelName } from './models';
export { LATEST_SCHEMA_VERSION } from './schema';

/** Where a workspace keeps its registry. */
export function defaultRegistryPath(workspaceRoot: string): string {
  return path.join(workspaceRoot, '.mlops', 'registry.db');
}

/**
 * The workspace registry: one SQLite file shared by the backend and the CLI. Every multi-row write is one
 * IMMEDIATE transaction, so a concurrent writer waits (busy_timeout) instead of failing half-way, and a
 * crash leaves either the whole batch or none of it.
 */
export class Registry {
  private readonly st: Statements;
  private readonly listing = new RunListing();

  private constructor(readonly file: string, readonly db: Database.Database) {
    this.st = new Statements(db);
  }

  static open(file: string, options?: OpenOptions): Registry {
    return new Registry(path.resolve(file), openDatabase(path.resolve(file), options));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** SQLite's check of every page, which opening a large registry leaves out; a damaged file is moved aside. */
  checkIntegrity(): void {
    checkWholeFile(this.db, this.file);
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /** Runs `fn` in one write transaction, taking the write lock up front. Nested calls join the outer one. */
  write<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    return this.db.transaction(fn).immediate();
  }

  experiment(name: string): number {
    return this.write(() => experimentId(this.st, name));
  }

  listExperiments(): { id: number; name: string; runs: number }[] {
    return this.st.get(`SELECT e.id, e.name, count(r.id) AS runs FROM experiments e LEFT JOIN runs r ON r.experiment_id = e.id
      GROUP BY e.id ORDER BY e.name`).all() as { id: number; name: string; runs: number }[];
  }

  startRun(input: StartRunInput): string {
    return this.write(() => insertRun(this.st, input));
  }

  /** The run a source (an importer's run folder, a terminal execution) created earlier, if any. */
  runBySourceKey(sourceKey: string): string | undefined {
    return runIdBySourceKey(this.st, sourceKey);
  }

  endRun(runId: string, end: EndRunInput): void {
    this.write(() => updateRunEnd(this.st, runId, end));
  }

  /** Marks an ended run as running again (its tracker came back while the command still ran). */
  reopenRun(runId: string): void {
    this.write(() => {
      if (this.st.get("UPDATE runs SET status = 'running', exit_code = NULL, ended_at = NULL WHERE id = ?").run(runId).changes === 0) {
        throw new MlopsError('no such run', runId);
      }
    });
  }

  deleteRun(runId: string): void {
    this.write(() => {
      if (this.st.get('DELETE FROM runs WHERE id = ?').run(runId).changes === 0) throw new MlopsError('no such run', runId);
    });
  }

  resolveRunId(idOrPrefix: string): string {
    return resolveRunId(this.st, idOrPrefix);
  }

  getRun(idOrPrefix: string): RunDetail {
    const id = this.resolveRunId(idOrPrefix);
    const { row, experiment, cwd, exitCode } = runRow(this.st, id)!;
    return {
      ...toRecord(row, experiment, keyValues(this.st, 'params', id), summariesFor(this.st, id)),
      cwd,
      exitCode,
      tags: keyValues(this.st, 'tags', id),
      artifacts: artifactsOf(this.st, id),
      inputs: inputsOf(this.st, id),
    };
  }

  /** Runs with their params and metric summaries; the records are frozen and shared between listings (see RunListing). */
  listRuns(filter?: RunFilter): RunRecord[] {
    return this.listing.list(this.st, filter);
  }

  /** Name, status and times as the run's source now says them (importers re-read them); true when changed. */
  updateRunMeta(runId: string, meta: RunMeta): boolean {
    return this.write(() => updateRunMeta(this.st, runId, meta));
  }

  /** Removes a run's points (some keys or all) and their summaries, when its source was rewritten. */
  deletePoints(runId: string, keys: readonly string[] | 'all'): number {
    return this.write(() => deletePoints(this.st, runId, keys));
  }

  setParams(runId: string, params: Record<string, string>): void {
    this.write(() => {
      requireRun(this.st, runId);
      setKeyValues(this.st, 'params', runId, params);
    });
  }

  deleteTags(runId: string, keys: readonly string[]): void {
    this.write(() => {
      for (const key of keys) this.st.get('DELETE FROM tags WHERE run_id = ? AND key = ?').run(runId, key);
    });
  }

  setTags(runId: string, tags: Record<string, string>): void {
    this.write(() => {
      requireRun(this.st, runId);
      setKeyValues(this.st, 'tags', runId, tags);
    });
  }

  /** Appends a batch of points (validated first, written in one transaction) and updates the summaries. */
  logMetrics(runId: string, points: readonly MetricPoint[]): void {
    validatePoints(runId, points);
    if (points.length === 0) return;
    this.write(() => {
      requireRun(this.st, runId);
      insertPoints(this.st, runId, points);
    });
  }

  metricHistory(runId: string, key: string): MetricPoint[] {
    return history(this.st, runId, key);
  }

  addArtifact(runId: string | null, artifact: ArtifactInput): number {
    return this.write(() => {
      if (runId !== null) requireRun(this.st, runId);
      return upsertArtifact(this.st, runId, artifact);
    });
  }

  artifact(id: number): ArtifactRecord | undefined {
    return artifactById(this.st, id);
  }

  addDataset(dataset: DatasetInput): number {
    return this.write(() => upsertDataset(this.st, dataset));
  }

  linkInput(runId: string, datasetId: number): void {
    this.write(() => {
      requireRun(this.st, runId);
      linkInput(this.st, runId, datasetId);
    });
  }

  inputs(runId: string): DatasetRecord[] {
    return inputsOf(this.st, runId);
  }

  modelVersionByContent(model: string, sha256: string): ModelVersionRecord | undefined {
    return findVersionByContent(this.st, model, sha256);
  }

  addModelVersion(input: ModelVersionInput): ModelVersionRecord {
    return this.write(() => {
      const existing = findVersionByContent(this.st, input.model, input.sha256);
      if (existing) throw new MlopsError('model already registered', `${input.model} version ${existing.version}`, `same content (sha256 ${input.sha256.slice(0, 12)})`);
      return insertModelVersion(this.st, input);
    });
  }

  listModelVersions(): ModelVersionRecord[] {
    return listModelVersions(this.st);
  }

  counts(): RegistryCounts {
    const n = (sql: string) => (this.st.get(sql).get() as { n: number }).n;
    return {
      experiments: n('SELECT count(*) AS n FROM experiments'),
      runs: n('SELECT count(*) AS n FROM runs'),
      metrics: n('SELECT count(*) AS n FROM metric_points'),
      models: n('SELECT count(*) AS n FROM models'),
      modelVersions: n('SELECT count(*) AS n FROM model_versions'),
    };
  }

  /** The raw statement cache, for core modules that own their own tables (capture progress, promotions, ...). */
  get statements(): Statements {
    return this.st;
  }
}
