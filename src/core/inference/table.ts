import * as fs from 'node:fs';
import * as path from 'node:path';
import { MlopsError, describeError, errnoCode } from '../errors';

/** A column of an input table as doubles; missing cells are NaN. */
export interface TableColumn {
  name: string;
  values: Float64Array;
  /** The first cell that is not a number, if any: such a column cannot be fed to a model. */
  nonNumeric?: { row: number; text: string };
}

export interface Table {
  rows: number;
  columns: TableColumn[];
}

const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity };

/** Reads a CSV (or TSV) or Parquet file whose columns feed a model; a row is a sample. */
export async function readTable(file: string): Promise<Table> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.parquet') return readParquet(file);
  if (ext === '.csv' || ext === '.tsv') return readDelimited(file, readText(file), ext === '.tsv' ? '\t' : ',');
  throw new MlopsError('unsupported input file', file, 'expected .json, .csv, .tsv or .parquet');
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new MlopsError('cannot read input', file, errnoCode(err) ?? describeError(err));
  }
}

/** RFC 4180: quoted fields may hold separators, doubled quotes and line breaks; empty cells are missing. */
export function readDelimited(file: string, text: string, sep: string): Table {
  const records = splitRecords(file, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, sep);
  const header = records.shift();
  if (!header || (header.length === 1 && header[0] === '')) throw new MlopsError('cannot read input', file, 'no header row');
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new MlopsError('cannot read input', `${file}:1`, `column "${name}" appears twice`);
    seen.add(name);
  }
  const rows = records.length;
  const columns: TableColumn[] = header.map((name) => ({ name, values: new Float64Array(rows) }));
  records.forEach((rec, r) => {
    if (rec.length !== header.length) throw new MlopsError('cannot read input', `${file}:${r + 2}`, `${rec.length} fields where the header has ${header.length}`);
    rec.forEach((cell, c) => {
      const col = columns[c]!;
      const v = parseCell(cell);
      if (v === undefined) {
        col.nonNumeric ??= { row: r + 1, text: cell };
        col.values[r] = NaN;
      } else col.values[r] = v;
    });
  });
  return { rows, columns };
}

function parseCell(cell: string): number | undefined {
  const s = cell.trim();
  if (s === '') return NaN;
  const special = SPECIAL[s.toLowerCase()];
  if (special !== undefined) return special;
  const v = Number(s);
  // Number() also takes hex, octal and binary literals ("0x1f"), which are not data values.
  return Number.isNaN(v) || /^[+-]?0[xob]/i.test(s) ? undefined : v;
}

function splitRecords(file: string, text: string, sep: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      if (!(record.length === 1 && record[0] === '')) records.push(record);
      record = [];
      field = '';
      line++;
    } else field += ch;
  }
  if (quoted) throw new MlopsError('cannot read input', `${file}:${line}`, 'a quoted field is not closed');
  record.push(field);
  if (!(record.length === 1 && record[0] === '')) records.push(record);
  return records;
}

async function readParquet(file: string): Promise<Table> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } = await import('hyparquet');
  let rowsOut: Record<string, unknown>[];
  let names: string[];
  try {
    const buffer = await asyncBufferFromFile(file);
    const metadata = await parquetMetadataAsync(buffer);
    names = parquetSchema(metadata).children.map((c) => c.element.name);
    rowsOut = await parquetReadObjects({ file: buffer, metadata });
  } catch (err) {
    throw new MlopsError('cannot read input', file, errnoCode(err) ?? `Parquet: ${describeError(err)}`);
  }
  const rows = rowsOut.length;
  const columns = names.map((name): TableColumn => {
    const col: TableColumn = { name, values: new Float64Array(rows) };
    for (let r = 0; r < rows; r++) {
      const v = rowsOut[r]![name];
      if (typeof v === 'number') col.values[r] = v;
      else if (typeof v === 'bigint') col.values[r] = Number(v);
      else if (typeof v === 'boolean') col.values[r] = v ? 1 : 0;
      else if (v === null || v === undefined) col.values[r] = NaN;
      else {
        col.values[r] = NaN;
        col.nonNumeric ??= { row: r + 1, text: String(v) };
      }
    }
    return col;
  });
  return { rows, columns };
}
