import * as fs from 'node:fs';
import { MlopsError } from '../errors';
import { readCsv, type TableReadOptions } from './read-csv';
import { readJsonl } from './read-jsonl';
import { readParquet } from './read-parquet';
import { checkFile } from './source';
import type { ColumnSet, DatasetFormat } from './types';

export type { TableReadOptions } from './read-csv';

export interface DatasetReadOptions extends TableReadOptions {
  /** The file's format; by default from its extension, else from its first bytes. */
  format?: DatasetFormat;
}

/** Reads a CSV, TSV, JSON Lines or Parquet dataset (CSV, TSV and JSON Lines may be gzipped). */
export function readDataset(file: string, opts: DatasetReadOptions = {}): Promise<ColumnSet> {
  const format = opts.format ?? detectFormat(file);
  switch (format) {
    case 'csv': return readCsv(file, opts, ',');
    case 'tsv': return readCsv(file, opts, '\t');
    case 'jsonl': return readJsonl(file, opts);
    case 'parquet': return readParquet(file, opts);
  }
}

export function detectFormat(file: string): DatasetFormat {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.parquet') || name.endsWith('.pq')) return 'parquet';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson') || name.endsWith('.json')) return 'jsonl';
  if (name.endsWith('.tsv') || name.endsWith('.tab')) return 'tsv';
  if (name.endsWith('.csv') || name.endsWith('.txt') || file.toLowerCase().endsWith('.gz')) return 'csv';
  checkFile(file);
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.toString('latin1') === 'PAR1') return 'parquet';
  if (head[0] === 0x7b) return 'jsonl';
  if (head.subarray(0, 3).equals(Buffer.from([0x1f, 0x8b, 0x08]))) {
    throw new MlopsError('unknown dataset format', file, 'gzip data needs a name ending in .csv.gz, .tsv.gz or .jsonl.gz');
  }
  return 'csv';
}
