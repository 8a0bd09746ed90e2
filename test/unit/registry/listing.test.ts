import * as assert from 'node:assert/strict';
import type { Registry } from '../../../src/core/registry';
import { assertMlopsError, cleanup, openFresh, start } from './helpers';

describe('registry API: listing runs', () => {
  let reg: Registry;
  beforeEach(() => { reg = openFresh(); });
  afterEach(() => { reg.close(); cleanup(); });

  function seed(): Record<string, string> {
    const ids = {
      a: start(reg, { experiment: 'churn', name: 'Alpha', command: 'python train.py', startedAt: 1000 }),
      b: start(reg, { experiment: 'churn', name: 'beta', sourcePath: 'logs/Beta-Run', startedAt: 2000 }),
      c: start(reg, { experiment: 'fraud', name: 'gamma', startedAt: 3000 }),
      d: start(reg, { experiment: 'fraud', name: 'delta', startedAt: 4000 }),
    };
    reg.endRun(ids.a, { status: 'finished' });
    reg.endRun(ids.c, { status: 'failed' });
    reg.setParams(ids.d, { optimizer: 'AdamW' });
    return ids;
  }

  it('lists newest first by default', () => {
    const ids = seed();
    assert.deepEqual(reg.listRuns().map((r) => r.id), [ids.d, ids.c, ids.b, ids.a]);
  });

  it('lists oldest first when asked for ascending order', () => {
    const ids = seed();
    assert.deepEqual(reg.listRuns({ order: 'asc' }).map((r) => r.id), [ids.a, ids.b, ids.c, ids.d]);
  });

  it('filters by experiment', () => {
    const ids = seed();
    assert.deepEqual(reg.listRuns({ experiment: 'churn' }).map((r) => r.id), [ids.b, ids.a]);
    assert.deepEqual(reg.listRuns({ experiment: 'nope' }), []);
  });

  it('filters by status', () => {
    const ids = seed();
    assert.deepEqual(reg.listRuns({ status: 'running' }).map((r) => r.id), [ids.d, ids.b]);
    assert.deepEqual(reg.listRuns({ status: 'failed' }).map((r) => r.id), [ids.c]);
  });

  it('refuses an unknown status filter', () => {
    assertMlopsError(() => reg.listRuns({ status: 'bogus' as 'running' }), /invalid status filter: bogus/);
  });

  it('filters by text in the name, command, source path or a param value, ignoring case', () => {
    const ids = seed();
    assert.deepEqual(reg.listRuns({ text: 'ALPHA' }).map((r) => r.id), [ids.a]);
    assert.deepEqual(reg.listRuns({ text: 'train.py' }).map((r) => r.id), [ids.a]);
    assert.deepEqual(reg.listRuns({ text: 'beta-run' }).map((r) => r.id), [ids.b]);
    assert.deepEqual(reg.listRuns({ text: 'adamw' }).map((r) => r.id), [ids.d]);
    assert.deepEqual(reg.listRuns({ text: 'zzz' }), []);
  });

  it('combines filters', () => {
    const ids = seed();
    assert.deepEqual(reg.listRuns({ experiment: 'fraud', status: 'running', text: 'DEL' }).map((r) => r.id), [ids.d]);
  });

  it('limits the number of runs and refuses a negative or fractional limit', () => {
    const ids = seed();
    assert.deepEqual(reg.listRuns({ limit: 2 }).map((r) => r.id), [ids.d, ids.c]);
    assert.deepEqual(reg.listRuns({ limit: 0 }), []);
    assertMlopsError(() => reg.listRuns({ limit: -1 }), /invalid run limit: -1/);
    assertMlopsError(() => reg.listRuns({ limit: 1.5 }), /invalid run limit: 1.5/);
  });

  function seedMetric(): Record<string, string> {
    const ids = {
      low: start(reg, { startedAt: 1 }), high: start(reg, { startedAt: 2 }), mid: start(reg, { startedAt: 3 }),
      none: start(reg, { startedAt: 4 }), nan: start(reg, { startedAt: 5 }), inf: start(reg, { startedAt: 6 }),
    };
    const last = (id: string, value: number) => reg.logMetrics(id, [{ key: 'acc', step: 0, ts: 0, value: 0.5 }, { key: 'acc', step: 1, ts: 0, value }]);
    last(ids.low, 0.1);
    last(ids.high, 0.9);
    last(ids.mid, 0.5);
    last(ids.nan, Number.NaN);
    last(ids.inf, -Infinity);
    reg.logMetrics(ids.none, [{ key: 'loss', step: 0, ts: 0, value: 0 }]);
    return ids;
  }

  it('sorts by the last value of a metric, highest first, runs without it last', () => {
    const ids = seedMetric();
    const order = reg.listRuns({ sortMetric: 'acc' }).map((r) => r.id);
    assert.deepEqual(order.slice(0, 4), [ids.high, ids.mid, ids.low, ids.inf]);
    assert.deepEqual(new Set(order.slice(4)), new Set([ids.none, ids.nan]));
  });

  it('sorts by a metric ascending with runs without it still last', () => {
    const ids = seedMetric();
    const order = reg.listRuns({ sortMetric: 'acc', order: 'asc' }).map((r) => r.id);
    assert.deepEqual(order.slice(0, 4), [ids.inf, ids.low, ids.mid, ids.high]);
    assert.deepEqual(new Set(order.slice(4)), new Set([ids.none, ids.nan]));
  });

  it('puts the newer of two runs with the same metric value first, in both directions, and keeps the limit after sorting', () => {
    const older = start(reg, { startedAt: 1000 });
    const newer = start(reg, { startedAt: 2000 });
    const best = start(reg, { startedAt: 500 });
    reg.logMetrics(older, [{ key: 'f1', step: 0, ts: null, value: 0.5 }]);
    reg.logMetrics(newer, [{ key: 'f1', step: 0, ts: null, value: 0.5 }]);
    reg.logMetrics(best, [{ key: 'f1', step: 0, ts: null, value: 0.9 }]);
    assert.deepEqual(reg.listRuns({ sortMetric: 'f1' }).map((r) => r.id), [best, newer, older]);
    assert.deepEqual(reg.listRuns({ sortMetric: 'f1', order: 'asc' }).map((r) => r.id), [newer, older, best]);
    assert.deepEqual(reg.listRuns({ sortMetric: 'f1', limit: 1 }).map((r) => r.id), [best]);
    assert.deepEqual(reg.listRuns({ sortMetric: 'never-logged' }).map((r) => r.id), [newer, older, best]);
  });

  it('lists a run without a start time last when newest come first, and first when oldest do', () => {
    const dated = start(reg, { startedAt: 1000 });
    const undated = start(reg, { startedAt: null });
    assert.deepEqual(reg.listRuns().map((r) => r.id), [dated, undated]);
    assert.deepEqual(reg.listRuns({ order: 'asc' }).map((r) => r.id), [undated, dated]);
  });

  it('returns params and metric summaries with each listed run, for few and for many runs', () => {
    const ids = Array.from({ length: 250 }, (_, i) => start(reg, { startedAt: i }));
    reg.write(() => ids.forEach((id, i) => {
      reg.setParams(id, { i: String(i) });
      reg.logMetrics(id, [{ key: 'm', step: 0, ts: null, value: i }, { key: 'm', step: 1, ts: null, value: -i - 1 }]);
    }));
    for (const list of [reg.listRuns(), reg.listRuns({ limit: 3 })]) {
      for (const r of list) {
        const i = ids.indexOf(r.id);
        assert.deepEqual(r.params, { i: String(i) });
        assert.deepEqual(r.metrics, { m: { last: -i - 1, step: 1, min: -i - 1, max: i, count: 2 } });
      }
    }
  });

  it('lists metric values exactly, including subnormal and infinite ones', () => {
    const id = start(reg);
    const values = [0.1 + 0.2, 1 / 3, 5e-324, -1.7976931348623157e308, Infinity, -Infinity];
    reg.logMetrics(id, values.map((value, i) => ({ key: `m${i}`, step: 0, ts: null, value })));
    const listed = reg.listRuns()[0]!.metrics;
    values.forEach((v, i) => assert.deepEqual(listed[`m${i}`], { last: v, step: 0, min: v, max: v, count: 1 }));
  });

  it('keeps keys named like object internals as ordinary keys', () => {
    const id = start(reg);
    reg.setParams(id, Object.fromEntries([['__proto__', 'p'], ['constructor', 'c']]));
    reg.logMetrics(id, [{ key: '__proto__', step: 0, ts: 0, value: 1 }]);
    for (const run of [reg.getRun(id), reg.listRuns()[0]!]) {
      assert.deepEqual(Object.keys(run.metrics), ['__proto__']);
      assert.equal(Object.getPrototypeOf(run.metrics), Object.prototype);
      assert.deepEqual(Object.keys(run.params).sort(), ['__proto__', 'constructor']);
    }
  });
});

