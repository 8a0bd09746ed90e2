import Database from 'better-sqlite3';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Registry } from '../../../src/core/registry';
import { cleanup, startTs, tempDir, waitForLine } from './helpers';

const CHILDREN = path.join(__dirname, 'children');

describe('registry shared between processes', function () {
  this.timeout(120_000);
  afterEach(cleanup);

  it('loses nothing and lets no "database is locked" error escape when two processes write at once', async () => {
    const file = path.join(tempDir(), 'registry.db');
    const RUNS = 150;
    const POINTS = 200;
    const writers = ['cli', 'backend'].map((label) => startTs(path.join(CHILDREN, 'writer.ts'), [file, label, String(RUNS), String(POINTS)]));
    await Promise.all(writers.map((w) => waitForLine(w.child, (l) => l === 'ready')));
    for (const w of writers) w.child.stdin.end('go\n');
    const results = await Promise.all(writers.map((w) => w.done));
    for (const r of results) {
      assert.equal(r.stderr, '');
      assert.equal(r.code, 0);
    }

    const reg = Registry.open(file);
    try {
      assert.deepEqual(reg.counts(), { experiments: 2, runs: 2 * RUNS, metrics: 2 * RUNS * POINTS, models: 0, modelVersions: 0 });
      for (const label of ['cli', 'backend']) {
        const runs = reg.listRuns({ experiment: label });
        assert.equal(runs.length, RUNS);
        assert.deepEqual(new Set(runs.map((r) => r.name)), new Set(Array.from({ length: RUNS }, (_, i) => `${label}-${i}`)));
        for (const r of runs) assert.deepEqual(Object.values(r.metrics).map((m) => m.count), [POINTS / 4, POINTS / 4, POINTS / 4, POINTS / 4]);
      }
    } finally {
      reg.close();
    }
  });

  it('lets two processes create the same new registry at the same moment without either moving it aside', async () => {
    // Both children get each name at the same moment and answer before the next one is sent: every
    // registry is created by two processes racing, 60 times over.
    const dir = tempDir();
    const openers = [0, 1].map(() => startTs(path.join(CHILDREN, 'opener.ts'), [dir]));
    await Promise.all(openers.map((o) => waitForLine(o.child, (l) => l === 'ready')));
    const answers: string[] = [];
    for (let i = 0; i < 60; i++) {
      const replies = openers.map((o) => waitForLine(o.child, (l) => l.endsWith(` ${i}`) || l.startsWith(`error ${i} `)));
      for (const o of openers) o.child.stdin.write(`${i}\n`);
      answers.push(...await Promise.all(replies));
    }
    for (const o of openers) o.child.stdin.end();
    await Promise.all(openers.map((o) => o.done));
    assert.deepEqual(answers.filter((a) => !a.startsWith('ok ')), []);
    // -wal and -shm beside a database are SQLite's own (left when the last connection could not checkpoint);
    // anything else (a `.corrupt-` or `.new-` file) would mean a registry was moved aside or half-created.
    const names = fs.readdirSync(dir);
    assert.deepEqual(names.filter((n) => !/^\d+\.db(-wal|-shm)?$/.test(n)), []);
    assert.equal(names.filter((n) => n.endsWith('.db')).length, 60);
  });

  it('leaves a consistent registry with the whole batch or none of it when a writer is killed mid-batch', async () => {
    const file = path.join(tempDir(), 'registry.db');
    const reg = Registry.open(file);
    const keep = reg.startRun({ experiment: 'before', sourceKind: 'cli' });
    reg.logMetrics(keep, [{ key: 'loss', step: 0, ts: 0, value: 1 }, { key: 'loss', step: 1, ts: 1, value: 0.5 }]);
    reg.close();

    const POINTS = 2_000_000;
    const writer = startTs(path.join(CHILDREN, 'big-batch.ts'), [file, String(POINTS)]);
    const runId = (await waitForLine(writer.child, (l) => l.startsWith('run '))).slice(4);
    await waitForLine(writer.child, (l) => l === 'begin');
    // The batch's pages spill into the WAL long before its commit: once the WAL has grown by a few MB the
    // transaction is open and far from done (the full batch is well over 100 MB of pages).
    const wal = file + '-wal';
    const startSize = fs.existsSync(wal) ? fs.statSync(wal).size : 0;
    let walAtKill = startSize;
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        walAtKill = fs.existsSync(wal) ? fs.statSync(wal).size : 0;
        if (walAtKill > startSize + 4 * 1024 * 1024) {
          clearInterval(timer);
          writer.child.kill('SIGKILL');
          resolve();
        }
      }, 2);
      writer.child.once('close', () => { clearInterval(timer); reject(new Error('writer ended before it was killed')); });
    });
    const result = await writer.done;
    assert.equal(result.signal, 'SIGKILL');
    assert.ok(!result.stdout.includes('committed'), 'the batch committed before the kill landed');
    assert.ok(walAtKill > startSize, 'the WAL did not grow: the kill did not land inside the transaction');

    const raw = new Database(file);
    try {
      assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
      const n = (raw.prepare('SELECT count(*) AS n FROM metrics WHERE run_id = ?').get(runId) as { n: number }).n;
      assert.equal(n, 0, `expected none of the killed batch, found ${n} of ${POINTS} points`);
      assert.deepEqual(raw.prepare('SELECT count(*) AS n FROM metric_summaries WHERE run_id = ?').get(runId), { n: 0 });
    } finally {
      raw.close();
    }
    const after = Registry.open(file);
    try {
      assert.deepEqual(after.getRun(keep).metrics.loss, { last: 0.5, step: 1, min: 0.5, max: 1, count: 2 });
      after.logMetrics(runId, [{ key: 'k0', step: 0, ts: 0, value: 1 }]);
      assert.equal(after.getRun(runId).metrics.k0!.count, 1);
    } finally {
      after.close();
    }
  });
});
