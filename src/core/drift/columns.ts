import { ColumnBuilder } from './column-builder';
import type { ColumnData, ColumnSet, DatasetFormat } from './types';

/** A numeric column from values computed elsewhere (a model's outputs); NaN marks a missing value. */
export function numericColumn(name: string, values: ArrayLike<number>): ColumnData {
  const b = new ColumnBuilder(name, 'numeric', Math.max(1, values.length));
  for (let i = 0; i < values.length; i++) b.addNumber(values[i]!);
  return b.finish();
}

/** A column set around columns computed elsewhere, for `compareColumns`. */
export function columnSet(path: string, rows: number, columns: ColumnData[], format: DatasetFormat = 'csv'): ColumnSet {
  return { path, format, rows, bytes: 0, sha256: null, columns };
}
