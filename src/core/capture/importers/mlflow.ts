import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describeError, type Problem } from '../../errors';
import type { MetricPoint, RunStatus } from '../../registry';
import { parseNumber, parseStep } from '../csv';
import { readOptional } from '../params';
import { fileArtifact, folderArtifact, isProblem, listFiles, sourceState, statOf } from '../run-files';
import { readTail, type TailState } from '../text-tail';
import type { FoundArtifact, Importer, ReadResult } from './types';

interface MlflowState {
  metrics: Record<string, TailState>;
}

/** `RunStatus` of mlflow/protos/service.proto, as the file store writes it in meta.yaml. */
const STATUS: Record<string, RunStatus> = {
  1: 'running', 2: 'running', 3: 'finished', 4: 'failed', 5: 'killed',
  RUNNING: 'running', SCHEDULED: 'running', FINISHED: 'finished', FAILED: 'failed', KILLED: 'killed',
};
const RUN_PARTS = new Set(['metrics', 'params', 'tags']);

/**
 * MLflow's file store (`mlruns/<experiment id>/<run id>/`): `meta.yaml` (status, start and end times in
 * ms, run name, lifecycle), one file per param and tag holding the raw value (a key with '/' is a
 * sub-folder), one file per metric with lines `<timestamp ms> <value> <step>` (before MLflow 1.0 the
 * step was absent: `<timestamp> <value>`, step 0), and `artifacts/`, where a folder with an `MLmodel`
 * file is a logged model. The experiment's name is in `mlruns/<experiment id>/meta.yaml`.
 */
export const mlflow: Importer = {
  name: 'mlflow',
  detect(file) {
    return runDirOf(file) !== undefined;
  },
  runPath: (file) => runDirOf(file) ?? path.dirname(file),
  read(runPath, state, options): ReadResult {
    const prev = (state?.data as MlflowState | null) ?? { metrics: {} };
    const problems: Problem[] = [];
    const metaFile = path.join(runPath, 'meta.yaml');
    const meta = readYamlMap(metaFile, problems);
    if (!meta) return { runs: [], nextState: state ?? sourceState(undefined, prev), problems, more: false };
    if (meta.lifecycle_stage === 'deleted') return { runs: [], nextState: sourceState(undefined, prev), problems, more: false };
    const expMeta = readYamlMap(path.join(path.dirname(runPath), 'meta.yaml'), problems);
    const params = readValues(path.join(runPath, 'params'), problems);
    const tags = readValues(path.join(runPath, 'tags'), problems);

    const next: MlflowState = { metrics: { ...prev.metrics } };
    const points: MetricPoint[] = [];
    const replace: string[] = [];
    let more = false;
    for (const key of listFiles(path.join(runPath, 'metrics'))) {
      if (points.length >= options.maxPoints) { more = true; break; }
      const file = path.join(runPath, 'metrics', key);
      const tail = readTail(file, prev.metrics[key], options.now);
      if (!tail || tail.unchanged) continue;
      problems.push(...tail.problems);
      if (tail.reset) replace.push(key);
      for (let i = 0; i < tail.lines.length; i++) {
        const line = tail.lines[i];
        if (line === null || line.trim() === '') continue;
        const p = metricLine(line, key);
        if (typeof p === 'string') problems.push({ path: file, line: tail.firstLine + i, message: `${p}; line skipped` });
        else points.push(p);
      }
      next.metrics[key] = tail.state;
      if (!tail.atEnd) more = true;
    }

    const artifacts = readArtifacts(path.join(runPath, 'artifacts'), problems);
    const status = STATUS[String(meta.status)] ?? 'running';
    const commit = tags['mlflow.source.git.commit'];
    const expName = expMeta && typeof expMeta.name === 'string' && expMeta.name !== '' ? expMeta.name : `mlflow-${String(meta.experiment_id ?? path.basename(path.dirname(runPath)))}`;
    const runName = typeof meta.run_name === 'string' && meta.run_name !== '' ? meta.run_name : tags['mlflow.runName'] ?? path.basename(runPath);
    return {
      runs: [{
        runKey: runPath,
        experiment: expName,
        name: runName,
        status,
        startedAt: toMs(meta.start_time),
        endedAt: status === 'running' ? null : toMs(meta.end_time),
        git: commit ? { commit, branch: tags['mlflow.source.git.branch'] ?? null, dirty: null } : null,
        params,
        tags,
        points,
        replace: replace.length ? replace : undefined,
        artifacts,
      }],
      nextState: {
        offset: Object.values(next.metrics).reduce((s, t) => s + t.offset, 0),
        bytes: Object.values(next.metrics).reduce((s, t) => s + t.bytes, 0),
        mtimeMs: statOf(metaFile)?.mtimeMs ?? null,
        headSha256: null,
        data: next,
      },
      problems,
      more,
    };
  },
};

