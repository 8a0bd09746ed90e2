import type { Problem } from '../errors';
import type { MetricPoint } from '../registry';
import { parseNumber, parseStep, sniffSeparator, splitCsv } from './csv';
import { readTail, type TailState } from './text-tail';

/** Progress through a CSV metrics file: the tail position plus the header read at its top. */
export interface CsvTableState {
  tail: TailState;
  header: string[] | null;
  sep: string;
}

export interface CsvTableOptions {
  /** The column holding the step ("step", "epoch"). */
  stepColumn: string;
  /** Columns that are not metrics (besides the step column). */
  skipColumns?: readonly string[];
  /** Cell texts that mean "no value" besides the empty cell (Keras writes "NA"). */
  missing?: readonly string[];
  /** A column of epoch milliseconds giving each row's time (DVCLive's `timestamp`). */
  tsColumn?: string;
  /** The metric key of a column (default: the column name). */
  keyOf?: (column: string) => string;
}

export interface CsvTableRead {
  /** The file was rewritten: `points` hold the whole file and replace what was imported. */
  reset: boolean;
  points: MetricPoint[];
  state: CsvTableState;
  problems: Problem[];
  atEnd: boolean;
  unchanged: boolean;
  header: string[] | null;
}

/**
 * Reads the rows added to a metrics CSV since `prev`. Sparse cells (empty) are simply absent points;
 * a ragged row, a non-integer step or a cell that is not a number skips that row with a problem naming
 * its line, and the rows after it still import. Returns undefined when the file does not exist.
 */
export function readCsvTable(file: string, prev: CsvTableState | undefined, options: CsvTableOptions, now: number): CsvTableRead | undefined {
  const tail = readTail(file, prev?.tail, now);
  if (!tail) return undefined;
  let header = tail.reset || !prev ? null : prev.header;
  let sep = tail.reset || !prev ? ',' : prev.sep;
  const problems = tail.problems;
  const points: MetricPoint[] = [];
  const missing = new Set(options.missing ?? []);
  const skip = new Set(options.skipColumns ?? []);
  let stepIdx = header ? header.indexOf(options.stepColumn) : -1;
  let tsIdx = header && options.tsColumn ? header.indexOf(options.tsColumn) : -1;
  let keys = header ? header.map((h) => options.keyOf?.(h) ?? h) : [];
  for (let i = 0; i < tail.lines.length; i++) {
    const line = tail.lines[i];
    if (line === null || line.trim() === '') continue;
    const lineNo = tail.firstLine + i;
    if (header === null) {
      sep = sniffSeparator(line);
      header = splitCsv(line, sep).map((h) => h.trim());
      stepIdx = header.indexOf(options.stepColumn);
      tsIdx = options.tsColumn ? header.indexOf(options.tsColumn) : -1;
      keys = header.map((h) => options.keyOf?.(h) ?? h);
      if (stepIdx < 0) problems.push({ path: file, line: lineNo, message: `header has no "${options.stepColumn}" column; rows cannot be imported` });
      continue;
    }
    if (stepIdx < 0) continue;
    const cells = splitCsv(line, sep);
    if (cells.length !== header.length) {
      problems.push({ path: file, line: lineNo, message: `row has ${cells.length} fields, the header has ${header.length}; row skipped` });
      continue;
    }
    const step = parseStep(cells[stepIdx]!);
    if (step === undefined) {
      problems.push({ path: file, line: lineNo, message: `"${options.stepColumn}" is not an integer: ${JSON.stringify(cells[stepIdx]!.trim())}; row skipped` });
      continue;
    }
    let ts: number | null = null;
    if (tsIdx >= 0) {
      const t = parseStep(cells[tsIdx]!);
      if (t === undefined) {
        problems.push({ path: file, line: lineNo, message: `"${options.tsColumn}" is not an integer: ${JSON.stringify(cells[tsIdx]!.trim())}; row skipped` });
        continue;
      }
      ts = t;
    }
    const rowStart = points.length;
    let bad: string | undefined;
    for (let j = 0; j < cells.length; j++) {
      if (j === stepIdx || j === tsIdx) continue;
      const key = keys[j]!;
      if (skip.has(header[j]!) || key === '') continue;
      const cell = cells[j]!.trim();
      if (cell === '' || missing.has(cell)) continue;
      const value = parseNumber(cell);
      if (value === undefined) {
        bad = `column "${key}" is not a number: ${JSON.stringify(cell)}; row skipped`;
        break;
      }
      points.push({ key, step, ts, value });
    }
    if (bad !== undefined) {
      points.length = rowStart;
      problems.push({ path: file, line: lineNo, message: bad });
    }
  }
  return { reset: tail.reset, points, state: { tail: tail.state, header, sep }, problems, atEnd: tail.atEnd, unchanged: tail.unchanged, header };
}
