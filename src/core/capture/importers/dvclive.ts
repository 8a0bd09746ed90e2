import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describeError, type Problem } from '../../errors';
import type { MetricPoint } from '../../registry';
import { readCsvTable, type CsvTableState } from '../csv-table';
import { lineAt, parseJson, type JsonNode } from '../json-literal';
import { readOptional, yamlParamsFile } from '../params';
import { experimentOf, fileArtifact, folderArtifact, isProblem, listFiles, statOf, statusByActivity } from '../run-files';
import type { FoundArtifact, Importer, ReadResult } from './types';

interface DvcliveState {
  plots: Record<string, CsvTableState>;
  /** metrics.json as last read (it is rewritten at every step, never appended). */
  summary: { size: number; mtimeMs: number } | null;
}

const PLOTS = path.join('plots', 'metrics');

/**
 * DVCLive (3.x): a folder (`dvclive/` by default) with `params.yaml`, `metrics.json` (the latest value
 * of each metric, nested by '/' in its name, plus `step`), `plots/metrics/<name>.tsv` (columns
 * `[timestamp\t]step\t<name>`, timestamp in ms when `log_metric(..., timestamp=True)`), and `dvc.yaml`
 * whose `artifacts:` lists logged models. A metric logged with `plot=False` is only in metrics.json:
 * it becomes one point at that step, replaced when metrics.json changes.
 */
export const dvclive: Importer = {
  name: 'dvclive',
  detect(file) {
    return runDirOf(file) !== undefined;
  },
  runPath: (file) => runDirOf(file) ?? path.dirname(file),
  read(runPath, state, options): ReadResult {
    const prev = (state?.data as DvcliveState | null) ?? { plots: {}, summary: null };
    const next: DvcliveState = { plots: { ...prev.plots }, summary: prev.summary };
    const problems: Problem[] = [];
    const params = yamlParamsFile(path.join(runPath, 'params.yaml'));
    problems.push(...params.problems);

    const points: MetricPoint[] = [];
    const replace: string[] = [];
    const plotted = new Set<string>();
    let more = false;
    let latest = statOf(path.join(runPath, 'params.yaml'))?.mtimeMs ?? 0;
    let first = Infinity;
    for (const rel of listFiles(path.join(runPath, PLOTS), (r) => r.endsWith('.tsv') || r.endsWith('.csv'))) {
      const key = rel.slice(0, -4);
      plotted.add(key);
      const file = path.join(runPath, PLOTS, rel);
      const st = statOf(file);
      if (st) { latest = Math.max(latest, st.mtimeMs); first = Math.min(first, st.birthtimeMs || st.mtimeMs); }
      if (points.length >= options.maxPoints) { more = true; continue; }
      const table = readCsvTable(file, prev.plots[rel], { stepColumn: 'step', tsColumn: 'timestamp', keyOf: () => key }, options.now);
      if (!table || table.unchanged) continue;
      problems.push(...table.problems);
      if (table.reset) replace.push(key);
      points.push(...table.points);
      next.plots[rel] = table.state;
      if (!table.atEnd) more = true;
    }

    const summaryFile = path.join(runPath, 'metrics.json');
    const sst = statOf(summaryFile);
    if (sst) latest = Math.max(latest, sst.mtimeMs);
    if (sst && (prev.summary?.size !== sst.size || prev.summary.mtimeMs !== sst.mtimeMs)) {
      const summary = readSummary(summaryFile, plotted, problems);
      if (summary) {
        replace.push(...summary.map((p) => p.key));
        points.push(...summary);
        next.summary = { size: sst.size, mtimeMs: sst.mtimeMs };
      }
    }

    const artifacts = readArtifacts(runPath, problems);
    const status = statusByActivity(latest, options.now);
    return {
      runs: [{
        runKey: runPath,
        experiment: experimentOf(runPath, 'dvclive'),
        name: path.basename(runPath),
        status,
        startedAt: Number.isFinite(first) ? first : sst ? sst.birthtimeMs || sst.mtimeMs : null,
        endedAt: status === 'running' ? null : latest || null,
        params: params.params,
        tags: {},
        points,
        replace: replace.length ? replace : undefined,
        artifacts,
      }],
      nextState: {
        offset: Object.values(next.plots).reduce((s, t) => s + t.tail.offset, 0),
        bytes: Object.values(next.plots).reduce((s, t) => s + t.tail.bytes, 0),
        mtimeMs: latest || null,
        headSha256: null,
        data: next,
      },
      problems,
      more,
    };
  },
};

