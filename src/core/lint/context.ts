import * as path from 'node:path';
import { Document, LineCounter, parseAllDocuments } from 'yaml';
import type { LensConfig } from '../config';
import { condaDeps, pyprojectDeps, requirementsDeps, type Dependency } from './deps';
import { NotebookError, parseNotebook, type Notebook } from './notebook';
import { parsePython, releaseTree } from './parser';
import { parsedRanges } from './prune';
import { extractFacts, type PyFacts } from './python';
import type { FileContext, FileKind } from './types';

/** Files larger than this are generated or data, not code: reported once as MLO000 and skipped. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export function kindOf(file: string): FileKind | null {
  const base = path.basename(file).toLowerCase();
  if (base.endsWith('.py')) return 'python';
  if (base.endsWith('.ipynb')) return 'notebook';
  if (base === 'pyproject.toml') return 'pyproject';
  if (/^(environment|conda)[\w.-]*\.ya?ml$/.test(base)) return 'conda';
  if (/^requirements[\w.-]*\.(txt|in)$/.test(base) || (/\.(txt|in)$/.test(base) && /(^|[\\/])requirements[\\/]/.test(file))) return 'requirements';
  if (/\.ya?ml$/.test(base)) return 'yaml';
  if (base.endsWith('.json') && /dashboard|grafana/i.test(file)) return 'dashboard';
  return null;
}

/** Why a file cannot be analysed, or null when it can. */
export class CannotAnalyse extends Error {
  constructor(message: string, readonly line = 0) {
    super(message);
  }
}

export interface BuiltContext {
  ctx: FileContext;
  /**
   * Before the tree is first read: parse only the statements these tests pick (see prune.ts), for rules that
   * declared what they read. Without a call, the whole text is parsed (what cross-file rules need).
   */
  parseOnly(tests: readonly RegExp[]): void;
  /** Frees the parse tree (kept when cached for incremental re-parsing). */
  dispose(): void;
}

/** Builds the context of one file; throws CannotAnalyse for malformed input. */
export function buildContext(file: string, kind: FileKind, text: string, config: LensConfig, installedVersions: ReadonlyMap<string, string> | undefined, cacheKey?: string): BuiltContext {
  if (text.length > MAX_FILE_BYTES) throw new CannotAnalyse(`file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB (generated or data?)`);
  const nul = text.indexOf('\u0000');
  if (nul >= 0) throw new CannotAnalyse('binary content (NUL byte) in a text file', lineOf(text, nul));
  let notebook: Notebook | undefined;
  if (kind === 'notebook') {
    try {
      notebook = parseNotebook(text);
    } catch (err) {
      if (err instanceof NotebookError) throw new CannotAnalyse(err.message);
      throw err;
    }
  }
  const code = notebook ? (notebook.python ? notebook.code : '') : text;
  let yamlDoc: FileContext['yaml'] | undefined;
  if (kind === 'yaml' || kind === 'conda') {
    const lines = new LineCounter();
    // Kubernetes and Argo files often hold several documents separated by `---`.
    const parsed = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false });
    const docs: Document[] = 'empty' in parsed ? [] : parsed;
    const err = 'empty' in parsed ? parsed.errors[0] : parsed.flatMap((d) => d.errors)[0];
    if (err) throw new CannotAnalyse(`YAML syntax error: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, lines.linePos(err.pos[0]).line - 1);
    yamlDoc = { doc: docs[0] ?? new Document(null), docs, lines };
  }
  let tree: FileContext['tree'] | undefined;
  let facts: PyFacts | undefined;
  let deps: Dependency[] | undefined;
  let tests: readonly RegExp[] | undefined;
  const lines = code.split('\n');
  const ctx: FileContext = {
    file, kind, text: code, lines, config, installedVersions, notebook,
    get tree() {
      if (kind !== 'python' && kind !== 'notebook') throw new Error(`no Python tree for a ${kind} file`);
      return (tree ??= parsePython(code, cacheKey, tests ? parsedRanges(code, tests) : null));
    },
    get py() {
      return (facts ??= extractFacts(this.tree, code));
    },
    get yaml() {
      if (!yamlDoc) throw new Error(`no YAML document for a ${kind} file`);
      return yamlDoc;
    },
    get deps() {
      deps ??= kind === 'requirements' ? requirementsDeps(text) : kind === 'pyproject' ? pyprojectDeps(text) : kind === 'conda' ? condaDeps(yamlDoc!.doc, yamlDoc!.lines) : [];
      return deps;
    },
  };
  return {
    ctx,
    parseOnly: (t) => {
      if (tree) throw new Error('parseOnly() after the tree was read');
      tests = t;
    },
    dispose: () => tree && releaseTree(tree, cacheKey),
  };
}

function lineOf(text: string, index: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