/** The run folder a file belongs to: `<run>/meta.yaml` or a file under `<run>/{metrics,params,tags}/`. */
function runDirOf(file: string): string | undefined {
  const parts = file.split(path.sep);
  if (parts[parts.length - 1] === 'meta.yaml') return isRunDir(path.dirname(file)) ? path.dirname(file) : undefined;
  for (let i = parts.length - 2; i >= 1; i--) {
    if (RUN_PARTS.has(parts[i]!)) {
      const dir = parts.slice(0, i).join(path.sep) || path.sep;
      if (isRunDir(dir)) return dir;
    }
  }
  return undefined;
}

function isRunDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'meta.yaml')) && fs.existsSync(path.join(path.dirname(dir), 'meta.yaml'))
    && [...RUN_PARTS].some((p) => fs.existsSync(path.join(dir, p)));
}

function metricLine(line: string, key: string): MetricPoint | string {
  const parts = line.trim().split(/\s+/);
  if (parts.length !== 2 && parts.length !== 3) return `expected "<timestamp> <value> <step>", found ${parts.length} fields`;
  const ts = parseStep(parts[0]!);
  const value = parseNumber(parts[1]!);
  const step = parts.length === 3 ? parseStep(parts[2]!) : 0;
  if (ts === undefined) return `timestamp is not an integer: ${JSON.stringify(parts[0])}`;
  if (value === undefined) return `value is not a number: ${JSON.stringify(parts[1])}`;
  if (step === undefined) return `step is not an integer: ${JSON.stringify(parts[2])}`;
  return { key, step, ts, value };
}

function readYamlMap(file: string, problems: Problem[]): Record<string, unknown> | undefined {
  const text = readOptional(file);
  if (text === undefined) return undefined;
  if (typeof text !== 'string') { problems.push(text); return undefined; }
  try {
    const v: unknown = parseYaml(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    problems.push({ path: file, line: 1, message: 'expected a YAML mapping' });
  } catch (err) {
    const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? null;
    problems.push({ path: file, line, message: `invalid YAML: ${describeError(err).split('\n')[0]}` });
  }
  return undefined;
}

/** Params and tags: one file per key, its whole content the value as MLflow received it. */
function readValues(dir: string, problems: Problem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of listFiles(dir)) {
    const v = readOptional(path.join(dir, key));
    if (typeof v === 'string') out[key] = v;
    else if (v) problems.push(v);
  }
  return out;
}

function readArtifacts(dir: string, problems: Problem[]): FoundArtifact[] {
  const out: FoundArtifact[] = [];
  const walk = (abs: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    if (abs !== dir && entries.some((e) => e.isFile() && e.name === 'MLmodel')) {
      add(folderArtifact(abs, 'model'));
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(abs, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) add(fileArtifact(p, 'file'));
    }
  };
  const add = (a: ReturnType<typeof fileArtifact>) => {
    if (isProblem(a)) { problems.push(a); return; }
    out.push(a);
  };
  walk(dir);
  return out;
}

function toMs(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}
