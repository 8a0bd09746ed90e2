import { chi2Sf } from './gamma';

export interface Chi2Result {
  statistic: number;
  pValue: number;
  dof: number;
}

/**
 * Pearson chi-square test of independence on the 2×K table [reference counts; current counts], as
 * scipy.stats.chi2_contingency with its defaults: Yates' correction only when dof = 1, and
 * statistic 0 with p = 1 when dof = 0. Categories absent from both rows must be left out by the caller.
 */
export function chi2Contingency(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): Chi2Result {
  const K = referenceCounts.length;
  const dof = K - 1;
  if (dof <= 0) return { statistic: 0, pValue: 1, dof: 0 };
  let r0 = 0;
  let r1 = 0;
  for (let k = 0; k < K; k++) {
    r0 += referenceCounts[k]!;
    r1 += currentCounts[k]!;
  }
  const n = r0 + r1;
  let stat = 0;
  for (let k = 0; k < K; k++) {
    const col = referenceCounts[k]! + currentCounts[k]!;
    stat += term(referenceCounts[k]!, (r0 * col) / n, dof) + term(currentCounts[k]!, (r1 * col) / n, dof);
  }
  return { statistic: stat, pValue: chi2Sf(stat, dof), dof };
}

function term(observed: number, expected: number, dof: number): number {
  let o = observed;
  if (dof === 1) {
    const diff = expected - o;
    o += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
  }
  return ((o - expected) ** 2) / expected;
}
