import * as path from 'node:path';
import { describeError } from '../errors';
import type { Registry } from '../registry';
import type { RegistryFacts, Unreadable } from './facts';

/**
 * What the registry holds that counts as evidence, item by item, each with the folder it came from
 * (relative to the workspace, '/'-separated; null when unknown or outside the workspace). The workspace's
 * RegistryFacts count them all; a project's count those that come from its folder (docs/maturity.md,
 * "Projects").
 */
export interface RegistryItems {
  runs: { where: string | null; commit: boolean; clean: boolean; inputs: boolean; latency: boolean }[];
  datasets: { where: string | null }[];
  models: string[];
  versions: { model: string; where: string | null }[];
  aliases: RegistryFacts['aliases'];
  promotions: RegistryFacts['promotions'];
  driftReports: { where: string | null; withModel: boolean }[];
}

/** The registry's items in a handful of queries; a registry that cannot be read gives an Unreadable instead. */
export function registryItems(reg: Registry, root: string): RegistryItems | Unreadable {
  try {
    const st = reg.statements;
    const inWorkspace = (p: string | null) => folderIn(root, p);
    const fileWhere = (p: string | null) => inWorkspace(p === null ? null : path.dirname(path.resolve(root, p)));
    // A script outside the workspace (`python /opt/tools/train.py`) leaves the run where it ran.
    const runWhere = (cwd: string | null, command: string | null, sourcePath: string | null) =>
      (cwd !== null ? inWorkspace(scriptFolder(cwd, command)) ?? inWorkspace(cwd) : fileWhere(sourcePath));
    // Raw rows with the flags computed here: no run id crosses over, which halved the read of 10,000 runs.
    const runs = (st.raw(`SELECT r.cwd, r.command, r.source_path, r.git_commit IS NOT NULL, r.git_commit IS NOT NULL AND r.git_dirty = 0,
        EXISTS (SELECT 1 FROM run_inputs i WHERE i.run_id = r.id),
        EXISTS (SELECT 1 FROM metric_summaries s WHERE s.run_id = r.id AND (s.key LIKE 'latency%' OR s.key LIKE '%throughput%'))
      FROM runs r`).all() as [string | null, string | null, string | null, number, number, number, number][])
      .map(([cwd, command, sourcePath, commit, clean, inputs, latency]) => ({
        where: runWhere(cwd, command, sourcePath), commit: commit === 1, clean: clean === 1, inputs: inputs === 1, latency: latency === 1,
      }));
    return {
      runs,
      datasets: (st.pluck('SELECT path FROM datasets WHERE sha256 IS NOT NULL').all() as string[]).map((p) => ({ where: fileWhere(p) })),
      models: st.pluck('SELECT name FROM models ORDER BY name').all() as string[],
      versions: (st.raw(`SELECT m.name, r.id IS NOT NULL, r.cwd, r.command, r.source_path, v.source_path FROM model_versions v
          JOIN models m ON m.id = v.model_id LEFT JOIN runs r ON r.id = v.run_id`).all() as
        [string, number, string | null, string | null, string | null, string | null][]).map(([model, hasRun, cwd, command, runSource, file]) => ({
        model,
        where: (hasRun ? runWhere(cwd, command, runSource) : null) ?? fileWhere(file),
      })),
      aliases: st.get(`SELECT m.name AS model, a.alias, v.version FROM model_aliases a JOIN models m ON m.id = a.model_id
        JOIN model_versions v ON v.id = a.version_id ORDER BY m.name, a.alias`).all() as RegistryFacts['aliases'],
      promotions: (st.get(`SELECT m.name AS model, v.version, p.to_stage AS "to", p.forced, p.gate_results_json AS gates FROM promotions p
        JOIN model_versions v ON v.id = p.version_id JOIN models m ON m.id = v.model_id ORDER BY p.id`).all() as { model: string; version: number; to: string; forced: number; gates: string }[])
        .map((p) => ({ model: p.model, version: p.version, to: p.to, forced: p.forced !== 0, gates: gateNames(p.gates) })),
      driftReports: (st.get('SELECT d.path, r.model_version_id FROM drift_reports r LEFT JOIN datasets d ON d.id = r.reference_id').all() as
        { path: string | null; model_version_id: number | null }[]).map((r) => ({ where: fileWhere(r.path), withModel: r.model_version_id !== null })),
    };
  } catch (err) {
    return { file: reg.file, why: `cannot read the registry: ${describeError(err)}`, category: 'registry' };
  }
}

/**
 * The facts of the items `counts` accepts by their folder. Models, aliases and promotions go with the models
 * that have a version it accepts; with `everything`, all of them, including models without a version.
 */
export function countRegistry(items: RegistryItems, counts: (where: string | null) => boolean, everything = false): RegistryFacts {
  const runs = items.runs.filter((r) => counts(r.where));
  const versions = items.versions.filter((v) => counts(v.where));
  const models = new Set(everything ? items.models : versions.map((v) => v.model));
  const reports = items.driftReports.filter((r) => counts(r.where));
  return {
    runs: runs.length,
    runsWithCommit: runs.filter((r) => r.commit).length,
    runsClean: runs.filter((r) => r.clean).length,
    datasetsHashed: items.datasets.filter((d) => counts(d.where)).length,
    runsWithInputs: runs.filter((r) => r.inputs).length,
    modelVersions: versions.length,
    models: models.size,
    aliases: items.aliases.filter((a) => models.has(a.model)),
    promotions: items.promotions.filter((p) => models.has(p.model)),
    driftReports: reports.length,
    driftReportsWithModel: reports.filter((r) => r.withModel).length,
    runsWithLatency: runs.filter((r) => r.latency).length,
  };
}

/** The first word of a command line that names a Python file, unquoted or quoted without spaces. */
const SCRIPT = /(?:^|[\s;&|(])["']?([^\s"';&|()<>]+\.py)["']?(?=$|[\s;&|)])/;

/**
 * Where a terminal run's code is: the folder of the script its command runs (`python churn/train.py` from
 * the monorepo's root is churn's run), else the folder it ran in. A pattern rather than the shell tokenizer:
 * a scorecard reads every run of the registry on every re-score, and tokenizing 10,000 commands took 80 ms.
 */
function scriptFolder(cwd: string, command: string | null): string {
  const script = command === null ? undefined : SCRIPT.exec(command)?.[1];
  return script === undefined ? cwd : path.dirname(path.resolve(cwd, script));
}

/** `abs` relative to the workspace root, '/'-separated ('.' for the root); null when null or outside it. */
function folderIn(root: string, abs: string | null): string | null {
  if (abs === null) return null;
  const rel = path.relative(root, path.resolve(root, abs));
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel === '' ? '.' : rel.split(path.sep).join('/');
}

function gateNames(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map((g) => String((g as { name?: unknown }).name ?? '')).filter((s) => s !== '') : [];
  } catch {
    return [];
  }
}
