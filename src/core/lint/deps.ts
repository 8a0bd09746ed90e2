import { parse as parseToml } from 'smol-toml';
import { isMap, isScalar, isSeq, type LineCounter, type Document } from 'yaml';
import type { Position, Range } from './types';

/** One declared dependency, located in its file. */
export interface Dependency {
  name: string;
  /** PEP 503 normalised name (lower case, runs of -_. as one -). */
  key: string;
  /** The version constraint as written ('' when none). */
  spec: string;
  /** Range of the name (and extras) in the file. */
  range: Range;
  /** Where a version goes when pinning: right after the name and extras. */
  insertAt: Position;
  ecosystem: 'pip' | 'conda';
  /** False for poetry tables, URLs and other forms a pin fix should not touch. */
  fixable: boolean;
  /** True for pyproject optional dependencies (extras) and dependency groups: not installed by default. */
  optional?: boolean;
}

export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const REQ = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\s*\[[^\]]*\])?\s*(.*)$/;

/** Parses one PEP 508 requirement; null for URLs, paths and options. */
function parseRequirement(req: string): { name: string; extrasEnd: number; spec: string } | null {
  const m = REQ.exec(req);
  if (!m) return null;
  const rest = m[3]!.trim();
  if (rest.startsWith('@')) return { name: m[1]!, extrasEnd: m[1]!.length + (m[2]?.length ?? 0), spec: rest };
  const spec = rest.split(';')[0]!.trim();
  if (spec !== '' && !/^[=<>!~(]/.test(spec)) return null;
  return { name: m[1]!, extrasEnd: m[1]!.length + (m[2]?.length ?? 0), spec };
}

export function requirementsDeps(text: string): Dependency[] {
  const out: Dependency[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    if (i > 0 && lines[i - 1]!.trimEnd().endsWith('\\')) continue;
    const body = raw.replace(/(^|\s)#.*$/, '').replace(/\\$/, '');
    const lead = body.length - body.trimStart().length;
    const req = body.trim();
    if (req === '' || req.startsWith('-') || /^[a-z+]+:\/\//i.test(req) || /^[./~]/.test(req)) continue;
    const r = parseRequirement(req);
    if (!r) continue;
    const end = { line: i, character: lead + r.extrasEnd };
    out.push({ name: r.name, key: normaliseName(r.name), spec: r.spec, range: { start: { line: i, character: lead }, end }, insertAt: end, ecosystem: 'pip', fixable: true });
  }
  return out;
}

export function pyprojectDeps(text: string): Dependency[] {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch {
    return [];
  }
  const out: Dependency[] = [];
  const project = (doc.project ?? {}) as Record<string, unknown>;
  const lists: { list: unknown; optional: boolean }[] = [{ list: project.dependencies, optional: false }];
  for (const group of [project['optional-dependencies'], doc['dependency-groups']]) {
    if (typeof group === 'object' && group !== null) lists.push(...Object.values(group).map((list) => ({ list, optional: true })));
  }
  const lines = text.split('\n');
  const seen = new Set<number>();
  for (const { list, optional } of lists) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (typeof entry !== 'string') continue;
      const r = parseRequirement(entry.trim());
      if (!r) continue;
      const at = locateQuoted(lines, entry, seen);
      if (!at) continue;
      const start = { line: at.line, character: at.character };
      const end = { line: at.line, character: at.character + r.extrasEnd };
      out.push({ name: r.name, key: normaliseName(r.name), spec: r.spec, range: { start, end }, insertAt: end, ecosystem: 'pip', fixable: true, optional });
    }
  }
  const poetry = ((doc.tool as Record<string, unknown> | undefined)?.poetry as Record<string, unknown> | undefined)?.dependencies;
  if (typeof poetry === 'object' && poetry !== null) {
    for (const [name, v] of Object.entries(poetry)) {
      if (name === 'python') continue;
      const version = typeof v === 'string' ? v : typeof v === 'object' && v !== null ? (v as Record<string, unknown>).version : undefined;
      const sourced = typeof v === 'object' && v !== null && ['git', 'path', 'url'].some((k) => k in v);
      if (sourced) continue;
      const line = lines.findIndex((l) => new RegExp(`^\\s*["']?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*=`).test(l));
      if (line < 0) continue;
      const character = lines[line]!.indexOf(name);
      const spec = typeof version === 'string' && version.trim() !== '*' ? version : '';
      out.push({ name, key: normaliseName(name), spec, range: { start: { line, character }, end: { line, character: character + name.length } }, insertAt: { line, character: character + name.length }, ecosystem: 'pip', fixable: false });
    }
  }
  return out;
}

/** Finds `"entry"` or `'entry'` in the text, skipping positions already used by an identical entry. */
function locateQuoted(lines: string[], entry: string, seen: Set<number>): Position | null {
  let offset = 0;
  for (let line = 0; line < lines.length; line++) {
    const l = lines[line]!;
    for (const q of ['"', "'"]) {
      let from = 0;
      for (let i = l.indexOf(q + entry + q, from); i >= 0; i = l.indexOf(q + entry + q, from)) {
        from = i + 1;
        if (seen.has(offset + i)) continue;
        seen.add(offset + i);
        return { line, character: i + 1 };
      }
    }
    offset += l.length + 1;
  }
  return null;
}

/** `dependencies:` of a conda environment file, pip entries included. */
export function condaDeps(doc: Document, lc: LineCounter): Dependency[] {
  const out: Dependency[] = [];
  if (!isMap(doc.contents)) return out;
  const deps = doc.contents.get('dependencies', true);
  if (!isSeq(deps)) return out;
  const at = (offset: number): Position => {
    const p = lc.linePos(offset);
    return { line: p.line - 1, character: p.col - 1 };
  };
  const add = (node: unknown, ecosystem: 'pip' | 'conda') => {
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return;
    const value = node.value;
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
    const start = node.range[0] + quoted;
    if (ecosystem === 'pip') {
      const r = /^[a-z+]+:\/\//i.test(value) || value.startsWith('-') ? null : parseRequirement(value);
      if (!r) return;
      out.push({ name: r.name, key: normaliseName(r.name), spec: r.spec, range: { start: at(start), end: at(start + r.extrasEnd) }, insertAt: at(start + r.extrasEnd), ecosystem, fixable: true });
      return;
    }
    const m = /^(?:[\w.-]+::)?([A-Za-z0-9_][A-Za-z0-9._-]*)(.*)$/.exec(value);
    if (!m) return;
    const nameStart = start + value.length - m[1]!.length - m[2]!.length;
    const nameEnd = nameStart + m[1]!.length;
    out.push({ name: m[1]!, key: normaliseName(m[1]!), spec: m[2]!.trim(), range: { start: at(nameStart), end: at(nameEnd) }, insertAt: at(nameEnd), ecosystem, fixable: true });
  };
  for (const item of deps.items) {
    if (isMap(item)) {
      const pip = item.get('pip', true);
      if (isSeq(pip)) for (const p of pip.items) add(p, 'pip');
    } else add(item, 'conda');
  }
  return out;
}
