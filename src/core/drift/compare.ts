import * as os from 'node:os';
import { defaultDriftConfig, type DriftConfig } from './config';
import { categoricalStats, numericStats, type ComputedStats, type SideValues } from './column-stats';
import { StatsPool, statsWorkerScript } from './stats-pool';
import type { ColumnData, ColumnReport, ColumnSet, ColumnType } from './types';
import { decide } from './verdict';

export interface CompareOptions {
  config?: DriftConfig;
  signal?: AbortSignal;
  /** Columns compared so far, out of all columns. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Worker threads for numeric columns; default: one per core when there are at least WORKER_MIN_VALUES
   * numbers to compare, else none (0: all on this thread).
   */
  workers?: number;
}

/** Below this many numbers in numeric columns, starting workers costs more than it saves. */
export const WORKER_MIN_VALUES = 1_000_000;

/**
 * Compares every column of two column sets (reference order, then columns only in current).
 * Columns computed elsewhere (model outputs for prediction drift) go through the same path.
 */
export async function compareColumns(ref: ColumnSet, cur: ColumnSet, opts: CompareOptions = {}): Promise<ColumnReport[]> {
  opts.signal?.throwIfAborted();
  const config = opts.config ?? defaultDriftConfig();
  const refByName = new Map(ref.columns.map((c) => [c.name, c]));
  const curByName = new Map(cur.columns.map((c) => [c.name, c]));
  const names = [...refByName.keys(), ...[...curByName.keys()].filter((n) => !refByName.has(n))];
  const prepared = names.map((name) => prepareColumn(name, refByName.get(name), ref.rows, curByName.get(name), cur.rows, config));
  const out: ColumnReport[] = new Array(prepared.length);
  let done = 0;
  const report = (k: number, r: ColumnReport) => {
    out[k] = r;
    opts.onProgress?.(++done, prepared.length);
  };
  const pool = startPool(prepared, opts.workers);
  const onAbort = () => pool?.close(opts.signal!.reason);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const remote = prepared.map((p, k) =>
      pool && isPending(p) && p.type === 'numeric' ? pool.numericStats(p.ref, p.cur).then((s) => report(k, p.finish(s))) : null);
    const local = async () => {
      for (let k = 0; k < prepared.length && !pool?.stopped; k++) {
        if (remote[k]) continue;
        opts.signal?.throwIfAborted();
        const p = prepared[k]!;
        report(k, isPending(p) ? p.finish(statsHere(p)) : p);
        // Let cancellation and progress messages through between columns.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await Promise.all([...remote, local()]);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    pool?.close();
  }
  return out;
}

export function compareColumn(name: string, ref: ColumnData | undefined, refRows: number, cur: ColumnData | undefined, curRows: number, config: DriftConfig): ColumnReport {
  const p = prepareColumn(name, ref, refRows, cur, curRows, config);
  return isPending(p) ? p.finish(statsHere(p)) : p;
}

/** A column whose type is settled, waiting for its statistics to become a report. */
interface PendingColumn {
  type: ColumnType;
  ref: SideValues;
  cur: SideValues;
  finish(computed: ComputedStats): ColumnReport;
}

const isPending = (p: ColumnReport | PendingColumn): p is PendingColumn => 'finish' in p;

const statsHere = (p: PendingColumn) => (p.type === 'numeric' ? numericStats(p.ref, p.cur) : categoricalStats(p.ref, p.cur));

/**
 * Workers when they pay off: several numeric columns holding enough numbers, and more than one core. One
 * per core, and this thread computes none of their columns: a column it took would block it for a fifth
 * of a second, during which a worker that finished waits for its next column (on two cores the workers
 * were idle about a sixth of the time that way).
 */
function startPool(prepared: (ColumnReport | PendingColumn)[], workers?: number): StatsPool | null {
  const numeric = prepared.filter((p): p is PendingColumn => isPending(p) && p.type === 'numeric');
  const values = numeric.reduce((n, p) => n + p.ref.rows + p.cur.rows, 0);
  const cores = os.availableParallelism();
  const count = Math.min(numeric.length, workers ?? (values >= WORKER_MIN_VALUES && cores > 1 ? cores : 0));
  const script = count > 0 ? statsWorkerScript() : null;
  return script ? new StatsPool(script, count) : null;
}

const NO_STATS = { ks: null, wasserstein: null, wassersteinNormed: null, psi: null, jensenShannon: null, chi2: null };

/** The report of a column that needs no statistics, or what its statistics will complete. */
function prepareColumn(name: string, ref: ColumnData | undefined, refRows: number, cur: ColumnData | undefined, curRows: number, config: DriftConfig): ColumnReport | PendingColumn {
  const untested = (type: ColumnType, note: string, missing = { reference: refRows, current: curRows }): ColumnReport => ({
    name, type, test: null, statistic: null, pValue: null, threshold: null, drifted: null, missing, note, stats: NO_STATS, histogram: null,
  });
  if (!ref || !cur) {
    const only = (ref ?? cur)!;
    const type = resolveType(only, only);
    const missing = { reference: ref ? missingIn(ref, type) : refRows, current: cur ? missingIn(cur, type) : curRows };
    return untested(type, `only in the ${ref ? 'reference' : 'current'} dataset`, missing);
  }
  if (ref.unsupported || cur.unsupported) return untested('categorical', `not compared: ${ref.unsupported ?? cur.unsupported}`);
  const type = config.types[name] ?? resolveType(ref, cur);
  if (config.ignoreColumns.includes(name)) {
    return untested(type, 'not tested: named in ignore_columns', { reference: missingIn(ref, type), current: missingIn(cur, type) });
  }
  const finish = (computed: ComputedStats): ColumnReport => {
    const notes = computed.notes;
    if (computed.untested) return untested(type, notes.join('; '), computed.missing);
    const v = decide({ name, type, stats: computed.stats, referenceCount: computed.referenceCount, distinctValues: computed.distinctValues, referenceStd: computed.referenceStd }, config);
    if (v.note) notes.push(v.note);
    if (v.test === 'wasserstein' && computed.referenceStd !== null && computed.referenceStd < 0.001) {
      notes.push('the Wasserstein test divides by max(std, 0.001) as Evidently does');
    }
    return {
      name, type, test: v.test, statistic: v.statistic, pValue: v.pValue, threshold: v.threshold, drifted: v.drifted,
      missing: computed.missing, note: notes.length ? notes.join('; ') : null, stats: computed.stats, histogram: computed.histogram,
    };
  };
  return { type, ref: { data: ref, rows: refRows, label: 'reference' }, cur: { data: cur, rows: curRows, label: 'current' }, finish };
}

/** Cells with no value for a column of this type: text in a numeric column counts as missing, as the statistics do. */
function missingIn(c: ColumnData, type: ColumnType): number {
  return type === 'numeric' ? c.missing + c.text : c.missing;
}

type Kind = 'numeric' | 'text' | 'mixed' | 'empty';

function kindOf(c: ColumnData): Kind {
  if (c.declared) return c.declared === 'numeric' ? 'numeric' : 'text';
  if (!c.numbers) return c.text > 0 ? 'text' : 'empty';
  if (c.text > 0) return 'mixed';
  return c.missing === c.numbers.length ? 'empty' : 'numeric';
}

/**
 * Numbers on one side and at least some numbers on the other make a numeric column (text cells
 * then count as missing, with a note); text on both sides makes a categorical one.
 */
function resolveType(ref: ColumnData, cur: ColumnData): ColumnType {
  const a = kindOf(ref);
  const b = kindOf(cur);
  if (a === 'empty' && b === 'empty') return ref.declared ?? cur.declared ?? 'numeric';
  if (a === 'numeric' || b === 'numeric') return 'numeric';
  if (a === 'empty') return b === 'mixed' ? 'numeric' : 'categorical';
  if (b === 'empty') return a === 'mixed' ? 'numeric' : 'categorical';
  return 'categorical';
}
