import type { Range } from 'web-tree-sitter';
import { layout, type Statement } from './layout';

/**
 * The parts of a Python text to parse for rules that read only some of its statements: parsing is most of a
 * lint run's cost, and in training code most top-level statements (constants, helpers that only shuffle
 * frames) hold nothing a rule reads. tree-sitter parses the ranges as if they were contiguous and keeps the
 * original positions, so what it finds in them is what it would find in the whole text.
 *
 * A top-level statement is parsed when one of `tests` is true on its source (backslash-newlines removed), or
 * when it imports (every import feeds the aliases), calls through an imported name (the qualified name of such
 * a call can be anything), or is one that `afterImports` reads: an import or a docstring, and the statement
 * after each. The first statement is always parsed, so that there is something to parse.
 *
 * Null when the whole text is to be parsed: every statement is kept, or the text is not plainly well formed.
 */
export function parsedRanges(text: string, tests: readonly RegExp[]): Range[] | null {
  const l = layout(text);
  if (!l) return null;
  const callsImported = importedCallee(text, l.importLines);
  const kept = l.statements.map((s, k): boolean => {
    const before = l.statements[k - 1];
    if (k === 0 || s.head !== 'other' || before!.head !== 'other') return true;
    let source = text.slice(s.start, s.end);
    if (source.includes('\\')) source = source.replace(/\\\r?\n/g, '');
    return IMPORT.test(source) || callsImported?.test(source) === true || tests.some((t) => t.test(source));
  });
  if (kept.every(Boolean)) return null;
  const ranges: Range[] = [];
  for (let k = 0; k < kept.length; k++) {
    if (!kept[k]) continue;
    let last = k;
    while (kept[last + 1]) last++;
    const s = l.statements[k]!;
    ranges.push({ startIndex: s.start, endIndex: l.statements[last]!.end, startPosition: { row: s.row, column: 0 }, endPosition: endOf(text, l.statements, last) });
    k = last;
  }
  return ranges;
}

const IMPORT = /\bimport\b/;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/g;
const NOT_BOUND = new Set(['import', 'from', 'as']);

/** A call whose callee starts with a name some import binds; null when nothing is imported. */
function importedCallee(text: string, importLines: [number, number][]): RegExp | null {
  const names = new Set<string>();
  for (const [start, end] of importLines) for (const m of text.slice(start, end).matchAll(NAME)) if (!NOT_BOUND.has(m[0])) names.add(m[0]);
  if (names.size === 0) return null;
  return new RegExp(`\\b(?:${[...names].join('|')})\\s*(?:\\.\\s*[A-Za-z_][A-Za-z0-9_]*\\s*)*\\(`);
}

function endOf(text: string, statements: Statement[], k: number): Range['endPosition'] {
  const next = statements[k + 1];
  if (next) return { row: next.row, column: 0 };
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: text.length - lineStart };
}

/**
 * A statement test for rules that read calls: true where a call may have one of `heads` as the first name of
 * its callee (a name no import binds is its own qualified name; calls through imported names are kept anyway)
 * or one of `methods` as its last name (which a `.` never follows).
 */
export function callsNamed(heads: Iterable<string>, methods: Iterable<string> = []): RegExp {
  const alternatives = (names: Iterable<string>) => [...new Set(names)].join('|');
  const parts = [`\\b(?:${alternatives(heads)})\\b`];
  const m = alternatives(methods);
  if (m) parts.push(`\\b(?:${m})\\b(?!\\s*\\.)`);
  return new RegExp(parts.join('|'));
}

/** The first name of each dotted name. */
export function heads(names: Iterable<string>): string[] {
  return [...names].map((q) => q.split('.')[0]!);
}
