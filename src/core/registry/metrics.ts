import { MlopsError } from '../errors';
import { Statements, fromDbNumber } from './statements';
import { refreshSummaryPack } from './summary-pack';
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
const COLUMNS = 6;
const INSERT_ONE = 'INSERT INTO metric_points (run, key, step, seq, ts, value) VALUES (?, ?, ?, ?, ?, ?)';
const INSERT_CHUNK = `INSERT INTO metric_points (run, key, step, seq, ts, value) VALUES ${Array(CHUNK).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`;

/** One key's part of a batch: its id, the next ordinal in its series, and what the batch adds to its summary. */
interface Series {
  id: number;
  next: number;
  old: SummaryRow | undefined;
  acc: Acc | undefined;
}

/** The integer handle `metric_points` stores for a run. */
export function runNumber(st: Statements, runId: string): number {
  const row = st.get('SELECT num FROM runs WHERE id = ?').get(runId) as { num: number } | undefined;
  if (!row) throw new MlopsError('no such run', String(runId));
  return row.num;
}

export function metricKeyId(st: Statements, name: string): number | undefined {
  return (st.get('SELECT id FROM metric_keys WHERE name = ?').get(name) as { id: number } | undefined)?.id;
}

function ensureMetricKey(st: Statements, name: string): number {
  return metricKeyId(st, name) ?? Number(st.get('INSERT INTO metric_keys (name) VALUES (?)').run(name).lastInsertRowid);
}

/**
 * Appends points and folds them into each key's summary. Runs inside the caller's transaction; the
 * summary is computed per key in memory so a batch of N points costs N/100 inserts plus one upsert per key.
 * Each point's `seq` is its ordinal in its run and key's series (the summary's count before it), which
 * keeps the logging order between points of equal step and timestamp.
 */
export function insertPoints(st: Statements, runId: string, points: readonly MetricPoint[]): void {
  const run = runNumber(st, runId);
  const select = st.get('SELECT last, last_step, last_ts, min, max, count FROM metric_summaries WHERE run_id = ? AND key = ?');
  const series = new Map<string, Series>();
  const args: unknown[] = new Array(CHUNK * COLUMNS);
  const whole = points.length - (points.length % CHUNK);
  const insertChunk = whole > 0 ? st.get(INSERT_CHUNK) : undefined;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const v = p.value;
    let s = series.get(p.key);
    if (!s) {
      const old = select.get(runId, p.key) as SummaryRow | undefined;
      s = { id: ensureMetricKey(st, p.key), next: old?.count ?? 0, old, acc: undefined };
      series.set(p.key, s);
    }
    const stored = Number.isNaN(v) ? null : v;
    if (i < whole) {
      const j = (i % CHUNK) * COLUMNS;
      args[j] = run;
      args[j + 1] = s.id;
      args[j + 2] = p.step;
      args[j + 3] = s.next++;
      args[j + 4] = p.ts;
      args[j + 5] = stored;
      if (j === (CHUNK - 1) * COLUMNS) insertChunk!.run(args);
    } else {
      st.get(INSERT_ONE).run(run, s.id, p.step, s.next++, p.ts, stored);
    }
    const a = s.acc;
    if (!a) {
      s.acc = { last: v, lastStep: p.step, lastTs: p.ts, min: Number.isNaN(v) ? Infinity : v, max: Number.isNaN(v) ? -Infinity : v, count: 1 };
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
  const upsert = st.get(`INSERT INTO metric_summaries (run_id, key, last, last_step, last_ts, min, max, count)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (run_id, key) DO UPDATE SET last = excluded.last, last_step = excluded.last_step,
      last_ts = excluded.last_ts, min = excluded.min, max = excluded.max, count = excluded.count`);
  for (const [key, { old, acc }] of series) {
    // A key with only NaN values has no min/max yet: kept as the ±Infinity sentinels until merged, stored as NULL.
    let { min, max, last, lastStep, lastTs, count } = acc!;
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
  refreshSummaryPack(st, runId);
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
  const keyId = metricKeyId(st, key);
  if (keyId === undefined) return [];
  const rows = st.get('SELECT step, ts, value FROM metric_points WHERE run = ? AND key = ? ORDER BY step, ts, seq').all(runNumber(st, runId), keyId) as { step: number; ts: number | null; value: number | null }[];
  return rows.map((r) => ({ key, step: r.step, ts: r.ts, value: fromDbNumber(r.value) }));
}

/** Deletes the points of some keys (or all) of a run with their summaries, for a source rewritten in place. */
export function deletePoints(st: Statements, runId: string, keys: readonly string[] | 'all'): number {
  const run = runNumber(st, runId);
  let n = 0;
  if (keys === 'all') {
    st.get('DELETE FROM metric_summaries WHERE run_id = ?').run(runId);
    n = st.get('DELETE FROM metric_points WHERE run = ?').run(run).changes;
  } else {
    for (const k of keys) {
      st.get('DELETE FROM metric_summaries WHERE run_id = ? AND key = ?').run(runId, k);
      const keyId = metricKeyId(st, k);
      if (keyId !== undefined) n += st.get('DELETE FROM metric_points WHERE run = ? AND key = ?').run(run, keyId).changes;
    }
  }
  refreshSummaryPack(st, runId);
  return n;
}
