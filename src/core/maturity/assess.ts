import * as fs from 'node:fs';
import * as path from 'node:path';
import { git } from '../capture/git-exec';
import { defaultConfig, loadConfig, type LensConfig } from '../config';
import { describeError, MlopsError } from '../errors';
import { lintPaths, type Finding } from '../lint';
import { parseGatesConfig, type GatesConfig } from '../models';
import { antiPatterns } from './anti-patterns';
import { checks } from './checks';
import { readConfirmations } from './confirmations';
import { Facts, gtoTags, registryFacts, type GitTags, type Unreadable } from './facts';
import { rankLevels, roadmap } from './levels';
import { mlTestScore } from './ml-test-score';
import { FactCache, type FileFacts } from './scan';
import type { AssessOptions, CheckResult, MaturityCheck, Scorecard } from './types';

/**
 * Assesses one folder again and again: per-file facts are cached by path, size and mtime, so a re-score
 * after an edit reads only the changed files. The backend keeps one per workspace folder.
 */
export class Assessor {
  readonly root: string;
  private readonly cache = new FactCache();

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
    const registry = options.registry ? registryFacts(options.registry) : null;
    if (registry && 'why' in registry) unreadable.push(registry);
    if (options.registryProblem) unreadable.push({ ...options.registryProblem, category: 'registry' });
    const [tags, commit] = await gitFacts(root);
    const findings = (options.findings ?? (await runLint(root, config, options, unreadable))).map((f) => ({ ...f, file: relTo(root, f.file) }));
    const conf = readConfirmations(root);
    if (conf.error) unreadable.push({ file: conf.file!, why: conf.error, category: null });
    const facts = new Facts(root, files, config, gates, registry && !('why' in registry) ? registry : null, tags, commit, findings, unreadable);
    const results = new Map<string, CheckResult>(checks.map((c) => [c.id, evaluate(c, facts)]));
    const ranked = rankLevels(checks, results);
    options.onProgress?.(1, 1);
    return {
      level: ranked.level,
      progressToNext: ranked.progressToNext,
      levels: ranked.levels,
      antiPatterns: antiPatterns(findings),
      mlTestScore: mlTestScore(facts, results, conf),
      roadmap: roadmap(ranked.levels, ranked.level),
      root, commit,
      at: new Date().toISOString(),
      projects: projectRoots(root, files),
      unreadable: facts.unreadable.map(({ file, why }) => ({ file, why })),
      filesScanned: files.length,
    };
  }
}

/** Assesses `root` once (the CLI's path). */
export function assess(root: string, options: AssessOptions = {}): Promise<Scorecard> {
  return new Assessor(root).assess(options);
}

/** Runs one check; a failing check that needed an unreadable file is `unknown`, never a silent fail. */
function evaluate(c: MaturityCheck, f: Facts): CheckResult {
  const base = { id: c.id, title: c.title, weight: c.weight, fix: c.fix.text, ...(c.fix.command ? { command: c.fix.command } : {}), ...(c.fix.scaffold ? { scaffold: c.fix.scaffold } : {}) };
  let out;
  try {
    out = c.evaluate(f);
  } catch (err) {
    return { ...base, status: 'unknown', evidence: [], why: `internal error: ${describeError(err)}` };
  }
  if (out.status !== 'pass') {
    const blind = f.unreadable.filter((u) => u.category !== null && c.reads.includes(u.category));
    if (blind.length) {
      const first = blind[0]!;
      return { ...base, status: 'unknown', evidence: out.evidence, why: `cannot read ${first.file}: ${first.why}${blind.length > 1 ? ` (and ${blind.length - 1} more)` : ''}` };
    }
  }
  return { ...base, status: out.status, evidence: out.evidence, ...(out.why ? { why: out.why } : {}) };
}

function readConfig(root: string, unreadable: Unreadable[]): LensConfig {
  try {
    return loadConfig(root);
  } catch (err) {
    unreadable.push({ file: err instanceof MlopsError ? relTo(root, err.where.replace(/:\d+(?::\d+)?$/, '')) : 'pyproject.toml', why: describeError(err), category: 'config' });
    return defaultConfig(root);
  }
}

function readGates(config: LensConfig, unreadable: Unreadable[]): GatesConfig | null {
  try {
    return parseGatesConfig(config);
  } catch (err) {
    unreadable.push({ file: config.file ? relTo(config.root, config.file) : 'pyproject.toml', why: describeError(err), category: 'config' });
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

const MARKER = /^(?:pyproject\.toml|setup\.py|setup\.cfg|dvc\.yaml|MLproject|requirements[\w.-]*\.txt)$/;

/** Project roots as DESIGN.md defines them: folders holding a project marker file (or `.git`). */
function projectRoots(root: string, files: FileFacts[]): string[] {
  const roots = new Set<string>();
  if (fs.existsSync(path.join(root, '.git'))) roots.add('.');
  for (const f of files) {
    if (f.unreadable) continue;
    const slash = f.rel.lastIndexOf('/');
    if (MARKER.test(f.rel.slice(slash + 1))) roots.add(slash < 0 ? '.' : f.rel.slice(0, slash));
  }
  return [...roots].sort();
}

function relTo(root: string, p: string): string {
  return path.relative(root, path.resolve(root, p)).split(path.sep).join('/') || '.';
}
