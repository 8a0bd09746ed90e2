import { defaultDriftConfig, type DriftConfig } from './config';
import { categoricalStats, numericStats, type SideValues } from './column-stats';
import type { ColumnData, ColumnReport, ColumnSet, ColumnType } from './types';
import { decide } from './verdict';

export interface CompareOptions {
  config?: DriftConfig;
  signal?: AbortSignal;
  /** Columns compared so far, out of all columns. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Compares every column of two column sets (reference order, then columns only in current).
 * Columns computed elsewhere (model outputs for prediction drift) go through the same path.
 */
export async function compareColumns(ref: ColumnSet, cur: ColumnSet, opts: CompareOptions = {}): Promise<ColumnReport[]> {
  const config = opts.config ?? defaultDriftConfig();
  const refByName = new Map(ref.columns.map((c) => [c.name, c]));
  const curByName = new Map(cur.columns.map((c) => [c.name, c]));
  const names = [...refByName.keys(), ...[...curByName.keys()].filter((n) => !refByName.has(n))];
  const out: ColumnReport[] = [];
  for (const name of names) {
    opts.signal?.throwIfAborted();
    out.push(compareColumn(name, refByName.get(name), ref.rows, curByName.get(name), cur.rows, config));
    opts.onProgress?.(out.length, names.length);
    // Let cancellation and progress messages through between columns.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}

const NO_STATS = { ks: null, wasserstein: null, wassersteinNormed: null, psi: null, jensenShannon: null, chi2: null };

export function compareColumn(name: string, ref: ColumnData | undefined, refRows: number, cur: ColumnData | undefined, curRows: number, config: DriftConfig): ColumnReport {
  const untested = (type: ColumnType, note: string, missing = { reference: refRows, current: curRows }): ColumnReport => ({
    name, type, test: null, statistic: null, pValue: null, threshold: null, drifted: null, missing, note, stats: NO_STATS, histogram: null,
  });
  if (!ref || !cur) {
    const only = (ref ?? cur)!;
    const missing = { reference: ref ? ref.missing + ref.text : refRows, current: cur ? cur.missing + cur.text : curRows };
    return untested(resolveType(only, only), `only in the ${ref ? 'reference' : 'current'} dataset`, missing);
  }
  if (ref.unsupported || cur.unsupported) return untested('categorical', `not compared: ${ref.unsupported ?? cur.unsupported}`);
  const type = config.types[name] ?? resolveType(ref, cur);
  const refSide: SideValues = { data: ref, rows: refRows, label: 'reference' };
  const curSide: SideValues = { data: cur, rows: curRows, label: 'current' };
  const computed = type === 'numeric' ? numericStats(refSide, curSide) : categoricalStats(refSide, curSide);
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
