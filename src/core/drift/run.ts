import * as path from 'node:path';
import { loadConfig } from '../config';
import { MlopsError } from '../errors';
import { compareColumns } from './compare';
import { comparePredictions } from './predictions';
import { defaultDriftConfig, driftConfigFrom, type DriftConfig } from './config';
import { readDataset } from './read';
import { readDatasetElsewhere, readWorkerScript } from './read-elsewhere';
import { checkFile } from './source';
import type { ColumnReport, ColumnSet, ColumnType, DatasetFormat, DriftReport } from './types';

export interface DriftOptions {
  /** Only these columns. */
  columns?: readonly string[];
  /** Columns to report without testing, added to the config's `ignore_columns`; each must be in a file. */
  ignoreColumns?: readonly string[];
  /** Column types that override inference (merged over the config's `types`). */
  types?: Readonly<Record<string, ColumnType>>;
  /** Tests and thresholds; by default read from the configuration found from `configDir`. */
  config?: DriftConfig;
  /** Where to look for pyproject.toml / mlops-lens.toml (default: the reference file's folder). */
  configDir?: string;
  format?: { reference?: DatasetFormat; current?: DatasetFormat };
  /** Also compare the predictions of this ONNX model on both datasets (prediction drift). */
  model?: { path: string; features?: string[] };
  /** Hash both files while reading them, for storing the report (default false). */
  hash?: boolean;
  signal?: AbortSignal;
  /** Read the reference on a worker thread while this thread reads the current (default: from PARALLEL_READ_BYTES). */
  readInWorker?: boolean;
  /** Progress: bytes of both files while reading, then columns while comparing. */
  onProgress?: (done: number, total: number, stage: 'read' | 'compare') => void;
}

/** Below this many bytes in both files, starting a reader thread costs more than reading one file after the other. */
export const PARALLEL_READ_BYTES = 32 * 1024 * 1024;

/** Reads both datasets and compares every column: the data drift report (predictions are added by the caller). */
export async function runDrift(referencePath: string, currentPath: string, options: DriftOptions = {}): Promise<DriftReport> {
  const config = options.config ?? driftConfigFrom(loadConfig(options.configDir ?? path.dirname(path.resolve(referencePath))));
  const types = { ...config.types, ...options.types };
  const sizes = [0, 0];
  let total = 0;
  const progress = (side: 0 | 1) => (bytes: number) => {
    sizes[side] = bytes;
    options.onProgress?.(sizes[0]! + sizes[1]!, total, 'read');
  };
  const readOptions = (side: 0 | 1, signal = options.signal) =>
    ({ columns: options.columns, types, hash: options.hash, signal, onBytes: progress(side), format: side === 0 ? options.format?.reference : options.format?.current });
  total = checkFile(referencePath) + checkFile(currentPath);
  const script = options.readInWorker ?? total >= PARALLEL_READ_BYTES ? readWorkerScript() : null;
  let ref: ColumnSet;
  let cur: ColumnSet;
  if (script) {
    // Both at once, the reference on a worker; the first to fail stops the other.
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const failFast = <T>(p: Promise<T>) => p.catch((err: unknown) => { stop.abort(err); throw err; });
    const [r, c] = await Promise.allSettled([
      failFast(readDatasetElsewhere(script, referencePath, readOptions(0, signal))),
      failFast(readDataset(currentPath, readOptions(1, signal))),
    ]);
    if (r.status === 'rejected') throw r.reason;
    if (c.status === 'rejected') throw c.reason;
    [ref, cur] = [r.value, c.value];
  } else {
    ref = await readDataset(referencePath, readOptions(0));
    sizes[0] = ref.bytes;
    cur = await readDataset(currentPath, readOptions(1));
  }
  if (options.columns) checkRequestedColumns(options.columns, ref, cur);
  // Checked only when every column was read: with `columns`, the others are not in the sets to look in.
  if (options.ignoreColumns && !options.columns) checkRequestedColumns(options.ignoreColumns, ref, cur);
  const ignoreColumns = [...config.ignoreColumns, ...(options.ignoreColumns ?? [])];
  const columns = await compareColumns(ref, cur, {
    config: { ...config, types, ignoreColumns }, signal: options.signal,
    onProgress: (done, n) => options.onProgress?.(done, n, 'compare'),
  });
  const report = assembleReport(ref, cur, columns, config.driftShare);
  if (options.model) {
    report.predictions = await comparePredictions(options.model.path, ref, cur, { config: { ...config, types: {} }, signal: options.signal, features: options.model.features });
  }
  return report;
}

function checkRequestedColumns(requested: readonly string[], ref: ColumnSet, cur: ColumnSet): void {
  const present = new Set([...ref.columns, ...cur.columns].map((c) => c.name));
  const absent = requested.filter((n) => !present.has(n));
  if (absent.length) throw new MlopsError('no such column', absent.join(', '), `neither ${ref.path} nor ${cur.path} has it`);
}

/** The report for compared columns; dataset drift when the share of drifted tested columns reaches `driftShare`. */
export function assembleReport(ref: ColumnSet, cur: ColumnSet, columns: ColumnReport[], driftShare = defaultDriftConfig().driftShare): DriftReport {
  const tested = columns.filter((c) => c.drifted !== null);
  const drifted = tested.filter((c) => c.drifted).length;
  const share = tested.length ? drifted / tested.length : 0;
  return {
    reference: { path: ref.path, rows: ref.rows, bytes: ref.bytes, sha256: ref.sha256 },
    current: { path: cur.path, rows: cur.rows, bytes: cur.bytes, sha256: cur.sha256 },
    columns,
    driftedColumns: drifted,
    driftShare: share,
    driftShareThreshold: driftShare,
    datasetDrift: tested.length > 0 && share >= driftShare,
    predictions: [],
  };
}
