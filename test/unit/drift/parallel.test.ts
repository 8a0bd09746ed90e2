import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ColumnBuilder, columnSet, compareColumns, defaultDriftConfig, numericColumn, runDrift, type ColumnData } from '../../../src/core/drift';
import { MlopsError } from '../../../src/core/errors';
import { tempDir, writeFile } from './helpers';

const seq = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
let seed = 7;
const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);

function textColumn(name: string, cells: string[]): ColumnData {
  const b = new ColumnBuilder(name);
  cells.forEach((s, i) => b.addString(s, i + 2));
  return b.finish();
}

/** Every kind of column the statistics treat differently, on both sides. */
function sides(n: number) {
  const numeric = (shift: number) => [
    numericColumn('normal', seq(n, () => rand() + rand() + rand() + shift)),
    numericColumn('with-gaps', seq(n, (i) => (i % 17 === 0 ? Number.NaN : i % 23 === 0 ? Infinity : rand() * 10 + shift))),
    numericColumn('few-values', seq(n, (i) => (i + Math.round(shift * 3)) % 4)),
    numericColumn('constant', seq(n, () => 1)),
  ];
  const ref = columnSet('ref', n, [...numeric(0), textColumn('mixed', seq(n, (i) => (i % 50 ? String(i) : 'n/a'))), textColumn('cat', seq(n, (i) => 'abc'[i % 3]!)), numericColumn('ref-only', seq(n, (i) => i))]);
  const cur = columnSet('cur', n, [...numeric(0.2), textColumn('mixed', seq(n, (i) => (i % 40 ? String(i + 3) : 'n/a'))), textColumn('cat', seq(n, (i) => 'abd'[i % 3]!))]);
  return { ref, cur };
}

describe('drift statistics in worker threads', () => {
  it('gives the same reports as on this thread', async () => {
    const { ref, cur } = sides(5000);
    const serial = await compareColumns(ref, cur, { workers: 0 });
    const parallel = await compareColumns(ref, cur, { workers: 2 });
    assert.deepEqual(parallel, serial);
    assert.equal(parallel.filter((c) => c.stats.ks !== null).length, 5);
    assert.notEqual(parallel.find((c) => c.name === 'few-values')!.stats.chi2, null);
  });

  it('reports progress for every column, in any order, ending at the total', async () => {
    const { ref, cur } = sides(2000);
    const seen: number[] = [];
    const reports = await compareColumns(ref, cur, { workers: 2, onProgress: (done, total) => seen.push(done / total) });
    assert.deepEqual(seen, seq(reports.length, (i) => (i + 1) / reports.length));
  });

  it('finds the numbers of a column in shared memory, however its builder grew and trimmed it', () => {
    for (const n of [1, 1000, 1025, 5000]) {
      const b = new ColumnBuilder('x', null, 1);
      for (let i = 0; i < n; i++) b.addNumber(i);
      const numbers = b.finish().numbers!;
      assert.ok(numbers.buffer instanceof SharedArrayBuffer, `${n} values`);
      assert.deepEqual([...numbers], seq(n, (i) => i));
    }
  });

  it('stops with an AbortError when cancelled between columns, reporting no further column', async () => {
    const { ref, cur } = sides(200_000);
    const ac = new AbortController();
    let progress = 0;
    const run = compareColumns(ref, cur, { workers: 2, signal: ac.signal, onProgress: () => (progress++, ac.abort()) });
    await assert.rejects(run, (e: Error) => e.name === 'AbortError');
    const after = progress;
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(progress, after);
    assert.equal(progress, 1);
  });

  describe('reading the two datasets at once', () => {
    const csv = (shift: number, rows: number) => 'x,y,kind\n' + seq(rows, (i) => `${(i % 97) + shift},${i % 7 === 0 ? 'NA' : i * 0.5},${'abc'[i % 3]}`).join('\n') + '\n';

    it('gives the same report whether the reference is read on a worker or here', async () => {
      const dir = tempDir();
      const ref = writeFile(dir, 'ref.csv', csv(0, 3000));
      const cur = writeFile(dir, 'cur.csv', csv(3, 2000));
      const seen: number[] = [];
      const opts = { config: defaultDriftConfig(), hash: true };
      const here = await runDrift(ref, cur, { ...opts, readInWorker: false });
      const elsewhere = await runDrift(ref, cur, { ...opts, readInWorker: true, onProgress: (done, _n, stage) => { if (stage === 'read') seen.push(done); } });
      assert.deepEqual(elsewhere, here);
      assert.ok(seen.length > 0, 'read progress reaches the caller');
    });

    it('throws the reference\'s own error, naming the file, when the worker cannot read it', async () => {
      const dir = tempDir();
      const ref = writeFile(dir, 'ref.csv', 'a,b\n1,2\n3\n');
      const cur = writeFile(dir, 'cur.csv', csv(0, 10));
      await assert.rejects(runDrift(ref, cur, { config: defaultDriftConfig(), readInWorker: true }),
        (e: unknown) => e instanceof MlopsError && e.message === `malformed CSV: ${ref}:3: expected 2 fields as in the header, found 1`);
    });

    it('stops both reads when cancelled', async () => {
      const dir = tempDir();
      const big = csv(0, 200_000);
      const ref = writeFile(dir, 'ref.csv', big);
      const cur = writeFile(dir, 'cur.csv', big);
      const ac = new AbortController();
      const run = runDrift(ref, cur, { config: defaultDriftConfig(), readInWorker: true, signal: ac.signal, onProgress: () => ac.abort() });
      await assert.rejects(run, (e: Error) => e.name === 'AbortError');
      assert.ok(fs.existsSync(path.dirname(ref)));
    });
  });
});
