import type { MetricSeries } from '../../src/protocol';

export type Axis = 'step' | 'time';

/**
 * uPlot draws series over one shared x array: the union of every run's x values, sorted, with null where a
 * run has no point (drawn as a gap-spanning line). Linear in the total number of points plus the sort.
 */
export function alignSeries(series: (MetricSeries | undefined)[], axis: Axis): [number[], ...(number | null)[][]] {
  const xsOf = (s: MetricSeries): (number | null)[] => (axis === 'step' ? s.steps : s.times);
  const all = new Set<number>();
  for (const s of series) if (s) for (const x of xsOf(s)) if (x !== null) all.add(x);
  const xs = Float64Array.from(all).sort();
  const index = new Map<number, number>();
  xs.forEach((x, i) => index.set(x, i));
  const ys = series.map((s) => {
    const out: (number | null)[] = new Array(xs.length).fill(null);
    if (!s) return out;
    const sx = xsOf(s);
    for (let i = 0; i < sx.length; i++) {
      const x = sx[i];
      if (x === null || x === undefined) continue;
      // Several points at one x (re-logged steps): the last written wins, as in the run's summary.
      out[index.get(x)!] = s.values[i] ?? null;
    }
    return out;
  });
  return [Array.from(xs), ...ys];
}

/** Params of several runs as CSV (RFC 4180 quoting), one row per key, one column per run. */
export function paramsCsv(runNames: string[], keys: string[], values: (key: string, run: number) => string | undefined): string {
  const q = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = [['param', ...runNames].map(q).join(',')];
  for (const k of keys) rows.push([k, ...runNames.map((_, i) => values(k, i) ?? '')].map(q).join(','));
  return rows.join('\r\n') + '\r\n';
}
