import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeError, type Problem } from '../errors';
import type { ArtifactInput, Registry } from '../registry';
import { hashArtifact } from './artifact-hash';
import { IMPORTERS, type Importer, type ReadResult } from './importers';
import { changedArtifacts, changedValues, loadProgress, saveProgress } from './progress';
import { walkFiles } from './walk';

export interface IngestOptions {
  /** Globs (relative to the folder) not to look into, beside the built-in skips (.git, node_modules, ...). */
  exclude?: readonly string[];
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; path: string }) => void;
  /** Points per transaction: a huge file is imported in several consistent steps, memory stays bounded. */
  maxPoints?: number;
  /** "Now", for telling running runs from finished ones (tests pin it). */
  now?: () => number;
}

/** The stable JSON shape of `mlops-lens ingest --json`. */
export interface IngestResult {
  runsCreated: number;
  runsUpdated: number;
  metricsAdded: number;
  errors: Problem[];
}

/** What one ingest did to each run, for people (the CLI prints a line per run). */
export interface IngestedRun {
  id: string;
  importer: string;
  path: string;
  experiment: string;
  name: string | null;
  created: boolean;
  metricsAdded: number;
}

export interface IngestReport extends IngestResult {
  runs: IngestedRun[];
}

const MAX_PROBLEMS_PER_SOURCE = 100;
const HEAD_BYTES = 4096;

/** A run source found in a folder: which importer reads it and the run's path. */
export interface RunSource {
  importer: Importer;
  runPath: string;
}

/** The importer claiming `file` and the run it belongs to, if any (cheap: names first, content only for CSVs). */
export function sourceOf(file: string): RunSource | undefined {
  const abs = path.resolve(file);
  let head: string | undefined;
  const readHead = () => (head ??= readHeadText(abs));
  for (const importer of IMPORTERS) {
    if (importer.detect(abs, readHead)) return { importer, runPath: importer.runPath(abs) };
  }
  return undefined;
}

/** Every run source under `dir`, each once (a run folder is found through any of its files). */
export function findSources(dir: string, exclude: readonly string[] = [], signal?: AbortSignal): RunSource[] {
  const found = new Map<string, RunSource>();
  for (const file of walkFiles(dir, exclude, signal)) {
    const s = sourceOf(file);
    if (s && !found.has(`${s.importer.name}\0${s.runPath}`)) found.set(`${s.importer.name}\0${s.runPath}`, s);
  }
  return [...found.values()];
}

/**
 * Imports every logger output under `dir` into the registry, reading only what is new since the last
 * import (progress kept in `import_sources`). Each run's changes and its progress row are written in
 * one transaction: a crash leaves the run as it was before that step, never half a step.
 */
export async function ingest(reg: Registry, dir: string, options: IngestOptions = {}): Promise<IngestReport> {
  const sources = findSources(path.resolve(dir), options.exclude, options.signal);
  const acc = new Accumulator();
  for (let i = 0; i < sources.length; i++) {
    if (options.signal?.aborted) break;
    await ingestSource(reg, sources[i]!, options, acc);
    options.onProgress?.({ done: i + 1, total: sources.length, path: sources[i]!.runPath });
  }
  return acc.report();
}

/** Imports the run that `file` belongs to (for the watcher: any file of a run will do). */
export async function ingestFile(reg: Registry, file: string, options: IngestOptions = {}): Promise<IngestReport> {
  const acc = new Accumulator();
  const s = sourceOf(file);
  if (s) await ingestSource(reg, s, options, acc);
  return acc.report();
}

