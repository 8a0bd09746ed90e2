import type { Node, Tree } from 'web-tree-sitter';
import type { Document, LineCounter } from 'yaml';
import type { LensConfig } from '../config';
import type { PyFacts } from './python';
import type { Notebook } from './notebook';
import type { Dependency } from './deps';

export type Severity = 'error' | 'warning' | 'info';

/** 0-based, UTF-16 columns, as LSP positions. */
export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** `cell` is set for notebooks: the range is then within that code cell's source. */
export interface TextEdit { range: Range; newText: string; cell?: number }
export interface Fix { title: string; edits: TextEdit[] }

export interface Finding {
  file: string;
  /** 0-based index of the notebook cell (among all cells), or null outside notebooks. */
  cell: number | null;
  range: Range;
  code: string;
  severity: Severity;
  message: string;
  fix?: Fix;
}

/**
 * What a file is, decided from its name: the rules declare which kinds they read.
 * `workflow` covers CI and pipeline YAML (GitHub Actions, GitLab CI, dvc.yaml, Argo/Kubeflow, Prometheus rules);
 * `dashboard` is a Grafana dashboard JSON.
 */
export type FileKind = 'python' | 'notebook' | 'requirements' | 'pyproject' | 'conda' | 'yaml' | 'dashboard';

export interface RuleDocs {
  what: string;
  why: string;
  /** Code that triggers the rule, as the file named by `exampleFile` (default `train.py`). */
  example: string;
  /** The same code written the recommended way: does not trigger the rule. */
  instead: string;
  exampleFile?: string;
  references: string[];
}

/** A finding as a rule reports it: range in the analysed text (for notebooks, the joined code cells). */
export interface RawFinding {
  range: Range;
  message: string;
  /** Set by notebook-level checks that point into a cell directly (outputs, execution counts). */
  cell?: number;
  /** Free data a rule's fix reads back (the dependency name, the call node's range, ...). */
  data?: Record<string, unknown>;
}

/** Everything a per-file rule may read; the tree, facts and YAML document are built on first use. */
export interface FileContext {
  /** The path as given (relative paths stay relative). */
  file: string;
  kind: FileKind;
  /** The analysed text: the file itself, or for notebooks the code cells joined with magics blanked out. */
  text: string;
  lines: string[];
  config: LensConfig;
  /** Installed package versions (normalised names) from the selected Python environment, if known. */
  installedVersions?: ReadonlyMap<string, string>;
  readonly tree: Tree;
  readonly py: PyFacts;
  /** `doc` is the first document; `docs` all of them (a file may hold several, separated by `---`). */
  readonly yaml: { doc: Document; docs: Document[]; lines: LineCounter };
  readonly deps: Dependency[];
  notebook?: Notebook;
}

interface RuleBase {
  code: string;
  name: string;
  severity: Severity;
  docs: RuleDocs;
}

export interface FileRule extends RuleBase {
  scope: 'file';
  appliesTo: FileKind[];
  /** A cheap test on the raw text; the rule's check runs (and the file is parsed) only when it passes. */
  prefilter?: RegExp;
  /**
   * Python and notebooks: tests on a top-level statement's source (backslash-newlines removed), true for every
   * statement whose calls or strings the check (and fix) reads; the other statements are not parsed
   * (prune.ts). Imports, calls through imported names and what `afterImports` reads are parsed for every rule.
   * Without it the whole file is parsed; a rule that reads no tree has `[]`. No `g` or `y` flag.
   */
  statements?: readonly RegExp[];
  check(ctx: FileContext): RawFinding[];
  fix?(finding: RawFinding, ctx: FileContext): Fix | null;
}

/** The files of one lint run, for rules that look across files. */
export interface WorkspaceContext {
  root: string;
  /** Absolute paths of every file the run scanned, with their kinds. */
  files: { path: string; kind: FileKind }[];
  config: LensConfig;
  read(path: string): string | null;
  /** Per-file context (parsed on demand), or null when the file cannot be analysed. */
  context(path: string): FileContext | null;
  signal?: AbortSignal;
}

export interface WorkspaceFinding extends RawFinding { file: string }

export interface WorkspaceRule extends RuleBase {
  scope: 'workspace';
  check(ctx: WorkspaceContext): WorkspaceFinding[] | Promise<WorkspaceFinding[]>;
}

export type Rule = FileRule | WorkspaceRule;

export type { Node };
