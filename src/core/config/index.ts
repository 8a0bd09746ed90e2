import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { MlopsError, describeError, errnoCode } from '../errors';

/**
 * Project configuration, found as Ruff finds its own: `mlops-lens.toml` (keys at top level) wins over
 * `[tool.mlops-lens]` in `pyproject.toml`, in the given folder or the nearest ancestor holding either.
 */
export interface LensConfig {
  /** The file the values came from, or null when defaults apply. */
  file: string | null;
  /** The folder paths in the config are relative to. */
  root: string;
  watch: string[];
  exclude: string[];
  outputs: string[];
  data: string[];
  select: string[] | null;
  ignore: string[];
  perFileIgnores: Record<string, string[]>;
  /** The `[…gates]` table as written; the gates module parses it and reports bad entries by line. */
  gates: Record<string, unknown>;
  /** Every key of the section, for modules that own their own settings. */
  raw: Record<string, unknown>;
  /** The config file's text, for locating a key's line in error messages. */
  text: string | null;
}

const TOML_FILE = 'mlops-lens.toml';
const PYPROJECT = 'pyproject.toml';

export function defaultConfig(root: string): LensConfig {
  return { file: null, root, watch: [], exclude: [], outputs: [], data: [], select: null, ignore: [], perFileIgnores: {}, gates: {}, raw: {}, text: null };
}

/** Loads the configuration for `dir`; a malformed file is an error naming the file and line. */
export function loadConfig(dir: string): LensConfig {
  const found = findConfigFile(path.resolve(dir));
  if (!found) return defaultConfig(path.resolve(dir));
  const text = readText(found.file);
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) throw new MlopsError('invalid configuration', `${found.file}:${err.line}:${err.column}`, firstLine(err.message));
    throw new MlopsError('invalid configuration', found.file, describeError(err));
  }
  const section = found.kind === 'toml' ? doc : ((doc.tool as Record<string, unknown> | undefined)?.['mlops-lens'] as Record<string, unknown> | undefined) ?? {};
  return fromSection(found.file, path.dirname(found.file), section, text);
}

function findConfigFile(start: string): { file: string; kind: 'toml' | 'pyproject' } | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const toml = path.join(dir, TOML_FILE);
    if (isFile(toml)) return { file: toml, kind: 'toml' };
    const py = path.join(dir, PYPROJECT);
    if (isFile(py) && /^\s*\[tool\.mlops-lens[\].]/m.test(readText(py))) return { file: py, kind: 'pyproject' };
    if (path.dirname(dir) === dir) return undefined;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new MlopsError('cannot read configuration', file, errnoCode(err) ?? describeError(err));
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function fromSection(file: string, root: string, s: Record<string, unknown>, text: string): LensConfig {
  const where = (key: string) => `${file}:${lineOfKey(text, key) ?? 1}`;
  const strings = (key: string): string[] => {
    const v = s[key];
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new MlopsError('invalid configuration', where(key), `"${key}" must be a list of strings`);
    return v as string[];
  };
  const pfi = s['per-file-ignores'] ?? {};
  if (typeof pfi !== 'object' || pfi === null || Array.isArray(pfi)) throw new MlopsError('invalid configuration', where('per-file-ignores'), '"per-file-ignores" must be a table of glob = [codes]');
  const perFileIgnores: Record<string, string[]> = {};
  for (const [glob, codes] of Object.entries(pfi)) {
    if (!Array.isArray(codes) || codes.some((c) => typeof c !== 'string')) throw new MlopsError('invalid configuration', where(glob), `per-file-ignores "${glob}" must be a list of rule codes`);
    perFileIgnores[glob] = codes as string[];
  }
  const gates = s.gates ?? {};
  if (typeof gates !== 'object' || gates === null || Array.isArray(gates)) throw new MlopsError('invalid configuration', where('gates'), '"gates" must be a table');
  return {
    file, root, text, raw: s,
    watch: strings('watch'), exclude: strings('exclude'), outputs: strings('outputs'), data: strings('data'),
    select: s.select === undefined ? null : strings('select'), ignore: strings('ignore'), perFileIgnores,
    gates: gates as Record<string, unknown>,
  };
}

/** 1-based line of the first `key =` (or `[...key]` header) in a TOML text, for error messages. */
export function lineOfKey(text: string, key: string): number | undefined {
  const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^\\s*(?:"${esc}"|'${esc}'|${esc})\\s*=|^\\s*\\[[^\\]]*\\b${esc}\\]`);
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => re.test(l));
  return i < 0 ? undefined : i + 1;
}
