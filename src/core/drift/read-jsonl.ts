import { StringDecoder } from 'node:string_decoder';
import { MlopsError } from '../errors';
import { ColumnBuilder } from './column-builder';
import type { TableReadOptions } from './read-csv';
import { checkFile, readChunks } from './source';
import type { ColumnSet } from './types';

/**
 * Reads JSON Lines: one object per line, keys are columns (a key absent from a line is a missing
 * value there), blank lines are skipped. Numbers are numbers; strings are classified like CSV cells
 * (`"NA"` is missing, `"1.5"` a number); booleans and nested values are text. Python's json module
 * writes NaN and Infinity as bare words, which are accepted.
 */
export async function readJsonl(file: string, opts: TableReadOptions = {}): Promise<ColumnSet> {
  const bytes = checkFile(file);
  const builders = new Map<string, ColumnBuilder>();
  const wanted = opts.columns ? new Set(opts.columns) : null;
  let rows = 0;
  let lineNo = 0;
  let carry = '';
  const decoder = new StringDecoder('utf8');

  const onLine = (line: string) => {
    lineNo++;
    const text = lineNo === 1 && line.startsWith('\ufeff') ? line.slice(1) : line;
    if (text.trim() === '') return;
    const obj = parseLine(file, lineNo, text);
    for (const [key, value] of Object.entries(obj)) {
      if (wanted && !wanted.has(key)) continue;
      let b = builders.get(key);
      if (!b) {
        b = new ColumnBuilder(key, opts.types?.[key] ?? null);
        for (let i = 0; i < rows; i++) b.addMissing();
        builders.set(key, b);
      }
      addValue(b, value, lineNo);
    }
    rows++;
    for (const b of builders.values()) if (b.rows < rows) b.addMissing();
  };

  const sha256 = await readChunks(file, (chunk) => {
    const text = carry + decoder.write(chunk);
    const lines = text.split('\n');
    carry = lines.pop()!;
    for (const l of lines) onLine(l);
  }, opts);
  carry += decoder.end();
  if (carry !== '') onLine(carry);
  if (rows === 0 && builders.size === 0) throw new MlopsError('empty dataset', file, 'no JSON objects');
  return { path: file, format: 'jsonl', rows, bytes, sha256, columns: [...builders.values()].map((b) => b.finish()) };
}

function parseLine(file: string, line: number, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const relaxed = pythonJson(text);
    try {
      value = relaxed === null ? undefined : JSON.parse(relaxed);
    } catch {
      value = undefined;
    }
    if (value === undefined) throw new MlopsError('invalid JSON Lines', `${file}:${line}`, (err as Error).message);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MlopsError('invalid JSON Lines', `${file}:${line}`, 'expected one JSON object per line');
  }
  return value as Record<string, unknown>;
}

/** Rewrites Python's bare NaN / Infinity / -Infinity outside strings into JSON, or null when there are none. */
function pythonJson(text: string): string | null {
  let out = '';
  let changed = false;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    const rest = text.startsWith('NaN', i) ? ['NaN', 'null'] : text.startsWith('Infinity', i) ? ['Infinity', '1e999'] : text.startsWith('-Infinity', i) ? ['-Infinity', '-1e999'] : null;
    if (rest) {
      out += rest[1];
      i += rest[0]!.length - 1;
      changed = true;
      continue;
    }
    out += c;
  }
  return changed ? out : null;
}

function addValue(b: ColumnBuilder, value: unknown, line: number): void {
  if (value === null || value === undefined) b.addMissing();
  else if (typeof value === 'number') b.addNumber(value);
  else if (typeof value === 'string') b.addString(value, line);
  else if (typeof value === 'boolean') b.addText(String(value), line);
  else b.addText(JSON.stringify(value), line);
}
