/** Shapes shared by the drift readers, statistics and report. */

export type ColumnType = 'numeric' | 'categorical';
export type DatasetFormat = 'csv' | 'tsv' | 'jsonl' | 'parquet';

/** One column as read from a file, before any decision about how to compare it. */
export interface ColumnData {
  name: string;
  /** Cells that are numbers; NaN where a cell is missing or text. Null when the column holds no number. */
  numbers: Float64Array | null;
  /**
   * Category of every non-missing cell as an index into `categories` (−1 = missing), for columns that
   * hold text (numbers among text are keyed by their canonical form, `1.0` → `1`). Null for pure numbers.
   */
  codes: Int32Array | null;
  categories: string[];
  /** Empty cells and missing markers (NA, null, nan, ...). */
  missing: number;
  /** Non-missing cells that are not numbers. */
  text: number;
  /** The first text cell, for messages about a numeric column that holds text. */
  firstText: { value: string; line: number } | null;
  /** A type fixed by an override or by the file's schema (Parquet), rather than inferred from the cells. */
  declared: ColumnType | null;
  /** Why the column cannot be compared (a nested or date column in Parquet), or null. */
  unsupported: string | null;
}

export interface ColumnSet {
  path: string;
  format: DatasetFormat;
  rows: number;
  /** Size of the file in bytes. */
  bytes: number;
  /** sha256 of the file's bytes when it was asked for while reading, else null. */
  sha256: string | null;
  columns: ColumnData[];
}

export type TestName = 'ks' | 'chi2' | 'wasserstein' | 'psi' | 'jensenshannon';

export interface ColumnStats {
  ks: { statistic: number; pValue: number } | null;
  wasserstein: number | null;
  wassersteinNormed: number | null;
  psi: number | null;
  jensenShannon: number | null;
  chi2: { statistic: number; pValue: number } | null;
}

/** Equal-width bins over the pooled range (numeric) or the most frequent categories, for charts. */
export type Histogram =
  | { kind: 'bins'; edges: number[]; reference: number[]; current: number[] }
  | { kind: 'categories'; categories: string[]; reference: number[]; current: number[] };

export interface ColumnReport {
  name: string;
  type: ColumnType;
  test: TestName | null;
  statistic: number | null;
  pValue: number | null;
  threshold: number | null;
  /** Null when the column could not be tested (see `note`). */
  drifted: boolean | null;
  missing: { reference: number; current: number };
  note: string | null;
  stats: ColumnStats;
  histogram: Histogram | null;
}

export interface DatasetSide {
  path: string;
  rows: number;
  bytes: number;
  sha256: string | null;
}

export interface DriftReport {
  reference: DatasetSide;
  current: DatasetSide;
  columns: ColumnReport[];
  driftedColumns: number;
  /** Drifted columns over tested columns (columns with a verdict). */
  driftShare: number;
  /** The share at or above which the dataset counts as drifted. */
  driftShareThreshold: number;
  datasetDrift: boolean;
  predictions: ColumnReport[];
}
