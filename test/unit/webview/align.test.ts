import * as assert from 'node:assert/strict';
import { alignSeries, paramsCsv } from '../../../webview-ui/compare/align';

describe('run compare: aligning curves of several runs', () => {
  it('puts every run on the union of steps with gaps where a run has no point', () => {
    const a = { steps: [0, 1, 2], times: [10, 20, 30], values: [1, 0.5, 0.25] };
    const b = { steps: [1, 3], times: [15, 35], values: [0.9, 0.1] };
    assert.deepEqual(alignSeries([a, b], 'step'), [[0, 1, 2, 3], [1, 0.5, 0.25, null], [null, 0.9, null, 0.1]]);
  });

  it('aligns on time when asked and skips points without a time', () => {
    const a = { steps: [0, 1], times: [100, null], values: [1, 2] };
    const b = { steps: [0], times: [50], values: [3] };
    assert.deepEqual(alignSeries([a, b], 'time'), [[50, 100], [null, 1], [3, null]]);
  });

  it('keeps the last value written at a repeated step', () => {
    const a = { steps: [5, 5], times: [1, 2], values: [0.3, 0.4] };
    assert.deepEqual(alignSeries([a], 'step'), [[5], [0.4]]);
  });

  it('gives an all-gap series to a run without the metric', () => {
    const a = { steps: [0, 1], times: [1, 2], values: [1, 2] };
    assert.deepEqual(alignSeries([a, undefined], 'step'), [[0, 1], [1, 2], [null, null]]);
  });

  it('sorts steps numerically, not as text', () => {
    const a = { steps: [10, 9, 100], times: [1, 2, 3], values: [1, 2, 3] };
    assert.deepEqual(alignSeries([a], 'step')[0], [9, 10, 100]);
  });
});

describe('run compare: params as CSV', () => {
  it('quotes commas, quotes and newlines as RFC 4180 does', () => {
    const csv = paramsCsv(['run "a"', 'b'], ['layers', 'note'], (k, i) => ({ layers: ['64,32', '128'], note: ['x\ny', undefined] } as Record<string, (string | undefined)[]>)[k]![i]);
    assert.equal(csv, 'param,"run ""a""",b\r\nlayers,"64,32",128\r\nnote,"x\ny",\r\n');
  });
});
