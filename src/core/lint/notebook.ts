/**
 * Jupyter notebooks: the code cells are joined into one Python text (parsed once), with magics and shell escapes
 * blanked out line for line, so a position in that text maps back to (cell, line within the cell).
 */
export interface NotebookCell {
  /** Index among all cells (markdown included), as editors number them. */
  index: number;
  type: string;
  source: string;
  executionCount: number | null;
  outputs: Record<string, unknown>[];
}

export interface Notebook {
  cells: NotebookCell[];
  /** False for notebooks whose kernel is not Python (R, Julia): their code is not parsed as Python. */
  python: boolean;
  /** The code cells joined by newlines, magics blanked. */
  code: string;
  /** For each line of `code`: the cell index and the line within that cell. */
  lineMap: { cell: number; line: number }[];
  /** First line in `code` of each code cell, by cell index. */
  cellStart: Map<number, number>;
}

/** Cell magics whose body is Python; any other `%%magic` cell (bash, html, writefile...) is left out entirely. */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug']);

export class NotebookError extends Error {}

export function parseNotebook(text: string): Notebook {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new NotebookError(`invalid notebook JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { cells?: unknown }).cells)) {
    throw new NotebookError('not a notebook: no "cells" list (nbformat 4 expected)');
  }
  const nb = doc as { cells: unknown[]; metadata?: { kernelspec?: { language?: string }; language_info?: { name?: string } } };
  const language = nb.metadata?.language_info?.name ?? nb.metadata?.kernelspec?.language;
  const cells = nb.cells.map((c, index): NotebookCell => {
    const cell = (typeof c === 'object' && c !== null ? c : {}) as Record<string, unknown>;
    const src = cell.source;
    return {
      index,
      type: typeof cell.cell_type === 'string' ? cell.cell_type : 'unknown',
      source: Array.isArray(src) ? src.filter((s) => typeof s === 'string').join('') : typeof src === 'string' ? src : '',
      executionCount: typeof cell.execution_count === 'number' ? cell.execution_count : null,
      outputs: Array.isArray(cell.outputs) ? cell.outputs.filter((o): o is Record<string, unknown> => typeof o === 'object' && o !== null) : [],
    };
  });
  const lines: string[] = [];
  const lineMap: { cell: number; line: number }[] = [];
  const cellStart = new Map<number, number>();
  for (const cell of cells) {
    if (cell.type !== 'code') continue;
    cellStart.set(cell.index, lines.length);
    blankMagics(cell.source.split(/\r?\n/)).forEach((l, i) => {
      lines.push(l);
      lineMap.push({ cell: cell.index, line: i });
    });
  }
  return { cells, python: language === undefined || language.toLowerCase() === 'python', code: lines.join('\n'), lineMap, cellStart };
}

function blankMagics(lines: string[]): string[] {
  const first = lines[0]?.trimStart() ?? '';
  if (first.startsWith('%%')) {
    const magic = /^%%(\w+)/.exec(first)?.[1] ?? '';
    return PYTHON_CELL_MAGICS.has(magic) ? ['', ...blankLines(lines.slice(1))] : lines.map(() => '');
  }
  return blankLines(lines);
}

function blankLines(lines: string[]): string[] {
  let continued = false;
  return lines.map((l) => {
    // A magic line ending in a backslash continues on the next line.
    const magic = continued || /^\s*[%!]/.test(l) || /^\s*[A-Za-z_][\w, ]*=\s*[%!]/.test(l) || /^\s*[\w.]+\?{1,2}\s*$/.test(l);
    continued = magic && l.trimEnd().endsWith('\\');
    return magic ? '' : l;
  });
}

/** Text of the outputs a cell shows: stream text, plain-text and HTML results, error tracebacks. */
export function outputText(output: Record<string, unknown>): string {
  const parts: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) parts.push(v.filter((s) => typeof s === 'string').join(''));
  };
  add(output.text);
  const data = output.data;
  if (typeof data === 'object' && data !== null) {
    for (const [mime, v] of Object.entries(data)) if (mime.startsWith('text/') || mime === 'application/json') add(typeof v === 'object' && !Array.isArray(v) ? JSON.stringify(v) : v);
  }
  if (output.output_type === 'error') add(output.traceback);
  return parts.join('\n');
}
