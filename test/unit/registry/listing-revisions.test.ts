import * as assert from 'node:assert/strict';
import { Registry, type RunRecord } from '../../../src/core/registry';
import { cleanup, openFresh, prng, start } from './helpers';

/**
 * A handle keeps the records it listed and rebuilds only the runs whose revision moved. Each test checks
 * its listings against what a new handle, which has kept nothing, lists from the same file.
 */
describe('registry API: listings kept between calls', () => {
  let reg: Registry;
  let other: Registry;
  beforeEach(() => {
    reg = openFresh();
    other = Registry.open(reg.file);
  });
  afterEach(() => {
    reg.close();
    other.close();
    cleanup();
  });

  /** What a handle that has listed nothing before lists now. */
  function fresh(filter = {}): RunRecord[] {
    const r = Registry.open(reg.file);
    try {
      return r.listRuns(filter);
    } finally {
      r.close();
    }
  }

  const byId = (runs: RunRecord[], id: string) => runs.find((r) => r.id === id);

  it('sees every kind of change made through another connection to the file', () => {
    const a = start(reg, { name: 'a', startedAt: 1000 });
    const b = start(reg, { name: 'b', startedAt: 2000 });
    reg.logMetrics(b, [{ key: 'loss', step: 0, ts: 0, value: 1 }]);
    reg.listRuns();
    const changes: [string, () => void, (runs: RunRecord[]) => void][] = [
      ['end a run', () => other.endRun(a, { status: 'failed', endedAt: 5000 }), (runs) => assert.equal(byId(runs, a)!.status, 'failed')],
      ['set params', () => other.setParams(a, { lr: '0.1' }), (runs) => assert.deepEqual(byId(runs, a)!.params, { lr: '0.1' })],
      ['log metrics', () => other.logMetrics(b, [{ key: 'loss', step: 1, ts: 1, value: 0.5 }]), (runs) => assert.equal(byId(runs, b)!.metrics.loss!.last, 0.5)],
      ['re-read run metadata', () => other.updateRunMeta(b, { name: 'renamed', status: 'finished', started_at: 2000, ended_at: 3000 }), (runs) => assert.equal(byId(runs, b)!.name, 'renamed')],
      ['delete points', () => other.deletePoints(b, ['loss']), (runs) => assert.deepEqual(byId(runs, b)!.metrics, {})],
      ['start a run', () => start(other, { name: 'c', startedAt: 3000 }), (runs) => assert.equal(runs[0]!.name, 'c')],
      ['delete a run', () => other.deleteRun(a), (runs) => assert.equal(byId(runs, a), undefined)],
    ];
    for (const [what, change, check] of changes) {
      change();
      const listed = reg.listRuns();
      check(listed);
      assert.deepEqual(listed, fresh(), what);
    }
  });

  it('keeps nothing listed inside a write that is rolled back, though the revision clock goes back with it', () => {
    const a = start(reg, { name: 'a' });
    reg.listRuns();
    assert.throws(() => reg.write(() => {
      reg.setParams(a, { lr: 'rolled back' });
      assert.deepEqual(reg.listRuns()[0]!.params, { lr: 'rolled back' }, 'a listing inside the write sees its rows');
      throw new Error('abort');
    }), /abort/);
    // The same change count again brings the run to the revision the rolled-back listing saw.
    reg.setParams(a, { lr: 'kept' });
    assert.deepEqual(reg.listRuns()[0]!.params, { lr: 'kept' });
    assert.deepEqual(reg.listRuns(), fresh());
  });

  it('never gives a revision twice, even after the newest run is deleted and its number reused', () => {
    start(reg, { name: 'old' });
    const newest = start(reg, { name: 'newest' });
    reg.listRuns();
    reg.deleteRun(newest);
    const again = start(reg, { name: 'again' });
    const listed = reg.listRuns();
    assert.deepEqual(listed.map((r) => r.name).sort(), ['again', 'old']);
    assert.equal(byId(listed, again)!.name, 'again');
  });

  it('hands out frozen records, so no caller can change what the next listing returns', () => {
    const a = start(reg);
    reg.setParams(a, { lr: '0.1' });
    reg.logMetrics(a, [{ key: 'loss', step: 0, ts: 0, value: 1 }]);
    const [r] = reg.listRuns();
    assert.throws(() => { (r as { name: string | null }).name = 'x'; }, TypeError);
    assert.throws(() => { (r!.params as Record<string, string>).lr = '9'; }, TypeError);
    assert.throws(() => { (r!.metrics.loss as { last: number }).last = 9; }, TypeError);
    assert.throws(() => { (r!.source as { path: string | null }).path = 'x'; }, TypeError);
    assert.deepEqual(reg.listRuns(), fresh());
  });

  it('gives a limited first listing, which builds only the runs it returns, the same runs in the same order', () => {
    const rand = prng(7);
    for (let i = 0; i < 120; i++) {
      const id = start(reg, { experiment: i % 3 ? 'x' : 'y', name: `r${i}`, startedAt: i % 11 === 0 ? null : Math.floor(rand() * 40) });
      if (i % 4 === 0) reg.endRun(id, { status: 'failed' });
      // Ties, NaN and runs without the metric, so every rule of the order is used.
      if (i % 5) reg.logMetrics(id, [{ key: 'm', step: 0, ts: 0, value: i % 7 === 0 ? Number.NaN : Math.floor(rand() * 10) }]);
      if (i % 2) reg.logMetrics(id, [{ key: 'other', step: 0, ts: 0, value: i }]);
    }
    reg.listRuns();
    const filters = [
      { limit: 7 }, { limit: 7, order: 'asc' as const }, { limit: 9, sortMetric: 'm' }, { limit: 9, sortMetric: 'm', order: 'asc' as const },
      { limit: 5, experiment: 'y', sortMetric: 'm' }, { limit: 4, status: 'failed' as const }, { limit: 0 }, { limit: 1000, sortMetric: 'absent' },
      { limit: 3, experiment: 'none' },
    ];
    for (const filter of filters) assert.deepEqual(fresh(filter), reg.listRuns(filter), JSON.stringify(filter));
  });

  it('lists the same as a new handle after many random changes from both connections, with every filter', () => {
    const rand = prng(42);
    const ids: string[] = [];
    const pick = () => ids[Math.floor(rand() * ids.length)]!;
    for (let step = 0; step < 300; step++) {
      const h = rand() < 0.5 ? reg : other;
      const op = ids.length < 3 ? 0 : Math.floor(rand() * 6);
      if (op === 0) ids.push(start(h, { experiment: rand() < 0.5 ? 'x' : 'y', name: `run${step}`, startedAt: Math.floor(rand() * 1000) }));
      else if (op === 1) h.setParams(pick(), { p: String(Math.floor(rand() * 5)) });
      else if (op === 2) h.logMetrics(pick(), [{ key: rand() < 0.5 ? 'm' : 'n', step, ts: step, value: rand() < 0.1 ? Number.NaN : rand() }]);
      else if (op === 3) h.endRun(pick(), { status: rand() < 0.5 ? 'finished' : 'failed' });
      else if (op === 4 && ids.length > 5) h.deleteRun(ids.splice(Math.floor(rand() * ids.length), 1)[0]!);
      else h.deletePoints(pick(), 'all');
      if (step % 7 === 0) {
        const filter = [{}, { sortMetric: 'm' }, { sortMetric: 'n', order: 'asc' as const }, { experiment: 'x' }, { status: 'failed' as const }, { text: 'RUN1' }, { text: '3', limit: 4 }][step % 49 / 7]!;
        assert.deepEqual(reg.listRuns(filter), fresh(filter), `step ${step}, ${JSON.stringify(filter)}`);
      }
    }
    assert.deepEqual(reg.listRuns({ sortMetric: 'm' }), fresh({ sortMetric: 'm' }));
  });
});