/** The DVCLive folder a file belongs to: the folder of `plots/metrics/**.tsv`, or `dvclive/` itself. */
function runDirOf(file: string): string | undefined {
  const marker = path.sep + PLOTS + path.sep;
  const i = file.lastIndexOf(marker);
  if (i > 0 && /\.(tsv|csv)$/.test(file)) return file.slice(0, i);
  const dir = path.dirname(file);
  const base = path.basename(file);
  if (base !== 'metrics.json' && base !== 'params.yaml' && base !== 'dvc.yaml') return undefined;
  if (path.basename(dir) === 'dvclive' || fs.existsSync(path.join(dir, PLOTS))) return dir;
  return undefined;
}

/** Numeric leaves of metrics.json as points at its `step` (0 when it has none), names joined by '/'. */
function readSummary(file: string, plotted: Set<string>, problems: Problem[]): MetricPoint[] | undefined {
  const text = readOptional(file);
  if (typeof text !== 'string') { if (text) problems.push(text); return undefined; }
  const parsed = parseJson(text);
  if ('error' in parsed) { problems.push({ path: file, line: parsed.line, message: `invalid JSON: ${parsed.error}` }); return undefined; }
  if (parsed.value.kind !== 'object') { problems.push({ path: file, line: 1, message: 'expected a JSON object' }); return undefined; }
  const stepNode = parsed.value.entries.find(([k]) => k === 'step')?.[1];
  const step = stepNode?.kind === 'number' && Number.isSafeInteger(stepNode.value) ? stepNode.value : 0;
  if (stepNode && step === 0 && !(stepNode.kind === 'number' && stepNode.value === 0)) {
    problems.push({ path: file, line: lineAt(text, stepNode.pos), message: '"step" is not an integer; taken as 0' });
  }
  const out: MetricPoint[] = [];
  const walk = (node: JsonNode, prefix: string) => {
    if (node.kind !== 'object') return;
    for (const [k, v] of node.entries) {
      const key = prefix ? `${prefix}/${k}` : k;
      if (v.kind === 'object') walk(v, key);
      else if (v.kind === 'number' && !(prefix === '' && k === 'step') && !plotted.has(key)) out.push({ key, step, ts: null, value: v.value });
    }
  };
  walk(parsed.value, '');
  return out;
}

/** `artifacts:` of the dvc.yaml DVCLive writes beside its files (paths relative to it). */
function readArtifacts(runPath: string, problems: Problem[]): FoundArtifact[] {
  const file = path.join(runPath, 'dvc.yaml');
  const text = readOptional(file);
  if (typeof text !== 'string') { if (text) problems.push(text); return []; }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    problems.push({ path: file, line: (err as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? null, message: `invalid YAML: ${describeError(err).split('\n')[0]}` });
    return [];
  }
  const list = (doc as { artifacts?: Record<string, { path?: unknown; type?: unknown }> } | null)?.artifacts;
  if (!list || typeof list !== 'object') return [];
  const out: FoundArtifact[] = [];
  for (const a of Object.values(list)) {
    if (!a || typeof a.path !== 'string') continue;
    const abs = path.resolve(runPath, a.path);
    const st = statOf(abs);
    if (!st) continue;
    const kind = a.type === 'model' ? 'model' : 'file';
    const r = st.isDirectory() ? folderArtifact(abs, kind) : fileArtifact(abs, kind);
    if (isProblem(r)) problems.push(r);
    else out.push(r);
  }
  return out;
}
