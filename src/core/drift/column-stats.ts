import { binCounts, decileEdges } from './stats/bins';
import { chi2Contingency } from './stats/chi2';
import { jensenShannon } from './stats/jensen-shannon';
import { ecdfDistances } from './stats/ecdf';
import { ksTest } from './stats/ks';
import { psi } from './stats/psi';
import { finiteSorted } from './stats/sort';
import { populationStd } from './stats/wasserstein';
import type { ColumnData, ColumnStats, Histogram } from './types';

export interface SideValues {
  data: ColumnData;
  rows: number;
  label: 'reference' | 'current';
}

export interface ComputedStats {
  stats: ColumnStats;
  missing: { reference: number; current: number };
  notes: string[];
  /** True when the column cannot be tested (a side without values); `notes` says why. */
  untested: boolean;
  referenceCount: number;
  distinctValues: number;
  referenceStd: number | null;
  histogram: Histogram | null;
}

const HISTOGRAM_BINS = 20;
const HISTOGRAM_CATEGORIES = 20;
/** A categorical column with this many reference values, all distinct, gets a note that it looks like an identifier. */
const IDENTIFIER_MIN_ROWS = 20;
/** Numeric columns with at most this many distinct values also get the chi-square test, as Evidently treats them. */
const FEW_VALUES = 5;

export function numericStats(ref: SideValues, cur: SideValues): ComputedStats {
  const notes: string[] = [];
  const r = finiteSorted(numbersOf(ref, notes));
  const c = finiteSorted(numbersOf(cur, notes));
  for (const [side, s] of [[ref, r], [cur, c]] as const) {
    if (s.infinite > 0) notes.push(`${side.label}: ${s.infinite} infinite value${s.infinite > 1 ? 's' : ''} left out`);
  }
  const missing = { reference: ref.rows - r.sorted.length, current: cur.rows - c.sorted.length };
  const empty = emptySide(ref, r.sorted.length, cur, c.sorted.length);
  if (empty) return untested([...notes, empty], missing);

  const distances = ecdfDistances(r.sorted, c.sorted);
  const ks = ksTest(r.sorted.length, c.sorted.length, distances.ks);
  const w = distances.wasserstein;
  const std = populationStd(r.sorted);
  if (std === 0) notes.push('reference is constant (std 0): normed Wasserstein is undefined');
  const edges = decileEdges(r.sorted);
  const rc = binCounts(r.sorted, edges);
  const cc = binCounts(c.sorted, edges);
  const distinct = distinctUpTo(r.sorted, c.sorted, FEW_VALUES + 1);
  let chi2: ColumnStats['chi2'] = null;
  if (distinct <= FEW_VALUES) {
    const counts = valueCounts(r.sorted, c.sorted);
    const res = chi2Contingency(counts.reference, counts.current);
    chi2 = { statistic: res.statistic, pValue: res.pValue };
  }
  return {
    stats: { ks: { statistic: ks.statistic, pValue: ks.pValue }, wasserstein: w, wassersteinNormed: std > 0 ? w / std : null, psi: psi(rc, cc), jensenShannon: jensenShannon(rc, cc), chi2 },
    missing, notes, untested: false, referenceCount: r.sorted.length, distinctValues: distinct, referenceStd: std,
    histogram: numericHistogram(r.sorted, c.sorted),
  };
}

export function categoricalStats(ref: SideValues, cur: SideValues): ComputedStats {
  const notes: string[] = [];
  const rCounts = categoryCounts(ref.data);
  const cCounts = categoryCounts(cur.data);
  const rTotal = sum(rCounts.values());
  const cTotal = sum(cCounts.values());
  const missing = { reference: ref.rows - rTotal, current: cur.rows - cTotal };
  const empty = emptySide(ref, rTotal, cur, cTotal);
  if (empty) return untested([empty], missing);
  const keys = [...rCounts.keys(), ...[...cCounts.keys()].filter((k) => !rCounts.has(k))];
  const p = keys.map((k) => rCounts.get(k) ?? 0);
  const q = keys.map((k) => cCounts.get(k) ?? 0);
  const fresh = keys.filter((k) => !rCounts.has(k));
  // Evidently tests such a column like any other, so it is tested here too; the note says how to leave it out.
  if (rTotal >= IDENTIFIER_MIN_ROWS && rCounts.size === rTotal) {
    notes.push('every reference value is distinct, as in an identifier: add the column to ignore_columns under [tool.mlops-lens.drift] to leave it out');
  }
  if (fresh.length) notes.push(`${fresh.length} categor${fresh.length > 1 ? 'ies' : 'y'} only in current (${fresh.slice(0, 3).map((k) => JSON.stringify(k)).join(', ')}${fresh.length > 3 ? ', ...' : ''})`);
  const res = chi2Contingency(p, q);
  return {
    stats: { ks: null, wasserstein: null, wassersteinNormed: null, psi: psi(p, q), jensenShannon: jensenShannon(p, q), chi2: { statistic: res.statistic, pValue: res.pValue } },
    missing, notes, untested: false, referenceCount: rTotal, distinctValues: keys.length, referenceStd: null,
    histogram: categoryHistogram(keys, p, q),
  };
}

