import * as path from 'node:path';
import type { LensConfig } from '../config';
import type { Finding } from '../lint';
import type { GatesConfig } from '../models';
import type { Registry } from '../registry';
import { describeError } from '../errors';
import type { FileFacts } from './scan';
import type { Category, EvidenceItem } from './types';

/** What the registry knows that counts as evidence. */
export interface RegistryFacts {
  runs: number;
  runsWithCommit: number;
  runsClean: number;
  datasetsHashed: number;
  runsWithInputs: number;
  modelVersions: number;
  models: number;
  aliases: { model: string; alias: string; version: number }[];
  promotions: { model: string; version: number; to: string; forced: boolean; gates: string[] }[];
  driftReports: number;
  driftReportsWithModel: number;
  runsWithLatency: number;
}

export interface GitTags {
  /** GTO registrations, `name@v1.2.0`. */
  registrations: string[];
  /** GTO stage assignments, `name#prod#3`. */
  stages: string[];
}

export interface Unreadable {
  file: string;
  why: string;
  category: Category | null;
}

/** Everything the checks read; built once per assessment from cached per-file facts. */
export class Facts {
  readonly unreadable: Unreadable[];
  private readonly lintByCode = new Map<string, Finding[]>();

  constructor(
    readonly root: string,
    readonly files: FileFacts[],
    readonly config: LensConfig,
    readonly gates: GatesConfig | null,
    readonly registry: RegistryFacts | null,
    readonly tags: GitTags,
    /** HEAD's commit, or null outside git. */
    readonly commit: string | null,
    findings: Finding[],
    unreadable: Unreadable[],
  ) {
    this.unreadable = [...unreadable, ...files.filter((f) => f.unreadable).map((f) => ({ file: f.rel, why: f.unreadable!, category: f.category }))];
    for (const f of findings) {
      const list = this.lintByCode.get(f.code) ?? [];
      list.push(f);
      this.lintByCode.set(f.code, list);
    }
  }

  /** A path relative to the root, '/'-separated (evidence paths). */
  rel(p: string): string {
    return path.relative(this.root, path.resolve(this.root, p)).split(path.sep).join('/') || '.';
  }

  /** Files holding a signal, optionally only of some categories. */
  filesWith(signal: string, categories?: Category[]): FileFacts[] {
    return this.files.filter((f) => f.hits.has(signal) && (!categories || (f.category !== null && categories.includes(f.category))));
  }

  has(signal: string, categories?: Category[]): boolean {
    return this.files.some((f) => f.hits.has(signal) && (!categories || (f.category !== null && categories.includes(f.category))));
  }

  /** Evidence items for a signal: at most `max` files, the first hit of each. */
  evidence(signal: string, detail: string, categories?: Category[], max = 3): EvidenceItem[] {
    return this.filesWith(signal, categories).slice(0, max).map((f) => {
      const h = f.hits.get(signal)![0]!;
      return h.line === 0 ? { file: f.rel, line: null, detail } : { file: f.rel, line: h.line, detail: `${detail}: ${h.text}` };
    });
  }

  /** Files with both signals (a workflow that trains and runs on a schedule, ...). */
  filesWithAll(signals: string[], categories?: Category[]): FileFacts[] {
    return this.files.filter((f) => signals.every((s) => f.hits.has(s)) && (!categories || (f.category !== null && categories.includes(f.category))));
  }

  findings(...codes: string[]): Finding[] {
    return codes.flatMap((c) => this.lintByCode.get(c) ?? []);
  }
}

/** Registry facts in a handful of queries; a registry that cannot be read gives an Unreadable instead. */
export function registryFacts(reg: Registry): RegistryFacts | Unreadable {
  try {
    const st = reg.statements;
    const n = (sql: string) => (st.get(sql).get() as { n: number }).n;
    return {
      runs: n('SELECT count(*) AS n FROM runs'),
      runsWithCommit: n('SELECT count(*) AS n FROM runs WHERE git_commit IS NOT NULL'),
      runsClean: n('SELECT count(*) AS n FROM runs WHERE git_commit IS NOT NULL AND git_dirty = 0'),
      datasetsHashed: n('SELECT count(*) AS n FROM datasets WHERE sha256 IS NOT NULL'),
      runsWithInputs: n('SELECT count(DISTINCT run_id) AS n FROM run_inputs'),
      modelVersions: n('SELECT count(*) AS n FROM model_versions'),
      models: n('SELECT count(*) AS n FROM models'),
      aliases: st.get(`SELECT m.name AS model, a.alias, v.version FROM model_aliases a JOIN models m ON m.id = a.model_id
        JOIN model_versions v ON v.id = a.version_id ORDER BY m.name, a.alias`).all() as RegistryFacts['aliases'],
      promotions: (st.get(`SELECT m.name AS model, v.version, p.to_stage AS "to", p.forced, p.gate_results_json AS gates FROM promotions p
        JOIN model_versions v ON v.id = p.version_id JOIN models m ON m.id = v.model_id ORDER BY p.id`).all() as { model: string; version: number; to: string; forced: number; gates: string }[])
        .map((p) => ({ model: p.model, version: p.version, to: p.to, forced: p.forced !== 0, gates: gateNames(p.gates) })),
      driftReports: n('SELECT count(*) AS n FROM drift_reports'),
      driftReportsWithModel: n('SELECT count(*) AS n FROM drift_reports WHERE model_version_id IS NOT NULL'),
      runsWithLatency: n(`SELECT count(DISTINCT run_id) AS n FROM metric_summaries WHERE key LIKE 'latency%' OR key LIKE '%throughput%'`),
    };
  } catch (err) {
    return { file: reg.file, why: `cannot read the registry: ${describeError(err)}`, category: 'registry' };
  }
}

function gateNames(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map((g) => String((g as { name?: unknown }).name ?? '')).filter((s) => s !== '') : [];
  } catch {
    return [];
  }
}

const GTO_REGISTRATION = /^[\w.-]+@v\d+\.\d+\.\d+(?:[-+][\w.]+)?$/;
const GTO_STAGE = /^[\w.-]+#[\w.-]+(?:#\d+|!)?$/;

/** Splits `git tag --list` output into GTO registrations and stage assignments. */
export function gtoTags(list: string): GitTags {
  const tags = list.split('\n').map((t) => t.trim()).filter((t) => t !== '');
  return { registrations: tags.filter((t) => GTO_REGISTRATION.test(t)), stages: tags.filter((t) => GTO_STAGE.test(t)) };
}
