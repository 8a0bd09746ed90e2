import type { LensConfig } from '../config';
import { describeError } from '../errors';
import { buildContext, CannotAnalyse, kindOf } from './context';
import { suppressed } from './noqa';
import { initParser } from './parser';
import { fileRules } from './rules';
import { CANNOT_ANALYSE } from './rules/cannot-analyse';
import { codeEnabled, fileIgnores, isExcluded } from './select';
import type { FileContext, FileKind, FileRule, Finding, Fix, Range, RawFinding, TextEdit } from './types';

export interface LintOptions {
  /** Installed versions (normalised names) from the selected Python environment, for pin fixes. */
  installedVersions?: ReadonlyMap<string, string>;
  /** Overrides the config's `select` (CLI `--select`). */
  select?: string[] | null;
  /** Added to the config's `ignore` (CLI `--ignore`). */
  ignore?: string[];
  /** Keep the parse tree for an incremental re-parse of the next version of this file (editor use). */
  incremental?: boolean;
}

/**
 * Lints one file's text (the editor's path: per keystroke, one document). Unsupported file kinds give no
 * findings; malformed files give one MLO000 finding.
 */
export async function lintText(file: string, text: string, config: LensConfig, options: LintOptions = {}): Promise<Finding[]> {
  if (isExcluded(file, config)) return [];
  await initParser();
  return lintTextSync(file, text, config, { incremental: true, ...options });
}

/** As lintText, once initParser() has resolved. */
export function lintTextSync(file: string, text: string, config: LensConfig, options: LintOptions = {}): Finding[] {
  const kind = kindOf(file);
  if (!kind) return [];
  const select = options.select !== undefined ? options.select : config.select;
  const ignore = [...config.ignore, ...(options.ignore ?? []), ...fileIgnores(file, config)];
  const on = (code: string) => codeEnabled(code, select, ignore);
  let built;
  try {
    built = buildContext(file, kind, text, config, options.installedVersions, options.incremental ? file : undefined);
  } catch (err) {
    if (!(err instanceof CannotAnalyse)) throw err;
    return on(CANNOT_ANALYSE.code) ? [cannotAnalyse(file, err.message, err.line)] : [];
  }
  const { ctx } = built;
  const findings: Finding[] = [];
  try {
    const active = rulesFor(kind).filter((rule) => on(rule.code) && (!rule.prefilter || rule.prefilter.test(ctx.text)));
    // Rules that all say which statements they read need only those parsed.
    if (active.every((rule) => rule.statements)) built.parseOnly(active.flatMap((rule) => rule.statements!));
    for (const rule of active) {
      let raw: RawFinding[];
      try {
        raw = rule.check(ctx);
      } catch (err) {
        findings.push(cannotAnalyse(file, `${rule.code} failed: ${describeError(err)}`, 0));
        continue;
      }
      for (const r of raw) {
        const f = place(ctx, rule, r);
        if (suppressed(lineText(ctx, f), rule.code)) continue;
        const fix = rule.fix?.(r, ctx);
        if (fix) f.fix = mapFix(ctx, fix);
        findings.push(f);
      }
    }
  } finally {
    built.dispose();
  }
  return findings.sort(byPosition);
}

const byKind = new Map<FileKind, FileRule[]>();
function rulesFor(kind: FileKind): FileRule[] {
  let list = byKind.get(kind);
  if (!list) byKind.set(kind, (list = fileRules.filter((r) => r.appliesTo.includes(kind))));
  return list;
}

export function cannotAnalyse(file: string, why: string, line: number): Finding {
  return { file, cell: null, range: { start: { line, character: 0 }, end: { line, character: 0 } }, code: CANNOT_ANALYSE.code, severity: CANNOT_ANALYSE.severity, message: `cannot analyse: ${why}` };
}

/** Turns a rule's finding into a Finding: notebook positions become (cell, line within the cell). */
function place(ctx: FileContext, rule: FileRule, r: RawFinding): Finding {
  const { cell, range } = !ctx.notebook || r.cell !== undefined ? { cell: r.cell ?? null, range: r.range } : toCell(ctx, r.range);
  return { file: ctx.file, cell, range, code: rule.code, severity: rule.severity, message: r.message };
}

function toCell(ctx: FileContext, range: Range): { cell: number; range: Range } {
  const map = ctx.notebook!.lineMap;
  const s = map[range.start.line] ?? map[map.length - 1] ?? { cell: 0, line: 0 };
  let e = map[range.end.line] ?? s;
  let end = range.end;
  // A range that runs into the next cell is cut at the end of its first cell.
  if (e.cell !== s.cell) {
    const last = ctx.notebook!.cellStart.get(s.cell)! + ctx.notebook!.cells[s.cell]!.source.split(/\r?\n/).length - 1;
    e = map[last]!;
    end = { line: last, character: ctx.lines[last]?.length ?? 0 };
  }
  return { cell: s.cell, range: { start: { line: s.line, character: range.start.character }, end: { line: e.line, character: end.character } } };
}

function mapFix(ctx: FileContext, fix: Fix): Fix {
  if (!ctx.notebook) return fix;
  return { title: fix.title, edits: fix.edits.map((e): TextEdit => e.cell !== undefined ? e : (({ cell, range }) => ({ range, newText: e.newText, cell }))(toCell(ctx, e.range))) };
}

function lineText(ctx: FileContext, f: Finding): string | undefined {
  if (f.cell === null) return ctx.lines[f.range.start.line];
  return ctx.notebook!.cells[f.cell]?.source.split(/\r?\n/)[f.range.start.line];
}

export function byPosition(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || (a.cell ?? -1) - (b.cell ?? -1) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code);
}
