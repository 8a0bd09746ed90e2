import * as fs from 'node:fs';
import * as path from 'node:path';
import { git } from '../capture/git-exec';
import { defaultConfig, loadConfig, type LensConfig } from '../config';
import { describeError, MlopsError } from '../errors';
import { lintPaths, type Finding } from '../lint';
import { parseGatesConfig, type GatesConfig } from '../models';
import { antiPatterns } from './anti-patterns';
import { readConfirmations } from './confirmations';
import { scoreFacts } from './evaluate';
import { Facts, gtoTags, type GitTags, type Unreadable } from './facts';
import { mlTestScore } from './ml-test-score';
import { projectRoots, projectSlices } from './projects';
import type { Registry } from '../registry';
import { countRegistry, registryItems, type RegistryItems } from './registry-items';
import { FactCache, type FileFacts } from './scan';
import type { AssessOptions, ProjectScore, Scorecard } from './types';

/**
 * Assesses one folder again and again: per-file facts are cached by path, size and mtime, so a re-score
 * after an edit reads only the changed files. The backend keeps one per workspace folder.
 */
export class Assessor {
  readonly root: string;
  private readonly cache = new FactCache();
  private registryCache: { reg: Registry; key: string; items: RegistryItems } | null = null;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Files read (not taken from the cache) by the last assessment. */
  get filesRead(): number {
    return this.cache.lastRead;
  }

  async assess(options: AssessOptions = {}): Promise<Scorecard> {
    const root = this.root;
    if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new MlopsError('not a folder', root);
    const unreadable: Unreadable[] = [];
    const config = readConfig(root, unreadable);
    const gates = readGates(config, unreadable);
    options.signal?.throwIfAborted();
    const files = this.cache.scan(root, config.exclude, options.signal);
    const registry = options.registry ? this.registryItems(options.registry) : null;
    if (registry && 'why' in registry) unreadable.push(registry);
    if (options.registryProblem) unreadable.push({ ...options.registryProblem, category: 'registry' });
    const [tags, commit] = await gitFacts(root);
    const findings = (options.findings ?? (await runLint(root, config, options, unreadable))).map((f) => ({ ...f, file: relTo(root, f.file) }));
    const conf = readConfirmations(root);
    if (conf.error) unreadable.push({ file: conf.file!, why: conf.error, category: null });
    const readable = registry && !('why' in registry) ? registry : null;
    const facts = new Facts(root, files, config, gates, readable && countRegistry(readable, () => true, true), tags, commit, findings, unreadable);
    const scored = scoreFacts(facts);
    const roots = projectRoots(root, files);
    const projectScores = scoreProjects(root, roots, files, { registry: readable, tags, commit, findings, problems: unreadable.filter((u) => u.category === 'registry') });
    options.onProgress?.(1, 1);
    return {
      level: scored.level,
      progressToNext: scored.progressToNext,
      levels: scored.levels,
      antiPatterns: antiPatterns(findings),
      mlTestScore: mlTestScore(facts, scored.results, conf),
      roadmap: scored.roadmap,
      root, commit,
      at: new Date().toISOString(),
      projects: roots,
      ...(projectScores.length ? { projectScores } : {}),
      unreadable: facts.unreadable.map(({ file, why }) => ({ file, why })),
      filesScanned: files.length,
    };
  }

  /**
   * The registry's items, read again only when the file changed since the last assessment: `data_version`
   * moves when another connection commits, `total_changes()` when this one writes. Reading 10,000 runs'
   * items took 60–100 ms, on every re-score after a save.
   */
  private registryItems(reg: Registry): RegistryItems | Unreadable {
    let key: string;
    try {
      key = `${String(reg.db.pragma('data_version', { simple: true }))}:${String(reg.statements.pluck('SELECT total_changes()').get())}`;
    } catch {
      return registryItems(reg, this.root);
    }
    if (this.registryCache?.reg === reg && this.registryCache.key === key) return this.registryCache.items;
    const items = registryItems(reg, this.root);
    this.registryCache = 'why' in items ? null : { reg, key, items };
    return items;
  }
}

/** Assesses `root` once (the CLI's path). */
export function assess(root: string, options: AssessOptions = {}): Promise<Scorecard> {
  return new Assessor(root).assess(options);
}

/** The workspace-wide facts each project's scorecard starts from. */
interface Shared {
  registry: RegistryItems | null;
  tags: GitTags;
  commit: string | null;
  findings: Finding[];
  /** Why the registry could not be read, for every project (any of them may have runs in it). */
  problems: Unreadable[];
}

const NO_TAGS: GitTags = { registrations: [], stages: [] };

/**
 * Each project's own scorecard, when the workspace holds several: its files, the shared evidence that applies
 * to it (projects.ts says which), and the nearest configuration, as `mlops-lens score` run in its folder reads.
 */
function scoreProjects(root: string, roots: string[], files: FileFacts[], ws: Shared): ProjectScore[] {
  return projectSlices(root, roots, files).map((p) => {
    const unreadable: Unreadable[] = [...ws.problems];
    const config = readConfig(path.join(root, p.root), unreadable, root);
    const gates = readGates(config, unreadable, root);
    // Registry items count for the project whose folder they came from; those from no folder, as git tags, for
    // the project at the workspace root or the only one below it.
    const registry = ws.registry && countRegistry(ws.registry, (where) => (where === null ? p.workspaceFacts : p.owns(where)));
    const facts = new Facts(root, p.files, config, gates, registry, p.workspaceFacts ? ws.tags : NO_TAGS, ws.commit,
      ws.findings.filter((f) => p.covers(f.file)), unreadable);
    const s = scoreFacts(facts);
    return { root: p.root, level: s.level, progressToNext: s.progressToNext, levels: s.levels, roadmap: s.roadmap, shared: p.shared };
  });
}

/** The configuration for `dir`; problems are reported relative to `root`. */
function readConfig(dir: string, unreadable: Unreadable[], root = dir): LensConfig {
  try {
    return loadConfig(dir);
  } catch (err) {
    unreadable.push({ file: err instanceof MlopsError ? relTo(root, err.where.replace(/:\d+(?::\d+)?$/, '')) : 'pyproject.toml', why: describeError(err), category: 'config' });
    return defaultConfig(dir);
  }
}

function readGates(config: LensConfig, unreadable: Unreadable[], root = config.root): GatesConfig | null {
  try {
    return parseGatesConfig(config);
  } catch (err) {
    unreadable.push({ file: config.file ? relTo(root, config.file) : 'pyproject.toml', why: describeError(err), category: 'config' });
    return null;
  }
}

async function runLint(root: string, config: LensConfig, o: AssessOptions, unreadable: Unreadable[]): Promise<Finding[]> {
  try {
    return (await lintPaths([root], { config, signal: o.signal, onProgress: o.onProgress })).findings;
  } catch (err) {
    if (o.signal?.aborted) throw err;
    unreadable.push({ file: '.', why: `lint failed: ${describeError(err)}`, category: null });
    return [];
  }
}

/** GTO tags and HEAD, when `root` is inside a git repository; nothing (not an error) outside one. */
async function gitFacts(root: string): Promise<[GitTags, string | null]> {
  const [tags, head] = await Promise.all([git(root, ['tag', '--list']), git(root, ['rev-parse', '--verify', '-q', 'HEAD'])]);
  return [gtoTags(tags.code === 0 ? tags.stdout.toString('utf8') : ''), head.code === 0 ? head.stdout.toString('utf8').trim() || null : null];
}

function relTo(root: string, p: string): string {
  return path.relative(root, path.resolve(root, p)).split(path.sep).join('/') || '.';
}
