import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { parseAllDocuments } from 'yaml';
import { SKIPPED_DIRS, walkTree } from '../walk';
import { describeError, errnoCode } from '../errors';
import { categoryOf, LINE_SIGNALS, NAME_SIGNALS, type LineSignal } from './signals';
import type { Category } from './types';

export interface Hit {
  line: number;
  text: string;
}

/** What one file says, found once and cached by path, size and mtime. */
export interface FileFacts {
  /** Relative to the scanned root, '/'-separated. */
  rel: string;
  category: Category | null;
  hits: Map<string, Hit[]>;
  /** Why the file could not be read; such a file has no hits. */
  unreadable?: string;
}

/** Text files larger than this are generated or data: not evidence, and reported as unreadable. */
export const MAX_SCAN_BYTES = 2 * 1024 * 1024;
const MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024;
const MAX_HITS = 5;
const MAX_LINE = 4000;
/** Beyond the capture walker's list: caches and environments that never hold a project's own evidence. */
const SKIP = new Set([...SKIPPED_DIRS, 'wandb', 'mlruns']);

/** A signal with its whole-text form: the same pattern with `^` matching at every line, for a cheap first test. */
interface Compiled { s: LineSignal; whole: RegExp }
const byCategory = new Map<Category, Compiled[]>();
function signalsFor(c: Category): Compiled[] {
  let list = byCategory.get(c);
  if (!list) byCategory.set(c, (list = LINE_SIGNALS.filter((s) => s.in.includes(c)).map((s) => ({ s, whole: new RegExp(s.re.source, s.re.flags + 'm') }))));
  return list;
}

interface Entry { size: number; mtimeMs: number; facts: FileFacts }

/**
 * Per-file facts of a folder tree. Keeps what it found in memory so a second scan only re-reads files whose
 * size or mtime changed (the backend keeps one per workspace).
 */
export class FactCache {
  private readonly entries = new Map<string, Entry>();
  /** Files read (not served from the cache) by the last scan. */
  lastRead = 0;

  scan(root: string, exclude: readonly string[], signal?: AbortSignal): FileFacts[] {
    const top = path.resolve(root);
    const out: FileFacts[] = [];
    const live = new Set<string>();
    this.lastRead = 0;
    walkTree(top, ({ abs, rel, name, kind }) => {
      signal?.throwIfAborted();
      if (kind === 'broken') {
        if (interesting(rel)) out.push({ rel, category: categoryOf(rel), hits: new Map(), unreadable: 'broken symbolic link' });
      } else if (kind === 'dir') {
        if (name === '.dvc') out.push(...this.dvcFolder(top, abs));
        if (categoryOf(rel) !== null && /\.\w+$|^(?:Makefile|MLproject|Jenkinsfile|justfile)$/.test(name)) {
          out.push({ rel, category: categoryOf(rel), hits: new Map(), unreadable: 'is a folder, not a file' });
        }
      } else if (kind === 'file' && (this.entries.has(abs) || interesting(rel))) {
        let st: fs.Stats;
        try {
          st = fs.statSync(abs);
        } catch {
          return;
        }
        live.add(abs);
        out.push(this.file(abs, rel, st));
      }
    }, {
      exclude, skip: SKIP,
      onUnlistable: (_abs, rel, err) => out.push({ rel, category: 'config', hits: new Map(), unreadable: `cannot list folder: ${errnoCode(err) ?? describeError(err)}` }),
    });
    for (const k of this.entries.keys()) if (!live.has(k)) this.entries.delete(k);
    return out;
  }

  private dvcFolder(top: string, abs: string): FileFacts[] {
    const config = path.join(abs, 'config');
    return fs.existsSync(config) ? [readFacts(config, relOf(top, config), 0)] : [];
  }

  private file(abs: string, rel: string, st: fs.Stats): FileFacts {
    const cached = this.entries.get(abs);
    if (cached && cached.size === st.size && cached.mtimeMs === st.mtimeMs && cached.facts.rel === rel) return cached.facts;
    this.lastRead++;
    const facts = readFacts(abs, rel, st.size);
    this.entries.set(abs, { size: st.size, mtimeMs: st.mtimeMs, facts });
    return facts;
  }
}

function relOf(top: string, abs: string): string {
  return path.relative(top, abs).split(path.sep).join('/') || '.';
}

function interesting(rel: string): boolean {
  return categoryOf(rel) !== null || NAME_SIGNALS.some((s) => s.path.test(rel));
}

/** Reads one file and finds its signals; never throws. */
export function readFacts(abs: string, rel: string, size: number): FileFacts {
  const category = categoryOf(rel);
  const hits = new Map<string, Hit[]>();
  for (const s of NAME_SIGNALS) if (s.path.test(rel)) hits.set(s.id, [{ line: 0, text: rel }]);
  const facts: FileFacts = { rel, category, hits };
  // Lock files and model files are evidence by their name alone.
  if (category === null || hits.has('lock-file')) return facts;
  const limit = category === 'notebook' ? MAX_NOTEBOOK_BYTES : MAX_SCAN_BYTES;
  if (size > limit) return { ...facts, hits: new Map(), unreadable: `file is ${(size / 1024 / 1024).toFixed(1)} MB, over the ${limit / 1024 / 1024} MB limit (generated or data?)` };
  let buf: Buffer;
  try {
    buf = fs.readFileSync(abs);
  } catch (err) {
    return { ...facts, hits: new Map(), unreadable: `cannot read: ${errnoCode(err) ?? describeError(err)}` };
  }
  if (buf.includes(0)) return { ...facts, hits: new Map(), unreadable: 'binary content (NUL byte) in a text file' };
  const text = buf.toString('utf8');
  const invalid = syntaxError(rel, category, text);
  if (invalid) return { ...facts, hits: new Map(), unreadable: invalid };
  const lines = text.split(/\r?\n/);
  for (const { s, whole } of signalsFor(category)) {
    if (s.path && !s.path.test(rel)) continue;
    if (!whole.test(text)) continue;
    const found: Hit[] = [];
    for (let i = 0; i < lines.length && found.length < MAX_HITS; i++) {
      const l = lines[i]!;
      if (l.length <= MAX_LINE && s.re.test(l)) found.push({ line: i + 1, text: l.trim().slice(0, 160) });
    }
    if (found.length) hits.set(s.id, found);
  }
  return facts;
}

/** A file whose syntax is broken is not evidence (its CI would not run either): why, with the line. */
function syntaxError(rel: string, category: Category, text: string): string | null {
  const lower = rel.toLowerCase();
  try {
    if (category === 'notebook') JSON.parse(text);
    else if (lower.endsWith('.toml')) parseToml(text);
    else if (/\.ya?ml$/.test(lower)) {
      const bad = parseAllDocuments(text, { prettyErrors: false }).flatMap((d) => ('errors' in d ? d.errors : []))[0];
      if (bad) return `invalid YAML at line ${lineAt(text, bad.pos[0])}: ${bad.message.split('\n')[0]}`;
    }
  } catch (err) {
    if (err instanceof TomlError) return `invalid TOML at line ${err.line}: ${err.message.split('\n')[0]}`;
    return `invalid ${category === 'notebook' ? 'notebook JSON' : 'file'}: ${describeError(err).split('\n')[0]}`;
  }
  return null;
}

function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
