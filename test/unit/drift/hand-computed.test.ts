import * as assert from 'node:assert/strict';
import { binCounts, quantileSorted } from '../../../src/core/drift/stats/bins';
import { chi2Contingency } from '../../../src/core/drift/stats/chi2';
import { chi2Sf } from '../../../src/core/drift/stats/gamma';
import { jensenShannon } from '../../../src/core/drift/stats/jensen-shannon';
import { ecdfDistances } from '../../../src/core/drift/stats/ecdf';
import { ks2samp } from '../../../src/core/drift/stats/ks';
import { psi } from '../../../src/core/drift/stats/psi';
import { sortFloat64 } from '../../../src/core/drift/stats/sort';
import { populationStd, wasserstein } from '../../../src/core/drift/stats/wasserstein';
import { assertClose } from './helpers';

const f = (...v: number[]) => Float64Array.from(v);

describe('drift statistics on hand-computed cases', () => {
  it('gives KS D = 1 and p = 2/10 for two fully separated samples of 3 and 2', () => {
    // Of the C(5,2) = 10 equally likely orderings, exactly 2 separate the samples completely.
    const r = ks2samp(f(1, 2, 3), f(4, 5));
    assert.equal(r.statistic, 1);
    assertClose(r.pValue, 0.2, 1e-12, 'p');
    assert.equal(r.method, 'exact');
  });

  it('gives KS D = 0 and p = 1 for identical samples', () => {
    const r = ks2samp(f(1, 2, 2, 3), f(1, 2, 2, 3));
    assert.equal(r.statistic, 0);
    assert.equal(r.pValue, 1);
  });

  it('measures the Wasserstein distance as the area between the two ECDFs', () => {
    assert.equal(wasserstein(f(0), f(3)), 3);
    assert.equal(wasserstein(f(0, 1), f(2, 3)), 2);
    // ECDFs differ by 1/2 on [1, 2) only.
    assert.equal(wasserstein(f(0, 1), f(0, 2)), 0.5);
  });

  it('uses the population standard deviation (ddof 0)', () => {
    assert.equal(populationStd(f(1, 3)), 1);
    assert.equal(populationStd(f(2, 4, 4, 4, 5, 5, 7, 9)), 2);
  });

  it('interpolates quantiles as numpy does, from either neighbour', () => {
    const s = f(1, 2, 3, 4);
    assertClose(quantileSorted(s, 0.1), 1.3, 1e-15, 'q0.1');
    assertClose(quantileSorted(s, 0.9), 3.7, 1e-15, 'q0.9');
    assert.equal(quantileSorted(s, 1), 4);
  });

  it('puts a value equal to an edge in the bin on its right (bins closed on the left)', () => {
    assert.deepEqual([...binCounts(f(1, 2, 3), f(2))], [1, 2]);
    assert.deepEqual([...binCounts(f(1, 2, 3), f(2, 2))], [1, 0, 2]);
  });

  it('computes PSI as Σ (q − p) ln(q/p)', () => {
    const want = (0.25 - 0.5) * Math.log(0.25 / 0.5) + (0.75 - 0.5) * Math.log(0.75 / 0.5);
    assertClose(psi([50, 50], [25, 75]), want, 1e-15, 'psi');
  });

  it('clips empty bins to a proportion of 1e-4 in PSI', () => {
    const want = (1e-4 - 0.5) * Math.log(1e-4 / 0.5) + (1 - 0.5) * Math.log(1 / 0.5);
    assertClose(psi([5, 5], [0, 10]), want, 1e-15, 'psi');
  });

  it('gives a Jensen–Shannon distance of 1 (base 2) for disjoint distributions and 0 for equal ones', () => {
    assertClose(jensenShannon([1, 0], [0, 1]), 1, 1e-15, 'disjoint');
    assert.equal(jensenShannon([3, 1], [6, 2]), 0);
  });

  it('applies Yates correction to a 2×2 table: |15 − 10| − 0.5 → chi2 = 4 · 4.5² / 15 = 5.4', () => {
    const r = chi2Contingency([10, 20], [20, 10]);
    assertClose(r.statistic, 5.4, 1e-14, 'statistic');
    // scipy.stats.chi2_contingency([[10, 20], [20, 10]]).pvalue
    assertClose(r.pValue, 0.02013675155034633, 1e-9, 'p');
  });

  it('does not correct tables with more than one degree of freedom', () => {
    // expected 10 everywhere; (5² + 5² + 0) · 2 / 10
    const r = chi2Contingency([5, 15, 10], [15, 5, 10]);
    assertClose(r.statistic, 10, 1e-14, 'statistic');
    assert.equal(r.dof, 2);
    assertClose(r.pValue, Math.exp(-5), 1e-12, 'chi2 with 2 dof has sf exp(-x/2)');
  });

  it('gives chi2 = 0 and p = 1 for a single category (no degree of freedom)', () => {
    assert.deepEqual(chi2Contingency([7], [3]), { statistic: 0, pValue: 1, dof: 0 });
  });

  it('matches the closed form of the chi-square survival function for even degrees of freedom', () => {
    // dof 4: sf(x) = e^(-x/2) (1 + x/2)
    for (const x of [0.1, 3, 17, 80]) assertClose(chi2Sf(x, 4), Math.exp(-x / 2) * (1 + x / 2), 1e-12, `x=${x}`);
  });

  it('walks ties within and across samples, and either sample running out first, as the ECDF definitions say', () => {
    let seed = 3;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const sample = (n: number, values: number, shift: number) => Float64Array.from({ length: n }, () => Math.floor(rand() * values) + shift).sort();
    for (const [a, b] of [[sample(300, 20, 0), sample(200, 20, 5)], [sample(50, 3, 0), sample(80, 4, -2)], [sample(10, 100, 0), sample(10, 100, 200)]] as const) {
      const cdf = (s: Float64Array, x: number) => s.filter((v) => v <= x).length / s.length;
      const pooled = [...new Set([...a, ...b])].sort((x, y) => x - y);
      const gaps = pooled.map((x) => cdf(a, x) - cdf(b, x));
      const ks = Math.max(...gaps.map(Math.abs));
      const w = pooled.slice(1).reduce((sum, x, k) => sum + Math.abs(gaps[k]!) * (x - pooled[k]!), 0);
      const d = ecdfDistances(a, b);
      assertClose(d.ks, ks, 1e-12, 'KS');
      assertClose(d.wasserstein, w, 1e-12, 'Wasserstein');
    }
  });

  it('sorts large samples exactly like Float64Array.prototype.sort, skewed ones included', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const a = Float64Array.from({ length: 50000 }, (_, i) => (i % 100 === 0 ? 1e12 * rand() : rand() - 0.5) * (i % 3 ? 1 : -1));
    const mine = a.slice();
    sortFloat64(mine);
    assert.deepEqual(mine, a.slice().sort());
  });

  it('sorts samples bunched at several scales (nested outliers, wide exponents, heavy ties) exactly too', () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const samples = {
      'outliers within outliers': Float64Array.from({ length: 60000 }, (_, i) => (i % 1000 === 0 ? 1e15 : i % 100 === 0 ? 1e8 : i % 10 === 0 ? 1e3 : 1) * rand()),
      'exponents from 1e-20 to 1e20': Float64Array.from({ length: 60000 }, () => Math.exp((rand() - 0.5) * 92) * (rand() < 0.5 ? -1 : 1)),
      'a few values, many ties': Float64Array.from({ length: 60000 }, (_, i) => (i % 7) * 0.25 + (i % 1000 === 0 ? 1e6 : 0)),
    };
    for (const [name, a] of Object.entries(samples)) {
      const mine = a.slice();
      sortFloat64(mine);
      assert.deepEqual(mine, a.slice().sort(), name);
    }
  });
});
