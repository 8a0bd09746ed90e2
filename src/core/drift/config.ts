import { lineOfKey, type LensConfig } from '../config';
import { MlopsError } from '../errors';
import type { ColumnType, TestName } from './types';

/**
 * `[tool.mlops-lens.drift]`: which test decides a column's verdict and at what threshold, the
 * share of drifted columns that makes the dataset drift, per-column overrides and column types.
 *
 *     [tool.mlops-lens.drift]
 *     test = "psi"            # ks | chi2 | wasserstein | psi | jensenshannon (default: Evidently's choice)
 *     threshold = 0.2
 *     drift_share = 0.3
 *     types = { zip = "categorical" }
 *     ignore_columns = ["customer_id"]   # reported, never tested nor counted in the share
 *     [tool.mlops-lens.drift.columns.age]
 *     test = "ks"
 *     threshold = 0.01
 */
export interface DriftConfig {
  test: TestName | null;
  threshold: number | null;
  driftShare: number;
  columns: Record<string, { test: TestName | null; threshold: number | null }>;
  types: Record<string, ColumnType>;
  /** Columns reported without a verdict (identifiers, timestamps): not tested, not in the drift share. */
  ignoreColumns: string[];
}

export const TEST_NAMES: readonly TestName[] = ['ks', 'chi2', 'wasserstein', 'psi', 'jensenshannon'];
export const DEFAULT_DRIFT_SHARE = 0.5;

export function defaultDriftConfig(): DriftConfig {
  return { test: null, threshold: null, driftShare: DEFAULT_DRIFT_SHARE, columns: {}, types: {}, ignoreColumns: [] };
}

/** The drift section of a loaded configuration; a bad value is an error naming the file and line. */
export function driftConfigFrom(config: LensConfig): DriftConfig {
  const raw = config.raw.drift;
  if (raw === undefined) return defaultDriftConfig();
  const where = (key: string) => (config.file ? `${config.file}:${(config.text && lineOfKey(config.text, key)) ?? 1}` : 'configuration');
  return parseDriftConfig(raw, where);
}

export function parseDriftConfig(raw: unknown, where: (key: string) => string): DriftConfig {
  const table = asTable(raw, 'drift', where);
  const out = defaultDriftConfig();
  const known = new Set(['test', 'threshold', 'drift_share', 'columns', 'types', 'ignore_columns']);
  for (const key of Object.keys(table)) {
    if (!known.has(key)) throw new MlopsError('invalid configuration', where(key), `unknown drift setting "${key}" (expected ${[...known].join(', ')})`);
  }
  out.test = testName(table.test, 'test', where);
  out.threshold = threshold(table.threshold, 'threshold', where);
  if (table.drift_share !== undefined) {
    const v = table.drift_share;
    if (typeof v !== 'number' || !(v > 0 && v <= 1)) throw new MlopsError('invalid configuration', where('drift_share'), '"drift_share" must be a number in (0, 1]');
    out.driftShare = v;
  }
  for (const [name, value] of Object.entries(asTable(table.columns ?? {}, 'columns', where))) {
    const col = asTable(value, name, where);
    for (const key of Object.keys(col)) {
      if (key !== 'test' && key !== 'threshold') throw new MlopsError('invalid configuration', where(key), `unknown setting "${key}" for column "${name}" (expected test, threshold)`);
    }
    out.columns[name] = { test: testName(col.test, 'test', where), threshold: threshold(col.threshold, 'threshold', where) };
  }
  for (const [name, value] of Object.entries(asTable(table.types ?? {}, 'types', where))) {
    if (value !== 'numeric' && value !== 'categorical') throw new MlopsError('invalid configuration', where(name), `type of column "${name}" must be "numeric" or "categorical"`);
    out.types[name] = value;
  }
  if (table.ignore_columns !== undefined) {
    const v = table.ignore_columns;
    if (!Array.isArray(v) || !v.every((c) => typeof c === 'string')) throw new MlopsError('invalid configuration', where('ignore_columns'), '"ignore_columns" must be a list of column names');
    out.ignoreColumns = v;
  }
  return out;
}

function asTable(v: unknown, key: string, where: (key: string) => string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new MlopsError('invalid configuration', where(key), `"${key}" must be a table`);
  return v as Record<string, unknown>;
}

function testName(v: unknown, key: string, where: (key: string) => string): TestName | null {
  if (v === undefined) return null;
  const name = v === 'chisquare' ? 'chi2' : v;
  if (typeof name !== 'string' || !(TEST_NAMES as readonly string[]).includes(name)) {
    throw new MlopsError('invalid configuration', where(key), `"${key}" must be one of ${TEST_NAMES.join(', ')}`);
  }
  return name as TestName;
}

function threshold(v: unknown, key: string, where: (key: string) => string): number | null {
  if (v === undefined) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new MlopsError('invalid configuration', where(key), `"${key}" must be a non-negative number`);
  return v;
}
