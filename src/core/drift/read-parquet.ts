import type { FileMetaData, SchemaTree } from 'hyparquet';
import { MlopsError, describeError } from '../errors';
import { ColumnBuilder } from './column-builder';
import type { TableReadOptions } from './read-csv';
import { checkFile, hashFile } from './source';
import type { ColumnData, ColumnSet, ColumnType } from './types';

/**
 * Reads a Parquet file with hyparquet, one row group at a time so memory stays bounded by a row
 * group. Column types come from the schema: numbers are numeric; strings and booleans categorical;
 * date/time, binary and nested columns are reported as not comparable.
 */
export async function readParquet(file: string, opts: TableReadOptions = {}): Promise<ColumnSet> {
  const bytes = checkFile(file);
  const { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } = await import('hyparquet');
  const fail = (err: unknown): never => {
    if (err instanceof Error && err.name === 'AbortError') throw err;
    throw new MlopsError('cannot read Parquet', file, describeError(err).replace(/^parquet /, ''));
  };
  const buffer = await asyncBufferFromFile(file).catch(fail);
  const metadata: FileMetaData = await parquetMetadataAsync(buffer).catch(fail);
  const wanted = opts.columns ? new Set(opts.columns) : null;
  const plans: { name: string; type: ColumnType | null; unsupported: string | null; builder: ColumnBuilder }[] = [];
  for (const child of parquetSchema(metadata).children) {
    const name = child.element.name;
    if (wanted && !wanted.has(name)) continue;
    const { type, unsupported } = columnKind(child);
    const declared = opts.types?.[name] ?? type;
    plans.push({ name, type: declared, unsupported, builder: new ColumnBuilder(name, declared) });
  }
  const readable = plans.filter((p) => p.unsupported === null);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    opts.signal?.throwIfAborted();
    const rowEnd = rowStart + Number(group.num_rows);
    const values = new Map<string, unknown[]>(readable.map((p) => [p.name, new Array(rowEnd - rowStart)]));
    if (readable.length) {
      await parquetRead({
        file: buffer, metadata, columns: readable.map((p) => p.name), rowStart, rowEnd,
        onChunk: (chunk) => {
          const target = values.get(chunk.columnName);
          if (!target) return;
          for (let r = Math.max(chunk.rowStart, rowStart); r < Math.min(chunk.rowEnd, rowEnd); r++) target[r - rowStart] = chunk.columnData[r - chunk.rowStart];
        },
      }).catch(fail);
    }
    for (const p of readable) {
      const col = values.get(p.name)!;
      for (let i = 0; i < col.length; i++) addValue(p.builder, col[i], p.type, rowStart + i + 1);
    }
    rowStart = rowEnd;
    opts.onBytes?.(Math.round((bytes * rowStart) / Math.max(1, Number(metadata.num_rows))));
  }
  const sha256 = opts.hash ? await hashFile(file) : null;
  const columns: ColumnData[] = plans.map((p) => {
    if (p.unsupported === null) return p.builder.finish();
    return { ...p.builder.finish(), unsupported: p.unsupported };
  });
  return { path: file, format: 'parquet', rows: rowStart, bytes, sha256, columns };
}

function columnKind(node: SchemaTree): { type: ColumnType | null; unsupported: string | null } {
  const e = node.element;
  if (node.children.length > 0 || e.repetition_type === 'REPEATED') return { type: null, unsupported: 'nested Parquet column' };
  const logical = e.logical_type?.type;
  const converted = e.converted_type;
  if (logical === 'DATE' || logical === 'TIME' || logical === 'TIMESTAMP' || e.type === 'INT96' || (converted && /^(DATE|TIME|TIMESTAMP)/.test(converted))) {
    return { type: null, unsupported: 'date/time column' };
  }
  if (e.type === 'BOOLEAN') return { type: 'categorical', unsupported: null };
  if (e.type === 'INT32' || e.type === 'INT64' || e.type === 'FLOAT' || e.type === 'DOUBLE' || logical === 'DECIMAL' || converted === 'DECIMAL') {
    return { type: 'numeric', unsupported: null };
  }
  if (logical === 'STRING' || logical === 'ENUM' || logical === 'JSON' || logical === 'UUID' || converted === 'UTF8' || converted === 'ENUM' || converted === 'JSON') {
    return { type: 'categorical', unsupported: null };
  }
  return { type: null, unsupported: `${e.type ?? 'unknown'} Parquet column without a text or number type` };
}

function addValue(b: ColumnBuilder, v: unknown, declared: ColumnType | null, row: number): void {
  if (v === null || v === undefined) b.addMissing();
  else if (typeof v === 'number') b.addNumber(v);
  else if (typeof v === 'bigint') b.addNumber(Number(v));
  else if (typeof v === 'string') {
    if (declared === 'categorical') b.addText(v, row);
    else b.addString(v, row);
  } else if (typeof v === 'boolean') b.addText(String(v), row);
  else b.addText(String(v), row);
}
