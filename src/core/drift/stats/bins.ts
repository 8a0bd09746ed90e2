/**
 * Decile binning shared by PSI and Jensen–Shannon on numeric columns: inner edges are the
 * reference's deciles (numpy.quantile, method 'linear'), bins are closed on the left, the outer
 * edges are −∞ and +∞.
 */

/** numpy.quantile(sorted, q) with the default 'linear' method, including numpy's two-sided lerp. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const virtual = (n - 1) * q;
  if (virtual >= n - 1) return sorted[n - 1]!;
  if (virtual < 0) return sorted[0]!;
  const prev = Math.floor(virtual);
  const a = sorted[prev]!;
  const b = sorted[prev + 1]!;
  const t = virtual - prev;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

export function decileEdges(sortedReference: Float64Array): Float64Array {
  const edges = new Float64Array(9);
  for (let k = 1; k <= 9; k++) edges[k - 1] = quantileSorted(sortedReference, k / 10);
  return edges;
}

/** Index of the first element ≥ x in a sorted array. */
export function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts per bin [e_{k−1}, e_k) of a sorted sample, with e_{−1} = −∞ and e_{last} = +∞. */
export function binCounts(sorted: Float64Array, edges: Float64Array): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  let prev = 0;
  for (let k = 0; k < edges.length; k++) {
    const below = lowerBound(sorted, edges[k]!);
    counts[k] = below - prev;
    prev = below;
  }
  counts[edges.length] = sorted.length - prev;
  return counts;
}
