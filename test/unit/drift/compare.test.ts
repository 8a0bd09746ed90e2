import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadConfig } from '../../../src/core/config';
import {
  assembleReport, columnSet, compareColumns, defaultDriftConfig, defaultTest, driftConfigFrom, numericColumn, runDrift, type ColumnReport,
} from '../../../src/core/drift';
import { rejectsWith, tempDir, writeFile } from './helpers';

const csv = (header: string, rows: (string | number)[][]) => header + '\n' + rows.map((r) => r.join(',')).join('\n') + '\n';
const column = (r: { columns: ColumnReport[] }, name: string) => r.columns.find((c) => c.name === name)!;
const seq = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

async function drift(ref: string, cur: string, opts: Parameters<typeof runDrift>[2] = {}) {
  const dir = tempDir();
  return runDrift(writeFile(dir, 'ref.csv', ref), writeFile(dir, 'cur.csv', cur), { config: defaultDriftConfig(), ...opts });
}

describe('drift verdicts', () => {
  it('chooses the test as Evidently does by reference size, type and distinct values', () => {
    assert.equal(defaultTest('numeric', 1000, 6), 'ks');
    assert.equal(defaultTest('numeric', 1000, 5), 'chi2');
    assert.equal(defaultTest('categorical', 1000, 50), 'chi2');
    assert.equal(defaultTest('numeric', 1001, 6), 'wasserstein');
    assert.equal(defaultTest('numeric', 1001, 5), 'jensenshannon');
    assert.equal(defaultTest('categorical', 1001, 3), 'jensenshannon');
  });

  it('flags a shifted numeric column with KS p < 0.05 on a small reference', async () => {
    const r = await drift(csv('x', seq(200, (i) => [i % 50])), csv('x', seq(200, (i) => [(i % 50) + 20])));
    const x = column(r, 'x');
    assert.equal(x.test, 'ks');
    assert.equal(x.threshold, 0.05);
    assert.ok(x.pValue! < 0.05);
    assert.equal(x.drifted, true);
    assert.equal(x.statistic, x.stats.ks!.statistic);
  });

  it('uses the normed Wasserstein distance ≥ 0.1 above 1,000 reference values', async () => {
    const r = await drift(csv('x', seq(2000, (i) => [i % 100])), csv('x', seq(2000, (i) => [(i % 100) + 5])));
    const x = column(r, 'x');
    assert.equal(x.test, 'wasserstein');
    assert.equal(x.pValue, null);
    // W = 5 exactly; std of 0..99 repeated is sqrt((100² − 1) / 12)
    const std = Math.sqrt((100 * 100 - 1) / 12);
    assert.ok(Math.abs(x.statistic! - 5 / std) < 1e-12);
    assert.equal(x.drifted, true);
  });

  it('takes the test and threshold from the configuration, per column first', async () => {
    const ref = csv('a,b', seq(300, (i) => [i % 30, i % 30]));
    const cur = csv('a,b', seq(300, (i) => [(i % 30) + 1, (i % 30) + 1]));
    const config = { ...defaultDriftConfig(), test: 'psi' as const, threshold: 0.5, columns: { b: { test: 'wasserstein' as const, threshold: 0.01 } } };
    const r = await drift(ref, cur, { config });
    assert.equal(column(r, 'a').test, 'psi');
    assert.equal(column(r, 'a').threshold, 0.5);
    assert.equal(column(r, 'a').statistic, column(r, 'a').stats.psi);
    assert.equal(column(r, 'b').test, 'wasserstein');
    assert.equal(column(r, 'b').drifted, true);
  });

  it('falls back to the default test, with a note, when the configured one does not apply', async () => {
    const r = await drift(csv('c', seq(100, (i) => ['ab'[i % 2]!])), csv('c', seq(100, (i) => ['ab'[i % 3 ? 0 : 1]!])), { config: { ...defaultDriftConfig(), test: 'ks' } });
    const c = column(r, 'c');
    assert.equal(c.test, 'chi2');
    assert.match(c.note!, /test "ks" does not apply to this categorical column; used chi2/);
  });

  it('calls the dataset drifted when the share of drifted columns reaches the threshold', async () => {
    const ref = csv('a,b', seq(100, (i) => [i, i]));
    const cur = csv('a,b', seq(100, (i) => [i + 60, i]));
    const r = await drift(ref, cur);
    assert.equal(r.driftedColumns, 1);
    assert.equal(r.driftShare, 0.5);
    assert.equal(r.datasetDrift, true);
    const stricter = await drift(ref, cur, { config: { ...defaultDriftConfig(), driftShare: 0.6 } });
    assert.equal(stricter.datasetDrift, false);
  });
});

