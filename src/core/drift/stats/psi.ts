/** Population Stability Index: Σ (q − p) · ln(q / p) over bins, proportions clipped below at 1e-4. */
export const PSI_MIN_PROPORTION = 1e-4;

export function psi(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): number {
  const nRef = total(referenceCounts);
  const nCur = total(currentCounts);
  let sum = 0;
  for (let k = 0; k < referenceCounts.length; k++) {
    const p = Math.max(referenceCounts[k]! / nRef, PSI_MIN_PROPORTION);
    const q = Math.max(currentCounts[k]! / nCur, PSI_MIN_PROPORTION);
    sum += (q - p) * Math.log(q / p);
  }
  return sum;
}

export function total(counts: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < counts.length; k++) s += counts[k]!;
  return s;
}
