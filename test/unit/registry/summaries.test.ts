import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Registry, type MetricPoint, type MetricSummary } from '../../../src/core/registry';
import { cleanup, prng, tempDir } from './helpers';

/**
 * The summary of a key computed from scratch over every point written so far, in write order:
 * last is the point with the highest step, then the latest timestamp (a missing one counts as oldest),
 * then the one written last; min and max ignore NaN (NaN when every value is NaN).
 */
function reference(written: readonly MetricPoint[], key: string): MetricSummary | undefined {
  const pts = written.filter((p) => p.key === key);
  if (pts.length === 0) return undefined;
  let last = pts[0]!;
  for (const p of pts) {
    const ts = p.ts ?? -Infinity;
    const lastTs = last.ts ?? -Infinity;
    if (p.step > last.step || (p.step === last.step && ts >= lastTs)) last = p;
  }
  const finite = pts.map((p) => p.value).filter((v) => !Number.isNaN(v));
  return {
    last: last.value,
    step: last.step,
    min: finite.length ? finite.reduce((a, b) => (b < a ? b : a)) : Number.NaN,
    max: finite.length ? finite.reduce((a, b) => (b > a ? b : a)) : Number.NaN,
    count: pts.length,
  };
}

describe('metric summaries', () => {
  let reg: Registry;
  let run: string;
  const written: MetricPoint[] = [];
  const log = (points: MetricPoint[]) => {
    reg.logMetrics(run, points);
    written.push(...points);
  };
  const check = (key: string) => {
    const expected = reference(written, key);
    assert.deepEqual(reg.getRun(run).metrics[key], expected);
    // The packed copy that listings read says the same as the summary table.
    assert.deepEqual(reg.listRuns().find((r) => r.id === run)!.metrics[key], expected);
    // Every point comes back, by step, then timestamp (none counts as oldest), then write order across batches.
    const points = written.map((p, order) => ({ p, order })).filter(({ p }) => p.key === key)
      .sort((a, b) => a.p.step - b.p.step || (a.p.ts ?? -Infinity) - (b.p.ts ?? -Infinity) || a.order - b.order);
    assert.deepEqual(reg.metricHistory(run, key), points.map(({ p }) => p));
  };

  beforeEach(() => {
    reg = Registry.open(path.join(tempDir(), 'registry.db'));
    run = reg.startRun({ experiment: 'e', sourceKind: 'cli' });
    written.length = 0;
  });
  afterEach(() => { reg.close(); cleanup(); });

  it('takes the highest step as last when steps arrive out of order', () => {
    log([{ key: 'loss', step: 3, ts: 1, value: 0.3 }, { key: 'loss', step: 7, ts: 2, value: 0.7 }, { key: 'loss', step: 5, ts: 3, value: 0.5 }]);
    assert.deepEqual(reg.getRun(run).metrics.loss, { last: 0.7, step: 7, min: 0.3, max: 0.7, count: 3 });
    check('loss');
  });

  it('takes the later timestamp as last among equal steps, whatever the write order', () => {
    log([{ key: 'acc', step: 2, ts: 200, value: 0.9 }, { key: 'acc', step: 2, ts: 100, value: 0.1 }]);
    assert.equal(reg.getRun(run).metrics.acc!.last, 0.9);
    check('acc');
  });

  it('takes the point written last among equal steps and equal timestamps', () => {
    log([{ key: 'acc', step: 2, ts: 100, value: 0.1 }, { key: 'acc', step: 2, ts: 100, value: 0.2 }]);
    assert.equal(reg.getRun(run).metrics.acc!.last, 0.2);
    log([{ key: 'acc', step: 2, ts: 100, value: 0.3 }]);
    assert.equal(reg.getRun(run).metrics.acc!.last, 0.3);
    check('acc');
  });

  it('counts a timestamped point as newer than one without a timestamp at the same step', () => {
    log([{ key: 'acc', step: 1, ts: 5, value: 0.5 }, { key: 'acc', step: 1, ts: null, value: 0.6 }]);
    assert.equal(reg.getRun(run).metrics.acc!.last, 0.5);
    check('acc');
  });

  it('reports NaN for last, min and max of a key whose values are all NaN', () => {
    log([{ key: 'gn', step: 0, ts: 0, value: Number.NaN }, { key: 'gn', step: 1, ts: 0, value: Number.NaN }]);
    log([{ key: 'gn', step: 2, ts: 0, value: Number.NaN }]);
    assert.deepEqual(reg.getRun(run).metrics.gn, { last: Number.NaN, step: 2, min: Number.NaN, max: Number.NaN, count: 3 });
    check('gn');
  });

  it('keeps min and max from earlier batches when a later batch is all NaN', () => {
    log([{ key: 'x', step: 0, ts: 0, value: -2 }, { key: 'x', step: 1, ts: 0, value: 4 }]);
    log([{ key: 'x', step: 2, ts: 0, value: Number.NaN }]);
    assert.deepEqual(reg.getRun(run).metrics.x, { last: Number.NaN, step: 2, min: -2, max: 4, count: 3 });
    check('x');
  });

  it('fills min and max when finite values follow a NaN-only batch', () => {
    log([{ key: 'x', step: 0, ts: 0, value: Number.NaN }]);
    log([{ key: 'x', step: 1, ts: 0, value: 3 }, { key: 'x', step: 2, ts: 0, value: 1 }]);
    assert.deepEqual(reg.getRun(run).metrics.x, { last: 1, step: 2, min: 1, max: 3, count: 3 });
    check('x');
  });

  it('keeps the last value of an earlier batch when a later batch only has older steps', () => {
    log([{ key: 'x', step: 10, ts: 10, value: 10 }]);
    log([{ key: 'x', step: 4, ts: 20, value: -4 }, { key: 'x', step: 9, ts: 20, value: 99 }]);
    assert.deepEqual(reg.getRun(run).metrics.x, { last: 10, step: 10, min: -4, max: 99, count: 3 });
    check('x');
  });

  it('keeps infinite values as min and max', () => {
    log([{ key: 'x', step: 0, ts: 0, value: Infinity }, { key: 'x', step: 1, ts: 0, value: Number.NaN }]);
    log([{ key: 'x', step: 2, ts: 0, value: -Infinity }]);
    assert.deepEqual(reg.getRun(run).metrics.x, { last: -Infinity, step: 2, min: -Infinity, max: Infinity, count: 3 });
    check('x');
  });

  it('matches a recomputation from all points after each of many random batches', () => {
    const rand = prng(42);
    const keys = ['loss', 'acc', 'lr'];
    const values = [Number.NaN, Infinity, -Infinity, 0, 1, -1];
    for (let b = 0; b < 30; b++) {
      const n = 1 + Math.floor(rand() * 40);
      const batch: MetricPoint[] = [];
      for (let i = 0; i < n; i++) {
        const special = rand() < 0.15;
        batch.push({
          key: keys[Math.floor(rand() * keys.length)]!,
          step: Math.floor(rand() * 20),
          ts: rand() < 0.2 ? null : 1000 + Math.floor(rand() * 5),
          value: special ? values[Math.floor(rand() * values.length)]! : Math.round((rand() * 10 - 5) * 1000) / 1000,
        });
      }
      log(batch);
      for (const key of keys) check(key);
    }
  });

  it('keeps write order and matches a recomputation for a batch spanning several insert chunks', () => {
    // 257 points: more than two multi-row inserts plus a remainder, with ties on step and timestamp throughout.
    const batch = Array.from({ length: 257 }, (_, i): MetricPoint => ({ key: `k${i % 2}`, step: Math.floor(i / 20), ts: i % 3 === 0 ? null : 7, value: i }));
    log(batch);
    check('k0');
    check('k1');
    assert.deepEqual(reg.metricHistory(run, 'k0').map((p) => p.value), batch.filter((p) => p.key === 'k0')
      .sort((a, b) => a.step - b.step || (a.ts ?? -Infinity) - (b.ts ?? -Infinity) || a.value - b.value).map((p) => p.value));
  });

  it('keeps each run\'s summaries apart', () => {
    const other = reg.startRun({ experiment: 'e', sourceKind: 'cli' });
    log([{ key: 'x', step: 0, ts: 0, value: 1 }]);
    reg.logMetrics(other, [{ key: 'x', step: 5, ts: 0, value: 50 }]);
    check('x');
    assert.deepEqual(reg.getRun(other).metrics.x, { last: 50, step: 5, min: 50, max: 50, count: 1 });
  });
});