async function ingestSource(reg: Registry, source: RunSource, options: IngestOptions, acc: Accumulator): Promise<void> {
  const { importer, runPath } = source;
  const now = options.now ?? Date.now;
  let problems = 0;
  for (;;) {
    let res: ReadResult;
    try {
      res = importer.read(runPath, loadProgress(reg, runPath, importer.name), { maxPoints: options.maxPoints ?? 250_000, now: now() });
    } catch (err) {
      acc.errors.push({ path: runPath, line: null, message: `cannot import (${importer.name}): ${describeError(err)}` });
      return;
    }
    for (const p of res.problems) {
      if (problems++ < MAX_PROBLEMS_PER_SOURCE) acc.errors.push(p);
    }
    const artifacts: ArtifactInput[][] = [];
    for (const run of res.runs) {
      const hashed: ArtifactInput[] = [];
      for (const found of run.artifacts) {
        const a = await hashArtifact(reg, found);
        if ('message' in a) acc.errors.push(a);
        else hashed.push(a);
      }
      artifacts.push(hashed);
    }
    try {
      reg.write(() => {
        let firstRun: string | null = null;
        for (const [k, run] of res.runs.entries()) {
          const r = applyRun(reg, importer.name, run, artifacts[k]!);
          firstRun ??= r.id;
          acc.add(r);
        }
        saveProgress(reg, runPath, importer.name, firstRun, res.nextState);
      });
    } catch (err) {
      acc.errors.push({ path: runPath, line: null, message: `not imported, registry unchanged: ${describeError(err)}` });
      return;
    }
    if (!res.more || options.signal?.aborted) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (problems > MAX_PROBLEMS_PER_SOURCE) {
    acc.errors.push({ path: runPath, line: null, message: `${problems - MAX_PROBLEMS_PER_SOURCE} more problems not shown` });
  }
}

function applyRun(reg: Registry, importer: string, run: ReadResult['runs'][number], artifacts: ArtifactInput[]): IngestedRun & { changed: boolean } {
  const sourceKey = `${importer}:${run.runKey}`;
  let id = reg.runBySourceKey(sourceKey);
  const created = id === undefined;
  let changed = false;
  if (id === undefined) {
    id = reg.startRun({
      experiment: run.experiment, name: run.name, sourceKind: 'import', importer, sourcePath: run.runKey, sourceKey,
      startedAt: run.startedAt, status: 'running', git: run.git ?? null,
    });
    if (run.status !== 'running') reg.endRun(id, { status: run.status, endedAt: run.endedAt });
  } else {
    changed = reg.updateRunMeta(id, { name: run.name, status: run.status, started_at: run.startedAt, ended_at: run.endedAt });
  }
  const params = changedValues(reg, 'params', id, run.params);
  if (Object.keys(params).length) { reg.setParams(id, params); changed = true; }
  const tags = changedValues(reg, 'tags', id, run.tags);
  if (Object.keys(tags).length) { reg.setTags(id, tags); changed = true; }
  if (run.replace && reg.deletePoints(id, run.replace) > 0) changed = true;
  if (run.points.length) { reg.logMetrics(id, run.points); changed = true; }
  for (const a of changedArtifacts(reg, id, artifacts)) { reg.addArtifact(id, a); changed = true; }
  return { id, importer, path: run.runKey, experiment: run.experiment, name: run.name, created, metricsAdded: run.points.length, changed };
}

class Accumulator {
  readonly errors: Problem[] = [];
  private readonly runs = new Map<string, IngestedRun>();

  add(r: IngestedRun & { changed: boolean }): void {
    const cur = this.runs.get(r.id);
    if (cur) { cur.metricsAdded += r.metricsAdded; return; }
    if (r.created || r.changed) {
      const { changed: _changed, ...run } = r;
      this.runs.set(r.id, run);
    }
  }

  report(): IngestReport {
    const runs = [...this.runs.values()];
    return {
      runsCreated: runs.filter((r) => r.created).length,
      runsUpdated: runs.filter((r) => !r.created).length,
      metricsAdded: runs.reduce((s, r) => s + r.metricsAdded, 0),
      errors: this.errors,
      runs,
    };
  }
}

function readHeadText(file: string): string {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(HEAD_BYTES);
      const n = fs.readSync(fd, buf, 0, HEAD_BYTES, 0);
      return buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '');
    } catch {
      return '';
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}