describe('drift edge cases', () => {
  it('notes a column present in only one file and leaves it out of the share', async () => {
    const r = await drift(csv('a,old', seq(50, (i) => [i, i])), csv('a,new', seq(50, (i) => [i, i])));
    assert.deepEqual(r.columns.map((c) => [c.name, c.drifted, c.note]), [
      ['a', false, null], ['old', null, 'only in the reference dataset'], ['new', null, 'only in the current dataset'],
    ]);
    assert.equal(r.driftShare, 0);
  });

  it('counts missing cells of a column in one file only by its type: text is a value of a categorical column', async () => {
    const r = await drift(csv('a,cat,num', seq(10, (i) => [i, i === 0 ? '' : 'xy'[i % 2]!, i === 1 ? 'NA' : i])), csv('a', seq(10, (i) => [i])));
    assert.deepEqual([column(r, 'cat').type, column(r, 'cat').missing], ['categorical', { reference: 1, current: 10 }]);
    assert.deepEqual([column(r, 'num').type, column(r, 'num').missing], ['numeric', { reference: 1, current: 10 }]);
  });

  it('notes a column whose values are all missing on one side', async () => {
    const r = await drift(csv('a,b', seq(20, (i) => [i, i])), csv('a,b', seq(20, (i) => [i, 'NA'])));
    const b = column(r, 'b');
    assert.equal(b.drifted, null);
    assert.equal(b.note, 'all 20 values missing in current');
    assert.deepEqual(b.missing, { reference: 0, current: 20 });
    assert.deepEqual(b.stats, { ks: null, wasserstein: null, wassersteinNormed: null, psi: null, jensenShannon: null, chi2: null });
  });

  it('compares a numeric column with stray text on one side as numbers, counting the text as missing', async () => {
    const r = await drift(csv('x', seq(40, (i) => [i])), csv('x', seq(40, (i) => [i === 7 ? 'error' : i])));
    const x = column(r, 'x');
    assert.equal(x.type, 'numeric');
    assert.deepEqual(x.missing, { reference: 0, current: 1 });
    assert.equal(x.note, 'current: 1 non-numeric value counted as missing (first "error" at line 9)');
    assert.equal(x.drifted, false);
  });

  it('notes a numeric column that holds only text on one side', async () => {
    const r = await drift(csv('x', seq(10, (i) => [i])), csv('x', seq(10, () => ['young'])));
    const x = column(r, 'x');
    assert.equal(x.drifted, null);
    assert.match(x.note!, /current: 10 non-numeric values counted as missing .*all 10 values missing in current/);
  });

  it('notes a constant reference: no normed Wasserstein, the other statistics still computed', async () => {
    const r = await drift(csv('k', seq(30, () => [3])), csv('k', seq(30, (i) => [3 + (i % 2)])));
    const k = column(r, 'k');
    assert.equal(k.stats.wassersteinNormed, null);
    assert.equal(k.stats.wasserstein, 0.5);
    assert.match(k.note!, /reference is constant \(std 0\)/);
    assert.equal(k.test, 'chi2');
  });

  it('leaves infinities out of the statistics and says so', async () => {
    const r = await drift(csv('x', seq(20, (i) => [i])), csv('x', seq(20, (i) => [i === 0 ? 'inf' : i])));
    const x = column(r, 'x');
    assert.deepEqual(x.missing, { reference: 0, current: 1 });
    assert.match(x.note!, /current: 1 infinite value left out/);
  });

  it('reports a column named in ignore_columns without testing it or counting it in the share', async () => {
    const ref = csv('id,a', seq(50, (i) => [`u${i}`, i]));
    const cur = csv('id,a', seq(50, (i) => [`v${i}`, i === 3 ? 'NA' : i]));
    const r = await drift(ref, cur, { config: { ...defaultDriftConfig(), ignoreColumns: ['id'] } });
    const id = column(r, 'id');
    assert.deepEqual([id.type, id.test, id.drifted, id.note], ['categorical', null, null, 'not tested: named in ignore_columns']);
    assert.deepEqual(id.missing, { reference: 0, current: 0 }, 'text values of a categorical column are not missing');
    assert.deepEqual(id.stats, { ks: null, wasserstein: null, wassersteinNormed: null, psi: null, jensenShannon: null, chi2: null });
    assert.deepEqual(column(r, 'a').missing, { reference: 0, current: 1 });
    assert.equal(r.driftShare, 0, 'only "a" is tested, and it does not drift');
  });

  it('tests a column whose reference values are all distinct, with a note that it looks like an identifier', async () => {
    const r = await drift(csv('id,plan', seq(40, (i) => [`u${i}`, 'ab'[i % 2]!])), csv('id,plan', seq(40, (i) => [`v${i}`, 'ab'[i % 2]!])));
    const id = column(r, 'id');
    assert.equal(id.test, 'chi2', 'tested as Evidently would test it');
    assert.equal(typeof id.drifted, 'boolean');
    assert.match(id.note!, /every reference value is distinct, as in an identifier: add the column to ignore_columns/);
    assert.equal(column(r, 'plan').note, null, 'a column with repeated values gets no such note');
    const few = await drift(csv('id', seq(19, (i) => [`u${i}`])), csv('id', seq(19, (i) => [`v${i}`])));
    assert.doesNotMatch(column(few, 'id').note ?? '', /identifier/, 'too few rows to tell');
  });

  it('reports categories seen only in current', async () => {
    const r = await drift(csv('c', seq(20, (i) => ['ab'[i % 2]!])), csv('c', seq(20, (i) => ['abz'[i % 3]!])));
    assert.match(column(r, 'c').note!, /1 category only in current \("z"\)/);
  });

  it('rejects a requested column that neither file has', async () => {
    await rejectsWith(drift(csv('a', [[1]]), csv('a', [[1]]), { columns: ['nope'] }), /no such column: nope/);
  });

  it('takes columns to ignore from the caller too, and rejects one that neither file has', async () => {
    const r = await drift(csv('id,a', seq(30, (i) => [`u${i}`, i])), csv('id,a', seq(30, (i) => [`v${i}`, i])), { ignoreColumns: ['id'] });
    assert.equal(column(r, 'id').note, 'not tested: named in ignore_columns');
    await rejectsWith(drift(csv('a', [[1]]), csv('a', [[1]]), { ignoreColumns: ['custmer_id'] }), /no such column: custmer_id/);
  });

  it('compares columns computed elsewhere, such as model outputs', async () => {
    const ref = columnSet('ref', 4, [numericColumn('p', [0.1, 0.2, 0.3, 0.4])]);
    const cur = columnSet('cur', 4, [numericColumn('p', [0.1, 0.2, 0.3, Number.NaN])]);
    const cols = await compareColumns(ref, cur);
    assert.deepEqual(cols[0]!.missing, { reference: 0, current: 1 });
    assert.equal(assembleReport(ref, cur, cols).columns.length, 1);
  });
});

