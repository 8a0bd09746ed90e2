import * as path from 'node:path';
import { readDataset, type ColumnData } from '../drift';
import { MlopsError } from '../errors';

/** A column of an input table as doubles; missing cells are NaN. */
export interface TableColumn {
  name: string;
  values: Float64Array;
  /** The first cell that is not a number, if any (`where` is "line N" of a text file, "row N" of Parquet). */
  nonNumeric?: { where: string; text: string };
}

export interface Table {
  rows: number;
  columns: TableColumn[];
}

const FORMATS: Record<string, 'csv' | 'tsv' | 'parquet'> = { '.csv': 'csv', '.tsv': 'tsv', '.parquet': 'parquet', '.gz': 'csv' };

/**
 * Reads a CSV, TSV or Parquet file whose columns feed a model (a row is a sample) with the drift readers:
 * streamed, gzip allowed, missing markers (NA, null, nan, empty) as NaN, repeated header names made unique as
 * pandas does. Parquet booleans become 1 and 0, as ONNX bool inputs take them.
 */
export async function readTable(file: string): Promise<Table> {
  const ext = path.extname(file).toLowerCase();
  const format = ext === '.gz' ? (file.toLowerCase().endsWith('.tsv.gz') ? 'tsv' : 'csv') : FORMATS[ext];
  if (!format) throw new MlopsError('unsupported input file', file, 'expected .json, .csv, .tsv or .parquet');
  const set = await readDataset(file, { format });
  return { rows: set.rows, columns: set.columns.map((c) => tableColumn(c, set.rows, format === 'parquet' ? 'row' : 'line')) };
}

function tableColumn(c: ColumnData, rows: number, unit: 'row' | 'line'): TableColumn {
  if (c.unsupported) return { name: c.name, values: new Float64Array(rows).fill(NaN), nonNumeric: { where: 'every row', text: c.unsupported } };
  const booleans = booleanValues(c, rows);
  if (booleans) return { name: c.name, values: booleans };
  const values = c.numbers ?? new Float64Array(rows).fill(NaN);
  return c.firstText ? { name: c.name, values, nonNumeric: { where: `${unit} ${c.firstText.line}`, text: c.firstText.value } } : { name: c.name, values };
}

/** A column of only `true` and `false` (a Parquet boolean) as 1 and 0; null for any other column. */
function booleanValues(c: ColumnData, rows: number): Float64Array | null {
  if (!c.codes || c.categories.length === 0 || !c.categories.every((v) => v === 'true' || v === 'false')) return null;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const code = c.codes[r]!;
    out[r] = code < 0 ? NaN : c.categories[code] === 'true' ? 1 : 0;
  }
  return out;
}
