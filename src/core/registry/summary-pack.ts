import type { Statements } from './statements';
import type { MetricSummary } from './types';

/**
 * Each run's metric summaries, packed into one BLOB on the run's row (`runs.summary_pack`) so that listing
 * 10,000 runs reads 10,000 rows instead of 100,000 and decodes numbers without JSON: six float64 per key
 * (key id, last, step, min, max, count), in key-name order. `metric_summaries` stays the source of truth
 * (it serves the sort and single-run reads); the pack is rebuilt from it whenever a run's summaries change.
 * Float64 keeps NaN and ±Infinity as they are, so no sentinel is needed.
 */
const FIELDS = 6;

type SummaryTuple = [keyId: number, last: number | null, step: number, min: number | null, max: number | null, count: number];

const nanIfNull = (v: number | null): number => (v === null ? Number.NaN : v);

/** Re-reads a run's summaries and stores their pack (NULL when the run has none). */
export function refreshSummaryPack(st: Statements, runId: string): void {
  const rows = st.raw(`SELECT k.id, s.last, s.last_step, s.min, s.max, s.count
    FROM metric_summaries s JOIN metric_keys k ON k.name = s.key WHERE s.run_id = ? ORDER BY s.key`).all(runId) as SummaryTuple[];
  let pack: Buffer | null = null;
  if (rows.length) {
    const f = new Float64Array(rows.length * FIELDS);
    rows.forEach((r, i) => {
      const o = i * FIELDS;
      f[o] = r[0];
      f[o + 1] = nanIfNull(r[1]);
      f[o + 2] = r[2];
      f[o + 3] = nanIfNull(r[3]);
      f[o + 4] = nanIfNull(r[4]);
      f[o + 5] = r[5];
    });
    pack = Buffer.from(f.buffer);
  }
  st.get('UPDATE runs SET summary_pack = ? WHERE id = ?').run(pack, runId);
}

/** Metric key names by id, for unpacking: one small query per listing. */
export function metricKeyNames(st: Statements): string[] {
  const names: string[] = [];
  for (const [id, name] of st.raw('SELECT id, name FROM metric_keys').all() as [number, string][]) names[id] = name;
  return names;
}

/** The last value of one key in a pack without unpacking it; undefined when the run has no such key. */
export function lastValueInPack(pack: Buffer | null, keyId: number | undefined): number | undefined {
  if (pack === null || keyId === undefined) return undefined;
  for (let o = 0; o < pack.length; o += FIELDS * 8) {
    if (pack.readDoubleLE(o) === keyId) return pack.readDoubleLE(o + 8);
  }
  return undefined;
}

/** Reused by every unpack: a copy into an aligned scratch buffer beats both readDoubleLE and a new array per run. */
let scratch = new Float64Array(64 * FIELDS);
let scratchBytes = new Uint8Array(scratch.buffer);

export function unpackSummaries(pack: Buffer | null, names: readonly string[]): Record<string, MetricSummary> {
  const out: Record<string, MetricSummary> = {};
  if (pack === null) return out;
  if (pack.length > scratchBytes.length) {
    scratch = new Float64Array(Math.ceil(pack.length / 8));
    scratchBytes = new Uint8Array(scratch.buffer);
  }
  scratchBytes.set(pack);
  const f = scratch;
  const end = pack.length / 8;
  for (let o = 0; o < end; o += FIELDS) {
    const key = names[f[o]!]!;
    const summary = { last: f[o + 1]!, step: f[o + 2]!, min: f[o + 3]!, max: f[o + 4]!, count: f[o + 5]! };
    // Assignment to "__proto__" would set the prototype: that key is defined as an own property instead.
    if (key === '__proto__') Object.defineProperty(out, key, { value: summary, enumerable: true, writable: true, configurable: true });
    else out[key] = summary;
  }
  return out;
}
