import { MlopsError } from '../errors';
import type { Statements } from './statements';
import { metricKeyId } from './metrics';
import { lastValueInPack, metricKeyNames, unpackSummaries } from './summary-pack';
import { LIST_COLUMNS, toRecord, type RunRow } from './runs';
import { RUN_STATUSES } from './types';
import type { RunFilter, RunRecord } from './types';

/** Positions in a row of LIST_COLUMNS. */
const EXPERIMENT_ID = 2;
const STARTED_AT = 11;
const PARAMS_COPY = 13;
const SUMMARY_PACK = 14;
const NUM = 15;
const REV = 16;

/** A listed run with what orders and filters it. */
interface Listed {
  record: RunRecord;
  started: number | null;
  num: number;
  rev: number;
  /** The lowercased fields a text filter searches, made on the first such filter. */
  haystack?: string[];
}

/** Above this share of runs changed since the last listing, one full read beats fetching them by number. */
const FULL_READ_SHARE = 0.25;
/** A first listing limited to this many runs builds only those (see RunListing.top). */
const TOP_MAX = 1000;

/**
 * Run listings for one registry handle. Each run's record is built once and kept with the run's revision
 * (`runs.rev`, which a trigger moves on every change to the run's row, whichever process makes it; params
 * and metric summaries have copies on that row, so a change to them moves it too). A listing reads every
 * run's number and revision, rebuilds the records whose revision moved, and filters and sorts in memory.
 *
 * Why: the backend lists all runs each time the Experiments view refreshes, which is every time a training
 * run logs. Building 10,000 records from their rows took 70–140 ms, most of it creating the rows' values and
 * objects; re-reading the revisions takes a few. The first listing of a handle still builds them all.
 *
 * Records are frozen: every listing hands out the same objects.
 */
export class RunListing {
  private readonly entries = new Map<number, Listed>();

  list(st: Statements, filter: RunFilter = {}): RunRecord[] {
    checkFilter(filter);
    if (this.entries.size === 0 && filter.limit !== undefined && filter.limit <= TOP_MAX && !filter.text) return top(st, filter);
    // Inside a write transaction the rows may yet be rolled back, and with them the revision clock: a
    // record kept now could match a later, different row with the same revision. Such listings keep nothing.
    const listed = st.db.inTransaction ? readRows(st, null) : st.db.transaction(() => this.refresh(st))();
    const wanted = listed.filter(matcher(filter)).map((l): Ordered<RunRecord> => ({ started: l.started, num: l.num, value: sortValue(l, filter.sortMetric), run: l.record }));
    wanted.sort(listOrder(filter.sortMetric !== undefined, filter.order === 'asc' ? 1 : -1));
    if (filter.limit !== undefined && wanted.length > filter.limit) wanted.length = filter.limit;
    return wanted.map((o) => o.run);
  }

  /** Brings the kept records up to date with the file and returns them all. */
  private refresh(st: Statements): Listed[] {
    const revs = st.raw('SELECT num, rev FROM runs').all() as [number, number][];
    const changed: number[] = [];
    const present = new Set<number>();
    for (const [num, rev] of revs) {
      present.add(num);
      if (this.entries.get(num)?.rev !== rev) changed.push(num);
    }
    for (const num of this.entries.keys()) if (!present.has(num)) this.entries.delete(num);
    if (changed.length) {
      const full = changed.length > revs.length * FULL_READ_SHARE;
      for (const l of readRows(st, full ? null : changed)) this.entries.set(l.num, l);
    }
    return [...this.entries.values()];
  }
}

function checkFilter(filter: RunFilter): void {
  if (filter.status !== undefined && !RUN_STATUSES.includes(filter.status)) {
    throw new MlopsError('invalid status filter', String(filter.status), `expected one of ${RUN_STATUSES.join(', ')}`);
  }
  if (filter.limit !== undefined && !(Number.isSafeInteger(filter.limit) && filter.limit >= 0)) {
    throw new MlopsError('invalid run limit', String(filter.limit), 'expected a whole number of runs');
  }
}

/** Builds the listed form of every run, or of the runs numbered `nums`. */
function readRows(st: Statements, nums: number[] | null): Listed[] {
  const sql = `SELECT ${LIST_COLUMNS} FROM runs r${nums ? ' WHERE r.num IN (SELECT value FROM json_each(?))' : ''}`;
  const stmt = st.raw(sql);
  const rows = (nums ? stmt.all(JSON.stringify(nums)) : stmt.all()) as RunRow[];
  const keyNames = metricKeyNames(st);
  // A handful of experiments: names by id here rather than a join that makes one string per run.
  const experiments = new Map(st.raw('SELECT id, name FROM experiments').all() as [number, string][]);
  return rows.map((a): Listed => {
    const params = a[PARAMS_COPY] as string | null;
    const record = toRecord(a, experiments.get(a[EXPERIMENT_ID] as number)!, params === null ? {} : JSON.parse(params) as Record<string, string>,
      unpackSummaries(a[SUMMARY_PACK] as Buffer | null, keyNames));
    return { record: freeze(record), started: a[STARTED_AT] as number | null, num: a[NUM] as number, rev: a[REV] as number };
  });
}

