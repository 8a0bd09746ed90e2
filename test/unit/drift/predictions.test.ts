import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runDrift } from '../../../src/core/drift';

const EX = path.resolve(__dirname, '../../../examples');
// The sample model's weights, as scripts/make-example.py writes them: z = x·W + b, probabilities = softmax(z).
const W = [[0.04, -0.04], [-0.01, 0.01], [-0.45, 0.45]];
const B = [0.6, -0.6];
const FEATURES = ['tenure_months', 'monthly_charges', 'support_calls'];

function probabilityOfChurn(file: string): number[] {
  const [header, ...rows] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const cols = header!.split(',');
  const idx = FEATURES.map((f) => cols.indexOf(f));
  return rows.map((line) => {
    const cells = line.split(',');
    const x = idx.map((i) => Number(cells[i]));
    const z = [0, 1].map((k) => Math.fround(x.reduce((s, v, j) => s + v * W[j]![k]!, B[k]!)));
    return 1 / (1 + Math.exp(z[0]! - z[1]!));
  });
}

/** sup |F_ref − F_cur| by its definition, evaluated at every sample point. */
function ksByDefinition(a: number[], b: number[]): number {
  const cdf = (xs: number[], t: number) => xs.filter((v) => v <= t).length / xs.length;
  let d = 0;
  for (const t of [...a, ...b]) d = Math.max(d, Math.abs(cdf(a, t) - cdf(b, t)));
  return d;
}

describe('prediction drift through an ONNX model', () => {
  it('compares each class probability of the sample model with the KS statistic of the probabilities computed by hand', async () => {
    const ref = path.join(EX, 'data/reference.csv');
    const cur = path.join(EX, 'data/current.csv');
    const report = await runDrift(ref, cur, { model: { path: path.join(EX, 'models/churn.onnx'), features: FEATURES } });
    assert.deepEqual(report.predictions.map((c) => c.name), ['label', 'probabilities[0]', 'probabilities[1]']);
    const p1 = report.predictions.find((c) => c.name === 'probabilities[1]')!;
    const expected = ksByDefinition(probabilityOfChurn(ref), probabilityOfChurn(cur));
    assert.equal(p1.test, 'ks');
    // float32 inference vs float64 here: ties can move a point across a step of the ECDF, by at most 1/n.
    assert.ok(Math.abs(p1.stats.ks!.statistic - expected) <= 1 / 400 + 1e-12, `${p1.stats.ks!.statistic} vs ${expected}`);
    assert.equal(p1.drifted, true);
  });

  it('keeps data drift columns apart from the predictions in the dataset verdict', async () => {
    const ref = path.join(EX, 'data/reference.csv');
    const report = await runDrift(ref, ref, { model: { path: path.join(EX, 'models/churn.onnx'), features: FEATURES } });
    assert.equal(report.datasetDrift, false);
    assert.ok(report.predictions.every((c) => c.drifted === false));
  });

  it('names the missing feature when the data lacks a column the model needs', async () => {
    const ref = path.join(EX, 'data/reference.csv');
    await assert.rejects(runDrift(ref, ref, { model: { path: path.join(EX, 'models/churn.onnx'), features: ['tenure_months', 'nope', 'support_calls'] } }), /nope/);
  });
});
