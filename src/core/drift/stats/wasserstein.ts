import { ecdfDistances } from './ecdf';

/** Wasserstein-1 distance between two sorted, finite, non-empty samples (scipy.stats.wasserstein_distance). */
export function wasserstein(a: Float64Array, b: Float64Array): number {
  return ecdfDistances(a, b).wasserstein;
}

/** Population standard deviation (ddof 0), two-pass like numpy.std. */
export function populationStd(a: Float64Array): number {
  const n = a.length;
  let s = 0;
  for (let k = 0; k < n; k++) s += a[k]!;
  const mean = s / n;
  let ss = 0;
  for (let k = 0; k < n; k++) {
    const d = a[k]! - mean;
    ss += d * d;
  }
  return Math.sqrt(ss / n);
}