function untested(notes: string[], missing: ComputedStats['missing']): ComputedStats {
  return { stats: { ks: null, wasserstein: null, wassersteinNormed: null, psi: null, jensenShannon: null, chi2: null }, missing, notes, untested: true, referenceCount: 0, distinctValues: 0, referenceStd: null, histogram: null };
}

function emptySide(ref: SideValues, refCount: number, cur: SideValues, curCount: number): string | null {
  const sides = [[ref, refCount], [cur, curCount]] as const;
  const empty = sides.filter(([, n]) => n === 0).map(([s]) => (s.rows === 0 ? `${s.label} has no rows` : `all ${s.rows} values missing in ${s.label}`));
  return empty.length ? empty.join('; ') : null;
}

/** The numbers of one side; text cells in it count as missing, which the notes say. */
function numbersOf(side: SideValues, notes: string[]): Float64Array {
  const d = side.data;
  if (d.text > 0) {
    const first = d.firstText ? ` (first ${JSON.stringify(d.firstText.value)}${d.firstText.line ? ` at line ${d.firstText.line}` : ''})` : '';
    notes.push(`${side.label}: ${d.text} non-numeric value${d.text > 1 ? 's' : ''} counted as missing${first}`);
  }
  return d.numbers ?? new Float64Array(side.rows).fill(Number.NaN);
}

function categoryCounts(d: ColumnData): Map<string, number> {
  const counts = new Map<string, number>();
  if (d.codes) {
    const byCode = new Float64Array(d.categories.length);
    for (let i = 0; i < d.codes.length; i++) {
      const code = d.codes[i]!;
      if (code >= 0) byCode[code]!++;
    }
    d.categories.forEach((name, code) => {
      if (byCode[code]! > 0) counts.set(name, byCode[code]!);
    });
  } else if (d.numbers) {
    for (let i = 0; i < d.numbers.length; i++) {
      const v = d.numbers[i]!;
      if (v === v) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
    }
  }
  return counts;
}

function sum(values: Iterable<number>): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/** Distinct values in the union of two sorted samples, counting no further than `cap`. */
function distinctUpTo(a: Float64Array, b: Float64Array, cap: number): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while ((i < a.length || j < b.length) && n < cap) {
    const v = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    while (i < a.length && a[i]! === v) i++;
    while (j < b.length && b[j]! === v) j++;
    n++;
  }
  return n;
}

/** Counts per distinct value of the union of two sorted samples. */
function valueCounts(a: Float64Array, b: Float64Array): { reference: number[]; current: number[] } {
  const reference: number[] = [];
  const current: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    const i0 = i;
    const j0 = j;
    while (i < a.length && a[i]! === v) i++;
    while (j < b.length && b[j]! === v) j++;
    reference.push(i - i0);
    current.push(j - j0);
  }
  return { reference, current };
}

function numericHistogram(a: Float64Array, b: Float64Array): Histogram {
  const min = Math.min(a[0]!, b[0]!);
  const max = Math.max(a[a.length - 1]!, b[b.length - 1]!);
  const bins = max > min ? HISTOGRAM_BINS : 1;
  const inner = new Float64Array(bins - 1);
  for (let k = 1; k < bins; k++) inner[k - 1] = min + ((max - min) * k) / bins;
  return { kind: 'bins', edges: [min, ...inner, max], reference: [...binCounts(a, inner)], current: [...binCounts(b, inner)] };
}

function categoryHistogram(keys: string[], p: number[], q: number[]): Histogram {
  const order = keys.map((_, i) => i).sort((x, y) => p[y]! + q[y]! - (p[x]! + q[x]!));
  const top = order.slice(0, HISTOGRAM_CATEGORIES);
  const rest = order.slice(HISTOGRAM_CATEGORIES);
  const h = { kind: 'categories' as const, categories: top.map((i) => keys[i]!), reference: top.map((i) => p[i]!), current: top.map((i) => q[i]!) };
  if (rest.length) {
    h.categories.push(`(${rest.length} others)`);
    h.reference.push(rest.reduce((s, i) => s + p[i]!, 0));
    h.current.push(rest.reduce((s, i) => s + q[i]!, 0));
  }
  return h;
}
