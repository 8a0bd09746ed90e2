import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MlopsError } from '../../../src/core/errors';
import { closeModels, inferFile, predictColumns } from '../../../src/core/inference';
import { assertClose, cleanup, EXPECTED, fixture, tempDir } from './helpers';

const FEATURES = ['f0', 'f1', 'f2', 'f3'];
const X = EXPECTED.classifier!.inputs.X as number[][];
const PROBS = EXPECTED.classifier!.outputs.probabilities as number[][];
const LABELS = EXPECTED.classifier!.outputs.label as number[];

async function rejects(p: Promise<unknown>, ...fragments: string[]): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof MlopsError, `expected an MlopsError, got ${String(err)}`);
    for (const f of fragments) assert.ok(err.message.includes(f), `"${err.message}" lacks "${f}"`);
    return true;
  });
}

function writeCsv(text: string, name = 'input.csv'): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, text);
  return file;
}

/** The classifier's feature columns from the fixture inputs, optionally repeated to `rows` rows. */
function featureColumns(rows = X.length): Record<string, Float64Array> {
  return Object.fromEntries(FEATURES.map((f, j) => [f, Float64Array.from({ length: rows }, (_, i) => X[i % X.length]![j]!)]));
}

describe('inference: tables feeding a model', () => {
  after(closeModels);
  afterEach(cleanup);

  it('feeds CSV columns in the order given, not the file order, and matches numpy', async () => {
    const r = await inferFile(fixture('classifier.onnx'), fixture('classifier_input.csv'), { columns: FEATURES });
    assertClose(r.outputs.probabilities!, PROBS, 1e-6);
    assert.deepEqual(r.outputs.label, LABELS);
  });

  it('feeds Parquet columns the same way', async () => {
    const r = await inferFile(fixture('classifier.onnx'), fixture('classifier_input.parquet'), { columns: FEATURES });
    assertClose(r.outputs.probabilities!, PROBS, 1e-6);
  });

  it('uses every numeric column when their count is the model feature count', async () => {
    const file = writeCsv(`f0,f1,f2,f3,id\n${X.map((r, i) => `${r.join(',')},row${i}`).join('\n')}\n`);
    const r = await inferFile(fixture('classifier.onnx'), file);
    assertClose(r.outputs.probabilities!, PROBS, 1e-6);
  });

  it('asks for a column list when the numeric columns outnumber the features', async () => {
    await rejects(inferFile(fixture('classifier.onnx'), fixture('classifier_input.csv')), 'input "X"', 'takes 4 features', '"target" (5)');
  });

  it('names a requested column the file lacks, listing those it has', async () => {
    await rejects(inferFile(fixture('classifier.onnx'), fixture('classifier_input.csv'), { columns: ['f0', 'f1', 'f2', 'f9'] }), 'missing column', '"f9"', '"id", "f2"');
  });

  it('names the column and row of a text cell fed to the model', async () => {
    await rejects(inferFile(fixture('classifier.onnx'), fixture('classifier_input.csv'), { columns: ['f0', 'f1', 'f2', 'id'] }), 'column "id", line 2', '"row0" cannot be fed to input "X"');
  });

  it('passes missing cells to a float model as NaN', async () => {
    const file = writeCsv('a,b\n1,\n-2,nan\n');
    const r = await inferFile(fixture('metadata.onnx'), file);
    assert.deepEqual(r.outputs.Y, [[1, NaN], [0, NaN]]);
  });

  it('feeds integer columns to an int64 input exactly', async () => {
    const r = await inferFile(fixture('int_features.onnx'), writeCsv('a,b\n3,-4\n94906267,1\n'));
    assert.deepEqual(r.outputs.Y, [[9, 16], ['9007199515875289', 1]]);
  });

  it('refuses a missing or fractional cell for an integer input, naming column and row', async () => {
    await rejects(inferFile(fixture('int_features.onnx'), writeCsv('a,b\n1,2\n3,\n')), 'column "b", row 2', 'a missing value cannot be fed to input "X" (int64)');
    await rejects(inferFile(fixture('int_features.onnx'), writeCsv('a,b\n1,2.5\n')), 'column "b", row 1', '2.5 cannot be fed');
  });

  it('feeds one column per input when the inputs are named after columns', async () => {
    const r = await inferFile(fixture('per_column.onnx'), writeCsv('b,a,other\n3,1,x\n0.5,2,y\n'));
    assert.deepEqual(r.outputs.Y, [[-2], [1.5]]);
  });

  it('says a table cannot feed several inputs of many features', async () => {
    await rejects(inferFile(fixture('integers.onnx'), writeCsv('a,b\n1,2\n')), 'cannot map columns to the model', 'the model has 2 inputs ("a", "b")');
  });

  it('rejects --columns for JSON input', async () => {
    const file = path.join(tempDir(), 'in.json');
    fs.writeFileSync(file, '{}');
    await rejects(inferFile(fixture('linear.onnx'), file, { columns: ['a'] }), '--columns', 'not JSON');
  });
});

describe('inference: predictColumns for prediction drift', () => {
  after(closeModels);

  it('returns the label and one column per class probability, named output[i]', async () => {
    const cols = await predictColumns(fixture('classifier.onnx'), featureColumns());
    assert.deepEqual(Object.keys(cols), ['label', 'probabilities[0]', 'probabilities[1]', 'probabilities[2]']);
    assert.ok(cols.label instanceof Float64Array);
    assert.deepEqual([...cols.label], LABELS);
    for (let k = 0; k < 3; k++) assertClose([...cols[`probabilities[${k}]`]!], PROBS.map((p) => p[k]!), 1e-6, `probabilities[${k}]`);
  });

  it('takes the features named in options from a wider table, in that order', async () => {
    const cols = { target: new Float64Array(X.length), ...featureColumns() };
    const reversed = Object.fromEntries(Object.entries(cols).reverse());
    const out = await predictColumns(fixture('classifier.onnx'), reversed, { features: FEATURES });
    assert.deepEqual([...out.label!], LABELS);
  });

  it('runs a table larger than one chunk and joins the chunks in row order', async () => {
    const rows = 300_001;
    const out = await predictColumns(fixture('classifier.onnx'), featureColumns(rows));
    assert.equal(out.label!.length, rows);
    for (const i of [0, 1, 262_143, 262_144, 262_145, rows - 1]) {
      assert.equal(out.label![i], LABELS[i % X.length], `label of row ${i}`);
      assertClose(out['probabilities[2]']![i]!, PROBS[i % X.length]![2]!, 1e-6, `probabilities[2] of row ${i}`);
    }
  });

  it('runs a fixed-batch model one batch at a time', async () => {
    const out = await predictColumns(fixture('fixed_batch.onnx'), { a: Float64Array.of(-1, 2, 3), b: Float64Array.of(4, -5, 6) });
    assert.deepEqual([...out['Y[0]']!], [0, 2, 3]);
    assert.deepEqual([...out['Y[1]']!], [4, 0, 6]);
  });

  it('refuses columns of different lengths', async () => {
    await rejects(predictColumns(fixture('metadata.onnx'), { a: new Float64Array(3), b: new Float64Array(2) }), 'columns differ in length', '"b"');
  });

  it('says a table cannot feed a model with several inputs of many features', async () => {
    await rejects(predictColumns(fixture('symbolic.onnx'), featureColumns()), 'cannot map columns to the model', '2 inputs');
  });
});
