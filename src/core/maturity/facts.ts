import * as path from 'node:path';
import type { LensConfig } from '../config';
import type { Finding } from '../lint';
import type { GatesConfig } from '../models';
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
  /**
   * The files holding each signal, in scan order. Checks ask about a hundred signals, each of which scanned
   * every file (20,000 in a large workspace) when asked; an index built in one pass answers them at once.
   */
  private readonly bySignal = new Map<string, FileFacts[]>();

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
    for (const f of findings) push(this.lintByCode, f.code, f);
    for (const f of files) for (const signal of f.hits.keys()) push(this.bySignal, signal, f);
  }

  /** A path relative to the root, '/'-separated (evidence paths). */
  rel(p: string): string {
    return path.relative(this.root, path.resolve(this.root, p)).split(path.sep).join('/') || '.';
  }

  /** Files holding a signal, optionally only of some categories. */
  filesWith(signal: string, categories?: Category[]): FileFacts[] {
    return (this.bySignal.get(signal) ?? []).filter((f) => inCategories(f, categories));
  }

  has(signal: string, categories?: Category[]): boolean {
    return (this.bySignal.get(signal) ?? []).some((f) => inCategories(f, categories));
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
    if (signals.length === 0) return this.files.filter((f) => inCategories(f, categories));
    return this.filesWith(signals[0]!, categories).filter((f) => signals.every((s) => f.hits.has(s)));
  }

  findings(...codes: string[]): Finding[] {
    return codes.flatMap((c) => this.lintByCode.get(c) ?? []);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function inCategories(f: FileFacts, categories: Category[] | undefined): boolean {
  return !categories || (f.category !== null && categories.includes(f.category));
}

const GTO_REGISTRATION = /^[\w.-]+@v\d+\.\d+\.\d+(?:[-+][\w.]+)?$/;
const GTO_STAGE = /^[\w.-]+#[\w.-]+(?:#\d+|!)?$/;

/** Splits `git tag --list` output into GTO registrations and stage assignments. */
export function gtoTags(list: string): GitTags {
  const tags = list.split('\n').map((t) => t.trim()).filter((t) => t !== '');
  return { registrations: tags.filter((t) => GTO_REGISTRATION.test(t)), stages: tags.filter((t) => GTO_STAGE.test(t)) };
}
