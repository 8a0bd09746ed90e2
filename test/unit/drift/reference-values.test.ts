import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readDataset, runDrift, type ColumnReport } from '../../../src/core/drift';
import { decileEdges } from '../../../src/core/drift/stats/bins';
import { finiteSorted } from '../../../src/core/drift/stats/sort';
import { assertClose, FIXTURES } from './helpers';

/** Expected values computed by numpy/scipy in test/fixtures/drift/make_expected.py. */
interface Expected {
  ks: { statistic: number; pValue: number } | null;
  wasserstein: number | null;
  wassersteinNormed: number | null;
  psi: number;
  jensenShannon: number;
  chi2: { statistic: number; pValue: number } | null;
  edges?: number[];
  missing: { reference: number; current: number };
}
const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as {
  pairs: Record<string, { reference: string; current: string; rows: [number, number]; columns: Record<string, Expected> }>;
  parquet: { file: string; rows: number; x: number[]; few: number[]; gappy: (number | null)[]; city: (string | null)[] };
};

const STAT = 1e-9;
const P = 1e-6;

function checkColumn(col: ColumnReport, want: Expected, what: string): void {
  if (want.ks) {
    assertClose(col.stats.ks?.statistic, want.ks.statistic, STAT, `${what} KS statistic`);
    assertClose(col.stats.ks?.pValue, want.ks.pValue, P, `${what} KS p-value`);
  } else {
    assert.equal(col.stats.ks, null, `${what} KS`);
  }
  if (want.wasserstein === null) assert.equal(col.stats.wasserstein, null);
  else assertClose(col.stats.wasserstein, want.wasserstein, STAT, `${what} Wasserstein`);
  if (want.wassersteinNormed === null) assert.equal(col.stats.wassersteinNormed, null);
  else assertClose(col.stats.wassersteinNormed, want.wassersteinNormed, STAT, `${what} normed Wasserstein`);
  assertClose(col.stats.psi, want.psi, STAT, `${what} PSI`);
  assertClose(col.stats.jensenShannon, want.jensenShannon, STAT, `${what} Jensen-Shannon`);
  if (want.chi2) {
    assertClose(col.stats.chi2?.statistic, want.chi2.statistic, STAT, `${what} chi2 statistic`);
    assertClose(col.stats.chi2?.pValue, want.chi2.pValue, P, `${what} chi2 p-value`);
  } else {
    assert.equal(col.stats.chi2, null, `${what} chi2`);
  }
  assert.deepEqual(col.missing, want.missing, `${what} missing`);
}

describe('drift statistics against numpy/scipy', () => {
  for (const [pairName, pair] of Object.entries(expected.pairs)) {
    it(`matches scipy on every column of the "${pairName}" datasets`, async () => {
      const report = await runDrift(path.join(FIXTURES, pair.reference), path.join(FIXTURES, pair.current));
      assert.equal(report.reference.rows, pair.rows[0]);
      assert.equal(report.current.rows, pair.rows[1]);
      for (const [name, want] of Object.entries(pair.columns)) {
        const col = report.columns.find((c) => c.name === name);
        assert.ok(col, `column ${name} is in the report`);
        checkColumn(col, want, `${pairName}.${name}`);
      }
    });
  }

  it('computes decile edges bit-for-bit as numpy.quantile', async () => {
    const pair = expected.pairs.small!;
    const set = await readDataset(path.join(FIXTURES, pair.reference));
    for (const name of ['x', 'y', 'gappy']) {
      const edges = decileEdges(finiteSorted(set.columns.find((c) => c.name === name)!.numbers!).sorted);
      assert.deepEqual([...edges], pair.columns[name]!.edges, name);
    }
  });

  it('uses the exact KS distribution up to 10,000 values and the asymptotic one above, as ks_2samp does', async () => {
    const small = await runDrift(path.join(FIXTURES, 'equal_ref.csv'), path.join(FIXTURES, 'equal_cur.csv'));
    assertClose(small.columns[0]!.stats.ks!.pValue, expected.pairs.equal!.columns.x!.ks!.pValue, P, 'exact n1 == n2');
    const large = await runDrift(path.join(FIXTURES, 'large_ref.csv'), path.join(FIXTURES, 'large_cur.csv'));
    assertClose(large.columns[0]!.stats.ks!.pValue, expected.pairs.large!.columns.x!.ks!.pValue, P, 'asymptotic');
  });

  it('reads the JSON Lines copy of a dataset to the same statistics as the CSV', async () => {
    const pair = expected.pairs.small!;
    const report = await runDrift(path.join(FIXTURES, pair.reference), path.join(FIXTURES, 'small_cur.jsonl'));
    for (const name of ['x', 'few', 'city', 'flag', 'gappy']) checkColumn(report.columns.find((c) => c.name === name)!, pair.columns[name]!, `jsonl.${name}`);
  });

  it('reads a Parquet file with several row groups, nulls and strings', async () => {
    const want = expected.parquet;
    const set = await readDataset(path.join(FIXTURES, want.file));
    assert.equal(set.rows, want.rows);
    const col = (n: string) => set.columns.find((c) => c.name === n)!;
    assert.deepEqual([...col('x').numbers!], want.x);
    assert.deepEqual([...col('few').numbers!], want.few);
    assert.deepEqual([...col('gappy').numbers!].map((v) => (Number.isNaN(v) ? null : v)), want.gappy);
    const city = col('city');
    assert.equal(city.declared, 'categorical');
    assert.deepEqual([...city.codes!].map((c) => (c < 0 ? null : city.categories[c])), want.city);
  });
});
