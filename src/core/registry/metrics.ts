import { MlopsError } from '../errors';
import { Statements, fromDbNumber } from './statements';
import type { MetricPoint, MetricSummary } from './types';

interface SummaryRow {
  last: number | null;
  last_step: number;
  last_ts: number | null;
  min: number | null;
  max: number | null;
  count: number;
}

interface Acc {
  last: number;
  lastStep: number;
  lastTs: number | null;
  min: number;
  max: number;
  count: number;
}

/** Rejects the whole batch before anything is written, naming the first bad point. */
export function validatePoints(runId: string, points: readonly MetricPoint[]): void {
  if (!Array.isArray(points)) throw new MlopsError('invalid metric batch', `run ${runId}`, `expected an array of points, got ${typeof points}`);
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const where = `run ${runId}, point ${i}`;
    if (typeof p !== 'object' || p === null) throw new MlopsError('invalid metric point', where, `expected an object, got ${p === null ? 'null' : typeof p}`);
    if (typeof p.key !== 'string' || p.key === '') throw new MlopsError('invalid metric key', where, `expected a non-empty string, got ${JSON.stringify(p.key)}`);
    if (typeof p.value !== 'number') throw new MlopsError('invalid metric value', `${where} (${p.key})`, `expected a number, got ${typeof p.value}`);
    if (!Number.isSafeInteger(p.step)) throw new MlopsError('invalid metric step', `${where} (${p.key})`, `expected an integer, got ${String(p.step)}`);
    if (p.ts !== null && !Number.isFinite(p.ts)) throw new MlopsError('invalid metric timestamp', `${where} (${p.key})`, `expected milliseconds or null, got ${String(p.ts)}`);
  }
}

const newer = (step: number, ts: number | null, thanStep: number, thanTs: number | null): boolean =>
  step > thanStep || (step === thanStep && (ts ?? -Infinity) >= (thanTs ?? -Infinity));

/** Rows per multi-row INSERT: binding 100 points per call instead of one cuts the per-statement overhead. */
const CHUNK = 100;
const INSERT_ONE = 'INSERT INTO metrics (run_id, key, step, ts, value) VALUES (?, ?, ?, ?, ?)';
const INSERT_CHUNK = `INSERT INTO metrics (run_id, key, step, ts, value) VALUES ${Array(CHUNK).fill('(?, ?, ?, ?, ?)').join(', ')}`;

/**
 * Appends points and folds them into each key's summary. Runs inside the caller's transaction; the
 * summary is computed per key in memory so a batch of N points costs N/100 inserts plus one upsert per key.
 * Rows keep the batch order (their rowids break ties between equal steps and timestamps).
 */
export function insertPoints(st: Statements, runId: string, points: readonly MetricPoint[]): void {
  const accs = new Map<string, Acc>();
  const args: unknown[] = new Array(CHUNK * 5);
  const whole = points.length - (points.length % CHUNK);
  const insertChunk = whole > 0 ? st.get(INSERT_CHUNK) : undefined;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const v = p.value;
    const stored = Number.isNaN(v) ? null : v;
    if (i < whole) {
      const j = (i % CHUNK) * 5;
      args[j] = runId;
      args[j + 1] = p.key;
      args[j + 2] = p.step;
      args[j + 3] = p.ts;
      args[j + 4] = stored;
      if (j === (CHUNK - 1) * 5) insertChunk!.run(args);
    } else {
      st.get(INSERT_ONE).run(runId, p.key, p.step, p.ts, stored);
    }
    const a = accs.get(p.key);
    if (!a) {
      accs.set(p.key, { last: v, lastStep: p.step, lastTs: p.ts, min: Number.isNaN(v) ? Infinity : v, max: Number.isNaN(v) ? -Infinity : v, count: 1 });
      continue;
    }
    a.count++;
    if (v < a.min) a.min = v;
    if (v > a.max) a.max = v;
    if (newer(p.step, p.ts, a.lastStep, a.lastTs)) {
      a.last = v;
      a.lastStep = p.step;
      a.lastTs = p.ts;
    }
  }
  const select = st.get('SELECT last, last_step, last_ts, min, max, count FROM metric_summaries WHERE run_id = ? AND key = ?');
  const upsert = st.get(`INSERT INTO metric_summaries (run_id, key, last, last_step, last_ts, min, max, count)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (run_id, key) DO UPDATE SET last = excluded.last, last_step = excluded.last_step,
      last_ts = excluded.last_ts, min = excluded.min, max = excluded.max, count = excluded.count`);
  for (const [key, a] of accs) {
    const old = select.get(runId, key) as SummaryRow | undefined;
    // A key with only NaN values has no min/max yet: kept as the ±Infinity sentinels until merged, stored as NULL.
    let { min, max, last, lastStep, lastTs, count } = a;
    if (old) {
      if (old.min !== null && old.min < min) min = old.min;
      if (old.max !== null && old.max > max) max = old.max;
      count += old.count;
      if (!newer(lastStep, lastTs, old.last_step, old.last_ts)) {
        last = fromDbNumber(old.last);
        lastStep = old.last_step;
        lastTs = old.last_ts;
      }
    }
    const noFinite = min === Infinity && max === -Infinity;
    upsert.run(runId, key, Number.isNaN(last) ? null : last, lastStep, lastTs, noFinite ? null : min, noFinite ? null : max, count);
  }
}

export function summariesFor(st: Statements, runId: string): Record<string, MetricSummary> {
  const rows = st.get('SELECT key, last, last_step, min, max, count FROM metric_summaries WHERE run_id = ? ORDER BY key').all(runId) as (SummaryRow & { key: string })[];
  // fromEntries defines own properties, so a key such as "__proto__" stays a metric.
  return Object.fromEntries(rows.map((r) => [r.key, toSummary(r)]));
}

function toSummary(r: { last: number | null; last_step: number; min: number | null; max: number | null; count: number }): MetricSummary {
  return { last: fromDbNumber(r.last), step: r.last_step, min: fromDbNumber(r.min), max: fromDbNumber(r.max), count: r.count };
}

export function history(st: Statements, runId: string, key: string): MetricPoint[] {
  const rows = st.get('SELECT step, ts, value FROM metrics WHERE run_id = ? AND key = ? ORDER BY step, ts, rowid').all(runId, key) as { step: number; ts: number | null; value: number | null }[];
  return rows.map((r) => ({ key, step: r.step, ts: r.ts, value: fromDbNumber(r.value) }));
}

/** Deletes the points of some keys (or all) of a run with their summaries, for a source rewritten in place. */
export function deletePoints(st: Statements, runId: string, keys: readonly string[] | 'all'): number {
  if (keys === 'all') {
    st.get('DELETE FROM metric_summaries WHERE run_id = ?').run(runId);
    return st.get('DELETE FROM metrics WHERE run_id = ?').run(runId).changes;
  }
  let n = 0;
  for (const k of keys) {
    st.get('DELETE FROM metric_summaries WHERE run_id = ? AND key = ?').run(runId, k);
    n += st.get('DELETE FROM metrics WHERE run_id = ? AND key = ?').run(runId, k).changes;
  }
  return n;
}
