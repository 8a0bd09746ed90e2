/**
 * Sorting numeric samples, the dominant cost of KS and Wasserstein on large columns. A distribution
 * sort (buckets by linear position between min and max, then insertion sort inside each bucket)
 * is about twice as fast as Float64Array.prototype.sort on a million values. Buckets that are
 * crowded (skewed data) are sorted the same way over their own range, and past a few levels of that by
 * the built-in sort, so the result is always exactly sorted.
 */

const BUILTIN_BELOW = 4096;
const VALUES_PER_BUCKET = 8;
const INSERTION_MAX = 48;
const MAX_DEPTH = 4;

const isFinite = (v: number) => v - v === 0;

/** Sorts `a` (no NaN) in place. */
export function sortFloat64(a: Float64Array): void {
  a.set(finiteSorted(a).sorted);
}

export interface FiniteSample {
  /** The finite values, sorted ascending. */
  sorted: Float64Array;
  /** NaN cells (missing, or not numbers). */
  nan: number;
  /** +∞ and −∞ cells, left out of the statistics as Evidently does. */
  infinite: number;
}

/** The finite values of `values`, sorted, without changing `values`. */
export function finiteSorted(values: Float64Array): FiniteSample {
  const r = finiteRange(values);
  const count = values.length - r.nan - r.infinite;
  return { sorted: sortedFinite(values, count, r.min, r.max, 0), nan: r.nan, infinite: r.infinite };
}

/** One pass for what the sort needs first: the finite values' range, and the cells that are not. */
function finiteRange(values: Float64Array): { min: number; max: number; nan: number; infinite: number } {
  let nan = 0;
  let infinite = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    } else if (v !== v) nan++;
    else infinite++;
  }
  return { min, max, nan, infinite };
}

/**
 * A new array holding the `count` finite values of `src`, whose range is min..max, sorted. `depth` counts
 * the crowded buckets this call sorts a part of (see below).
 */
function sortedFinite(src: Float64Array, count: number, min: number, max: number, depth: number): Float64Array {
  const k = Math.floor(count / VALUES_PER_BUCKET);
  // The factor below 1 keeps the maximum inside the last bucket despite rounding.
  const scale = (k / (max - min)) * (1 - 1e-9);
  if (count < BUILTIN_BELOW || !(max > min) || !Number.isFinite(scale) || scale <= 0) {
    const out = count === src.length ? src.slice() : compact(src, count);
    return out.sort();
  }
  const starts = new Int32Array(k + 1);
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    if (isFinite(v)) starts[Math.min(k - 1, ((v - min) * scale) | 0) + 1]!++;
  }
  for (let b = 0; b < k; b++) starts[b + 1]! += starts[b]!;
  const fill = starts.slice(0, k);
  const out = new Float64Array(count);
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    if (isFinite(v)) out[fill[Math.min(k - 1, ((v - min) * scale) | 0)]!++] = v;
  }
  for (let b = 0; b < k; b++) {
    const s = starts[b]!;
    const e = starts[b + 1]!;
    if (e - s > INSERTION_MAX) {
      // A crowded bucket: the values bunch inside the range (a few outliers stretch it). Sorted the same
      // way over its own narrower range, it costs a third less than the built-in sort on skewed columns.
      const bucket = out.subarray(s, e);
      if (depth < MAX_DEPTH) {
        const r = finiteRange(bucket);
        out.set(sortedFinite(bucket, bucket.length, r.min, r.max, depth + 1), s);
      } else {
        bucket.sort();
      }
      continue;
    }
    for (let i = s + 1; i < e; i++) {
      const v = out[i]!;
      let j = i - 1;
      while (j >= s && out[j]! > v) {
        out[j + 1] = out[j]!;
        j--;
      }
      out[j + 1] = v;
    }
  }
  return out;
}

function compact(src: Float64Array, count: number): Float64Array {
  const out = new Float64Array(count);
  let m = 0;
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    if (isFinite(v)) out[m++] = v;
  }
  return out;
}
