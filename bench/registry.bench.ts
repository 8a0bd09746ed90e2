/**
 * Registry benchmarks (issue 2): metric ingest through the API against a raw prepared insert into the
 * same schema, and listing 10,000 runs sorted by a metric. Each figure's baseline is measured in the same run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Registry, type MetricPoint, type RunFilter } from '../src/core/registry';
import { rawPointWriter } from './raw-points';

const RUNS = 1_000;
const KEYS = 10;
const STEPS = 100;
const LIST_RUNS = 10_000;
const LIST_REPEATS = 10;

export const targets = {
  apiPointsPerSecond: { min: 500_000 },
  apiToRawRatio: { min: 0.5 },
  listMedianMs: { max: 100 },
};

function pointsOf(run: number): MetricPoint[] {
  const points: MetricPoint[] = new Array(KEYS * STEPS);
  let i = 0;
  for (let step = 0; step < STEPS; step++) {
    for (let k = 0; k < KEYS; k++) points[i++] = { key: `metric_${k}`, step, ts: 1_700_000_000_000 + step * 1000, value: Math.sin(run + step * 0.01 + k) };
  }
  return points;
}

function startRuns(reg: Registry, n: number): string[] {
  return reg.write(() => Array.from({ length: n }, (_, i) => reg.startRun({ experiment: `exp${i % 10}`, sourceKind: 'import', startedAt: 1_700_000_000_000 + i })));
}

/** Wall and CPU milliseconds of `fn`: on a busy machine the CPU time says what the code costs. */
function timed(fn: () => void): { wall: number; cpu: number } {
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  const wall = performance.now() - t;
  const u = process.cpuUsage(c);
  return { wall, cpu: (u.user + u.system) / 1000 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

type Timing = { wall: number; cpu: number };

/**
 * One ingest of every batch through the API into a new registry: one logMetrics per run, all inside one
 * `write` (as an importer writes what it read from a logger's folder), or each in its own transaction.
 */
function ingestApi(file: string, batches: MetricPoint[][], transactions: 'one' | 'per-run'): Timing {
  const reg = Registry.open(file);
  try {
    const ids = startRuns(reg, batches.length);
    const logAll = () => batches.forEach((b, r) => reg.logMetrics(ids[r]!, b));
    return timed(transactions === 'one' ? () => reg.write(logAll) : logAll);
  } finally {
    reg.close();
    removeDb(file);
  }
}

/** The same rows with a raw prepared insert in one transaction: same schema and settings, no summaries. */
function ingestRaw(file: string, batches: MetricPoint[][]): Timing {
  const reg = Registry.open(file);
  try {
    const ids = startRuns(reg, batches.length);
    return timed(() => reg.db.transaction(() => {
      const insert = rawPointWriter(reg);
      batches.forEach((b, r) => {
        for (const p of b) insert(ids[r]!, p.key, p.step, p.ts, p.value);
      });
    })());
  } finally {
    reg.close();
    removeDb(file);
  }
}

function removeDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

/**
 * 1,000 runs × 10 keys × 100 steps, API against raw, both in one transaction, three times each in the
 * order API, raw, raw, API, API, raw; the best of each is kept, so a burst of load from other processes
 * does not land on one side only (the host's speed moves by a third between runs). The API with a transaction per run is reported beside them: each commit writes the B-tree pages it
 * touched to the WAL again, which is the price of making every batch durable on its own.
 */
function ingest(dir: string): Record<string, number> {
  const batches = Array.from({ length: RUNS }, (_, r) => pointsOf(r));
  const total = RUNS * KEYS * STEPS;
  const api: Timing[] = [];
  const raw: Timing[] = [];
  for (const order of ['api', 'raw', 'raw', 'api', 'api', 'raw']) {
    const file = path.join(dir, `${order}-${api.length + raw.length}.db`);
    if (order === 'api') api.push(ingestApi(file, batches, 'one'));
    else raw.push(ingestRaw(file, batches));
  }
  const perRun = ingestApi(path.join(dir, 'api-3.db'), batches, 'per-run');
  const best = (ts: Timing[], k: keyof Timing) => Math.min(...ts.map((t) => t[k]));
  const pps = (ms: number) => Math.round(total / (ms / 1000));
  return {
    points: total,
    apiMs: Math.round(best(api, 'wall')),
    rawMs: Math.round(best(raw, 'wall')),
    apiPointsPerSecond: pps(best(api, 'wall')),
    rawPointsPerSecond: pps(best(raw, 'wall')),
    apiToRawRatio: Number((best(raw, 'wall') / best(api, 'wall')).toFixed(3)),
    apiPointsPerCpuSecond: pps(best(api, 'cpu')),
    apiTransactionPerRunPointsPerSecond: pps(perRun.wall),
    rawPointsPerCpuSecond: pps(best(raw, 'cpu')),
  };
}

/**
 * 10,000 runs with 10 metric summaries and 3 params each, listed sorted by one metric:
 *  - listMedianMs (the target): a handle that listed before lists again after a training run logged a
 *    point, which is what the Experiments view does on every refresh while a run is going;
 *  - listColdMs: the first listing of a new handle, which builds every record (the CLI's case), and
 *    listColdTop20Ms, the same limited to 20 runs (`runs list -n 20`), which builds only those;
 *  - listUnchangedMedianMs and listUnsortedMedianMs (newest first, no sort key) beside them.
 */
function list(dir: string): Record<string, number> {
  const file = path.join(dir, 'list.db');
  const reg = Registry.open(file);
  try {
    const ids = startRuns(reg, LIST_RUNS);
    reg.write(() => ids.forEach((id, r) => {
      reg.setParams(id, { lr: String(0.001 * (r % 7)), batch: String(32 << (r % 3)), seed: String(r) });
      const points: MetricPoint[] = [];
      for (let k = 0; k < KEYS; k++) for (let step = 0; step < 3; step++) points.push({ key: `metric_${k}`, step, ts: step, value: Math.cos(r * 7 + k + step) });
      reg.logMetrics(id, points);
    }));
    const firstListing = (filter: RunFilter) => Array.from({ length: 5 }, () => {
      const h = Registry.open(file);
      try {
        return timed(() => h.listRuns(filter));
      } finally {
        h.close();
      }
    });
    const cold = firstListing({ sortMetric: 'metric_3' });
    const coldTop = firstListing({ sortMetric: 'metric_3', limit: 20 });
    let listed = 0;
    let step = 3;
    const afterLog = Array.from({ length: LIST_REPEATS }, (_, i) => {
      reg.logMetrics(ids[(i * 997) % LIST_RUNS]!, [{ key: 'metric_3', step: step++, ts: step, value: i }]);
      return timed(() => { listed = reg.listRuns({ sortMetric: 'metric_3' }).length; });
    });
    const unchanged = Array.from({ length: LIST_REPEATS }, () => timed(() => reg.listRuns({ sortMetric: 'metric_3' })));
    const plain = Array.from({ length: LIST_REPEATS }, () => timed(() => reg.listRuns()));
    const ms = (xs: number[]) => Number(median(xs).toFixed(1));
    return {
      runsListed: listed,
      listMedianMs: ms(afterLog.map((t) => t.wall)),
      listCpuMedianMs: ms(afterLog.map((t) => t.cpu)),
      listColdMs: ms(cold.map((t) => t.wall)),
      listColdTop20Ms: ms(coldTop.map((t) => t.wall)),
      listUnchangedMedianMs: ms(unchanged.map((t) => t.wall)),
      listUnsortedMedianMs: ms(plain.map((t) => t.wall)),
    };
  } finally {
    reg.close();
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-bench-'));
  try {
    // Other processes share this machine's 2 cores: the load says how far wall-clock figures can be trusted.
    const load = Number(os.loadavg()[0]!.toFixed(2));
    // Listing first: the ingest leaves a million points' worth of garbage that a later listing would collect.
    const listed = list(dir);
    return { loadAverage1m: load, ...ingest(dir), ...listed };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