describe('drift runs and configuration', () => {
  it('stops with an AbortError when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(drift(csv('a', [[1]]), csv('a', [[1]]), { signal: ac.signal }), (e: Error) => e.name === 'AbortError');
  });

  it('reports progress through reading and comparing, ending at the totals', async () => {
    const seen: [number, number, string][] = [];
    await drift(csv('a,b', seq(10, (i) => [i, i])), csv('a,b', seq(10, (i) => [i, i])), { onProgress: (d, t, s) => seen.push([d, t, s]) });
    const read = seen.filter((s) => s[2] === 'read');
    const compare = seen.filter((s) => s[2] === 'compare');
    assert.equal(read.at(-1)![0], read.at(-1)![1]);
    assert.deepEqual(compare.map((s) => s.slice(0, 2)), [[1, 2], [2, 2]]);
  });

  it('reads [tool.mlops-lens.drift] from pyproject.toml', () => {
    const dir = tempDir();
    writeFile(dir, 'pyproject.toml', '[tool.mlops-lens.drift]\ntest = "jensenshannon"\nthreshold = 0.2\ndrift_share = 0.3\ntypes = { zip = "categorical" }\nignore_columns = ["id"]\n[tool.mlops-lens.drift.columns.age]\ntest = "ks"\n');
    const c = driftConfigFrom(loadConfig(dir));
    assert.deepEqual(c, { test: 'jensenshannon', threshold: 0.2, driftShare: 0.3, types: { zip: 'categorical' }, columns: { age: { test: 'ks', threshold: null } }, ignoreColumns: ['id'] });
  });

  it('rejects ignore_columns that is not a list of names, naming the file and line', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'mlops-lens.toml', '[drift]\nignore_columns = "id"\n');
    assert.throws(() => driftConfigFrom(loadConfig(dir)), new RegExp(`invalid configuration: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: "ignore_columns" must be a list of column names`));
  });

  it('rejects an unknown test naming the file and line', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'mlops-lens.toml', 'select = []\n[drift]\ndrift_share = 0.5\ntest = "t-test"\n');
    assert.throws(() => driftConfigFrom(loadConfig(dir)), new RegExp(`invalid configuration: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4: "test" must be one of`));
  });

  it('uses the configuration found from the reference file by default', async () => {
    const dir = tempDir();
    writeFile(dir, 'mlops-lens.toml', '[drift]\ntest = "psi"\n');
    const r = await runDrift(writeFile(dir, 'r.csv', csv('a', seq(20, (i) => [i]))), writeFile(dir, 'c.csv', csv('a', seq(20, (i) => [i]))));
    assert.equal(r.columns[0]!.test, 'psi');
    assert.equal(path.basename(r.reference.path), 'r.csv');
  });
});
