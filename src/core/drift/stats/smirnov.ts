/**
 * Survival function of the one-sided Kolmogorov–Smirnov statistic D_n^+ (scipy.special.smirnov), used by
 * the two-sided distribution where 2·smirnov is exact or the accepted approximation.
 *
 * scipy evaluates the Birnbaum–Tingey sum in double-double arithmetic; every term of that sum is
 * positive, so summing in log space with a shared scale gives the same value to ~1e-12 relative
 * without extended precision. The special cases and the n > 10^6 approximation are scipy's.
 */
const MINLOG = -745.1332191019412;
const MAX_COMPUTE_N = 1000000;

export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  let nxfl = Math.floor(nx);
  if (nx - nxfl >= 1 - Number.EPSILON) nxfl += 1;
  if (nxfl === 0 || (nxfl === 1 && nx === 1)) return 1 - x * (1 + x) ** (n - 1);
  if (-2 * n * x * x < MINLOG) return 0;
  if (nxfl >= n - 1) return (1 - x) ** n;
  if (n > MAX_COMPUTE_N) {
    const logp = -((6 * n * x + 1) ** 2) / 18 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }
  // sf = x · Σ_{j=0}^{jmax} C(n, j) (1 − x − j/n)^(n−j) (x + j/n)^(j−1)
  const jmax = n - nxfl - 1;
  const logs = new Float64Array(jmax + 1);
  let max = -Infinity;
  // log C(n, j) by running sums of log((n − j)/(j + 1)), compensated so 10^6 steps keep full precision.
  let logC = 0;
  let carry = 0;
  for (let j = 0; j <= jmax; j++) {
    const lower = (n - j) / n - x;
    const l = lower > 0 ? logC + (n - j) * Math.log(lower) + (j - 1) * Math.log(x + j / n) : -Infinity;
    logs[j] = l;
    if (l > max) max = l;
    const y = Math.log((n - j) / (j + 1)) - carry;
    const t = logC + y;
    carry = t - logC - y;
    logC = t;
  }
  let sum = 0;
  for (let j = 0; j <= jmax; j++) sum += Math.exp(logs[j]! - max);
  return Math.min(1, Math.max(0, Math.exp(max + Math.log(x * sum))));
}
