import { MlopsError } from '../errors';
import { ColumnBuilder } from './column-builder';
import { CsvTokenizer, type Fields } from './csv-tokenizer';
import { checkFile, readChunks, type SourceOptions } from './source';
import type { ColumnSet, ColumnType } from './types';

export interface TableReadOptions extends SourceOptions {
  /** Only these columns (others are skipped without being parsed). */
  columns?: readonly string[];
  /** Types that override inference, by column name. */
  types?: Readonly<Record<string, ColumnType>>;
}

/** Reads a CSV (or, with a tab delimiter, TSV) file with a header row into columns. */
export async function readCsv(file: string, opts: TableReadOptions = {}, delimiter = ','): Promise<ColumnSet> {
  const bytes = checkFile(file);
  let names: string[] | null = null;
  let builders: (ColumnBuilder | null)[] = [];
  let rows = 0;
  let bytesSeen = 0;
  let reserved = false;
  const wanted = opts.columns ? new Set(opts.columns) : null;

  const onRecord = (buf: Buffer, f: Fields, line: number) => {
    if (names === null) {
      names = headerNames(buf, f);
      builders = names.map((n) => (wanted && !wanted.has(n) ? null : new ColumnBuilder(n, opts.types?.[n] ?? null)));
      return;
    }
    if (f.count !== names.length) {
      throw new MlopsError('malformed CSV', `${file}:${line}`, `expected ${names.length} fields as in the header, found ${f.count}`);
    }
    for (let i = 0; i < f.count; i++) {
      const b = builders[i];
      if (!b) continue;
      if (f.escaped(i)) b.addString(f.text(buf, i), line);
      else b.addBytes(buf, f.starts[i]!, f.ends[i]!, line);
    }
    rows++;
  };
  const tokenizer = new CsvTokenizer(file, delimiter.charCodeAt(0), onRecord);
  const sha256 = await readChunks(file, (chunk) => {
    tokenizer.push(chunk);
    bytesSeen += chunk.length;
    if (!reserved && rows > 0 && !file.endsWith('.gz')) {
      // Size the columns once from the rows in the first chunk, instead of regrowing them.
      reserved = true;
      const estimate = Math.ceil((rows * bytes) / bytesSeen * 1.02) + 16;
      for (const b of builders) b?.reserve(estimate);
    }
  }, opts);
  tokenizer.end();
  if (names === null) throw new MlopsError('empty dataset', file, 'no header row');
  return { path: file, format: delimiter === '\t' ? 'tsv' : 'csv', rows, bytes, sha256, columns: builders.flatMap((b) => (b ? [b.finish()] : [])) };
}

/** Header names as pandas makes them: empty names become `Unnamed: i`, repeats get `.1`, `.2`, ... */
function headerNames(buf: Buffer, f: Fields): string[] {
  const seen = new Map<string, number>();
  const out: string[] = [];
  for (let i = 0; i < f.count; i++) {
    let name = f.text(buf, i).trim();
    if (name === '') name = `Unnamed: ${i}`;
    const n = seen.get(name);
    if (n !== undefined) {
      seen.set(name, n + 1);
      let k = n + 1;
      while (seen.has(`${name}.${k}`)) k++;
      name = `${name}.${k}`;
    }
    seen.set(name, seen.get(name) ?? 0);
    out.push(name);
  }
  return out;
}