function freeze(r: RunRecord): RunRecord {
  Object.freeze(r.source);
  if (r.git) Object.freeze(r.git);
  Object.freeze(r.params);
  for (const m of Object.values(r.metrics)) Object.freeze(m);
  Object.freeze(r.metrics);
  return Object.freeze(r);
}

function matcher(filter: RunFilter): (l: Listed) => boolean {
  const text = filter.text ? filter.text.toLowerCase() : null;
  return (l) => {
    const r = l.record;
    if (filter.experiment !== undefined && r.experiment !== filter.experiment) return false;
    if (filter.status !== undefined && r.status !== filter.status) return false;
    if (text !== null) {
      l.haystack ??= [r.id, r.name, r.command, r.source.path, ...Object.values(r.params)].filter((s) => s !== null).map((s) => s.toLowerCase());
      if (!l.haystack.some((s) => s.includes(text))) return false;
    }
    return true;
  };
}

/** What orders a run, and the run (or its number alone, until it is built); `value` is null when the run lacks the sort metric or it is NaN. */
interface Ordered<R> {
  started: number | null;
  num: number;
  value: number | null;
  run: R;
}

/**
 * A handle's first listing, limited to a few runs and without a text filter (`mlops-lens runs list -n 20`,
 * whose handle lists once): the runs are ordered on their start time, number and sort metric alone, read
 * from a narrow query, and only the runs returned are built. Building every record to print twenty cost
 * about 20 ms per 1,000 runs. Nothing is kept.
 */
function top(st: Statements, filter: RunFilter): RunRecord[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.experiment !== undefined) { where.push('experiment_id = (SELECT id FROM experiments WHERE name = ?)'); args.push(filter.experiment); }
  if (filter.status !== undefined) { where.push('status = ?'); args.push(filter.status); }
  const keyId = filter.sortMetric === undefined ? undefined : metricKeyId(st, filter.sortMetric);
  const packs = filter.sortMetric !== undefined && keyId !== undefined;
  return st.db.transaction(() => {
    const rows = st.raw(`SELECT num, started_at${packs ? ', summary_pack' : ''} FROM runs${where.length ? ' WHERE ' + where.join(' AND ') : ''}`).all(...args) as [number, number | null, Buffer | null][];
    const keys = rows.map(([num, started, pack]): Ordered<null> => {
      const last = packs ? lastValueInPack(pack, keyId) : undefined;
      return { started, num, value: last === undefined || Number.isNaN(last) ? null : last, run: null };
    });
    keys.sort(listOrder(filter.sortMetric !== undefined, filter.order === 'asc' ? 1 : -1));
    if (keys.length > filter.limit!) keys.length = filter.limit!;
    const built = new Map(readRows(st, keys.map((k) => k.num)).map((l) => [l.num, l.record]));
    return keys.map((k) => built.get(k.num)!);
  })();
}

function sortValue(l: Listed, metric: string | undefined): number | null {
  if (metric === undefined || !Object.hasOwn(l.record.metrics, metric)) return null;
  const last = l.record.metrics[metric]!.last;
  return Number.isNaN(last) ? null : last;
}

/** Ascending order of two numbers where null (no value) counts as the smallest, as SQLite orders NULL. */
function compareNullable(x: number | null, y: number | null): number {
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  return x < y ? -1 : 1;
}

/**
 * A listing's order: by start time (newest first unless ascending), or by the last value of a metric with
 * runs that lack it (or whose last value is NaN) at the end whichever the direction, newest first among
 * equals; the run's number settles what is left.
 */
function listOrder<R>(byMetric: boolean, dir: 1 | -1): (a: Ordered<R>, b: Ordered<R>) => number {
  const started = (a: Ordered<R>, b: Ordered<R>, d: number) => d * (compareNullable(a.started, b.started) || compareNullable(a.num, b.num));
  if (!byMetric) return (a, b) => started(a, b, dir);
  return (a, b) => {
    const x = a.value;
    const y = b.value;
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return dir * (x < y ? -1 : 1);
    }
    return started(a, b, -1);
  };
}
