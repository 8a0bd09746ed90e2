import type { DriftConfig } from './config';
import type { ColumnStats, ColumnType, TestName } from './types';

/** Evidently's default thresholds: p-value tests flag p < threshold, distances flag value ≥ threshold. */
export const DEFAULT_THRESHOLDS: Readonly<Record<TestName, number>> = { ks: 0.05, chi2: 0.05, wasserstein: 0.1, psi: 0.1, jensenshannon: 0.1 };

/** Evidently divides the Wasserstein distance by max(std, 0.001) so a near-constant reference does not blow it up. */
export const WASSERSTEIN_MIN_NORM = 0.001;

/**
 * The test Evidently picks by default: a reference of at most 1,000 values gets KS for numeric
 * columns with more than 5 distinct values and chi-square otherwise; a larger reference gets the
 * normed Wasserstein distance for such numeric columns and Jensen–Shannon otherwise.
 */
export function defaultTest(type: ColumnType, referenceCount: number, distinctValues: number): TestName {
  const continuous = type === 'numeric' && distinctValues > 5;
  if (referenceCount <= 1000) return continuous ? 'ks' : 'chi2';
  return continuous ? 'wasserstein' : 'jensenshannon';
}

export interface Verdict {
  test: TestName;
  statistic: number;
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  note: string | null;
}

export interface VerdictInput {
  name: string;
  type: ColumnType;
  stats: ColumnStats;
  referenceCount: number;
  distinctValues: number;
  referenceStd: number | null;
}

export function decide(input: VerdictInput, config: DriftConfig): Verdict {
  const fallback = defaultTest(input.type, input.referenceCount, input.distinctValues);
  const perColumn = config.columns[input.name];
  const wanted = perColumn?.test ?? config.test;
  const threshold = perColumn?.threshold ?? config.threshold;
  let note: string | null = null;
  let test = wanted ?? fallback;
  let value = measure(test, input);
  if (value === null) {
    note = `test "${test}" does not apply to this ${input.type} column; used ${fallback}`;
    test = fallback;
    value = measure(test, input)!;
  }
  const t = threshold ?? DEFAULT_THRESHOLDS[test];
  const drifted = value.pValue !== null ? value.pValue < t : value.statistic >= t;
  return { test, statistic: value.statistic, pValue: value.pValue, threshold: t, drifted, note };
}

function measure(test: TestName, input: VerdictInput): { statistic: number; pValue: number | null } | null {
  const s = input.stats;
  switch (test) {
    case 'ks': return s.ks && { statistic: s.ks.statistic, pValue: s.ks.pValue };
    case 'chi2': return s.chi2 && { statistic: s.chi2.statistic, pValue: s.chi2.pValue };
    case 'wasserstein':
      if (s.wasserstein === null || input.referenceStd === null) return null;
      return { statistic: s.wasserstein / Math.max(input.referenceStd, WASSERSTEIN_MIN_NORM), pValue: null };
    case 'psi': return s.psi === null ? null : { statistic: s.psi, pValue: null };
    case 'jensenshannon': return s.jensenShannon === null ? null : { statistic: s.jensenShannon, pValue: null };
  }
}
