import { total } from './psi';

/**
 * Jensen–Shannon distance in base 2 between two count vectors over the same bins, unclipped, as
 * scipy.spatial.distance.jensenshannon(p, q, base=2): sqrt((KL(p‖m) + KL(q‖m)) / 2) with m = (p+q)/2.
 */
export function jensenShannon(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): number {
  const nRef = total(referenceCounts);
  const nCur = total(currentCounts);
  let left = 0;
  let right = 0;
  for (let k = 0; k < referenceCounts.length; k++) {
    const p = referenceCounts[k]! / nRef;
    const q = currentCounts[k]! / nCur;
    const m = (p + q) / 2;
    if (p > 0) left += p * Math.log(p / m);
    if (q > 0) right += q * Math.log(q / m);
  }
  const js = (left + right) / Math.LN2;
  return Math.sqrt(Math.max(0, js / 2));
}
