import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MlopsError } from '../../../src/core/errors';
import { closeModels, infer, inferFile, type Nested } from '../../../src/core/inference';
import { shortestFloat32 } from '../../../src/core/inference/tensors';
import { assertClose, cleanup, EXPECTED, fixture, tempDir } from './helpers';

async function rejects(p: Promise<unknown>, ...fragments: string[]): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof MlopsError, `expected an MlopsError, got ${String(err)}`);
    for (const f of fragments) assert.ok(err.message.includes(f), `"${err.message}" lacks "${f}"`);
    return true;
  });
}

function writeJson(value: unknown): string {
  const file = path.join(tempDir(), 'input.json');
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}

describe('inference: infer against numpy', () => {
  after(closeModels);
  afterEach(cleanup);

  it('matches numpy for the float32 linear regression (1e-6 relative)', async () => {
    const r = await infer(fixture('linear.onnx'), EXPECTED.linear!.inputs);
    assertClose(r.outputs.Y!, EXPECTED.linear!.outputs.Y!, 1e-6, 'Y');
  });

  it('matches numpy for the classifier probabilities and labels', async () => {
    const r = await infer(fixture('classifier.onnx'), EXPECTED.classifier!.inputs);
    assertClose(r.outputs.probabilities!, EXPECTED.classifier!.outputs.probabilities!, 1e-6, 'probabilities');
    assert.deepEqual(r.outputs.label, EXPECTED.classifier!.outputs.label);
  });

  it('matches numpy for the float64 model to 1e-12', async () => {
    const r = await infer(fixture('float64.onnx'), EXPECTED.float64!.inputs);
    assertClose(r.outputs.Y!, EXPECTED.float64!.outputs.Y!, 1e-12, 'Y');
  });

  it('returns int64 and int32 results exactly, int64 beyond 2^53 as decimal strings', async () => {
    const r = await infer(fixture('integers.onnx'), EXPECTED.integers!.inputs);
    assert.deepEqual(r.outputs, EXPECTED.integers!.outputs);
    assert.equal((r.outputs.c as Nested[][])[1]![0], '9007199254740998');
  });

  it('returns bool results as true and false', async () => {
    const r = await infer(fixture('booleans.onnx'), EXPECTED.booleans!.inputs);
    assert.deepEqual(r.outputs, EXPECTED.booleans!.outputs);
  });

  it('binds a symbolic dimension shared by two inputs and matches numpy', async () => {
    const r = await infer(fixture('symbolic.onnx'), EXPECTED.symbolic!.inputs);
    assertClose(r.outputs.Y!, EXPECTED.symbolic!.outputs.Y!, 1e-6, 'Y');
  });

  it('runs any batch size through a dynamic batch dimension', async () => {
    const rows = EXPECTED.classifier!.inputs.X as Nested[];
    const one = await infer(fixture('classifier.onnx'), { X: [rows[3]] });
    assertClose(one.outputs.probabilities!, [(EXPECTED.classifier!.outputs.probabilities as Nested[])[3]!], 1e-6);
    const many = Array.from({ length: 1000 }, (_, i) => rows[i % rows.length]!);
    const r = await infer(fixture('classifier.onnx'), { X: many });
    assert.equal((r.outputs.label as Nested[]).length, 1000);
    assert.deepEqual((r.outputs.label as Nested[]).slice(0, 5), EXPECTED.classifier!.outputs.label);
  });

  it('accepts 0 and 1 for bool inputs, and "NaN"/"Infinity" strings or null for float inputs', async () => {
    const r = await infer(fixture('booleans.onnx'), { a: [[1, 0, 1]], b: [[true, true, false]] });
    assert.deepEqual(r.outputs.both, [[true, false, false]]);
    const m = await infer(fixture('metadata.onnx'), { X: [['NaN', 'Infinity'], [null, '-inf']] });
    assert.deepEqual(m.outputs.Y, [[NaN, Infinity], [NaN, 0]]);
  });

  it('reads inputs from a JSON file', async () => {
    const r = await inferFile(fixture('linear.onnx'), writeJson(EXPECTED.linear!.inputs));
    assertClose(r.outputs.Y!, EXPECTED.linear!.outputs.Y!, 1e-6);
  });
});

describe('inference: inputs that do not fit', () => {
  after(closeModels);
  afterEach(cleanup);

  it('names the input, the expected shape and the given shape when a dimension is wrong', async () => {
    await rejects(infer(fixture('classifier.onnx'), { X: [[1, 2, 3]] }), 'input does not match the model', 'input "X"', 'expected shape [N, 4] (float32), given [1, 3]', 'dimension 1 is 3 instead of 4');
  });

  it('names the rank when a 2-D input gets a flat list', async () => {
    await rejects(infer(fixture('classifier.onnx'), { X: [1, 2, 3, 4] }), 'input "X"', 'given [4]', 'rank 1 instead of 2');
  });

  it('points at the element whose type is wrong', async () => {
    await rejects(infer(fixture('classifier.onnx'), { X: [[1, 2, 3, 4], [1, 'a', 3, 4]] }), 'input "X"', 'element [1][1] is "a", which does not fit float32');
    await rejects(infer(fixture('integers.onnx'), { a: [[1, 2]], b: [[1.5, 2]] }), 'input "b"', 'element [0][0] is 1.5, which does not fit int32');
    await rejects(infer(fixture('booleans.onnx'), { a: [[true, false, 2]], b: [[true, true, true]] }), 'input "a"', 'element [0][2] is 2, which does not fit bool');
  });

  it('refuses an int64 number JSON cannot hold exactly, and an int32 out of range', async () => {
    await rejects(infer(fixture('integers.onnx'), { a: [[2 ** 60, 1]], b: [[1, 2]] }), 'input "a"', 'element [0][0]');
    await rejects(infer(fixture('integers.onnx'), { a: [[1, 1]], b: [[2 ** 31, 2]] }), 'input "b"', 'element [0][0] is 2147483648');
  });

  it('points at a ragged row', async () => {
    await rejects(infer(fixture('classifier.onnx'), { X: [[1, 2, 3, 4], [1, 2, 3]] }), 'input "X"', 'ragged array: element [1] has 3 elements where 4 are expected');
  });

  it('says when two inputs disagree on a shared symbolic dimension', async () => {
    await rejects(infer(fixture('symbolic.onnx'), { X: [[1, 2], [3, 4]], w: [1, 2, 3] }), 'input "w"', '"batch" is 3 here but 2 in input "X"');
  });

  it('lists the model inputs for a missing or unknown input name', async () => {
    await rejects(infer(fixture('integers.onnx'), { a: [[1, 2]] }), 'missing input', '"b"', 'int32 [N, 2]');
    await rejects(infer(fixture('linear.onnx'), { X: [[1, 2, 3]], x2: [] }), 'unknown input', '"x2"', `the model's inputs are "X"`);
  });

  it('rejects JSON that is not an object of inputs, naming the file', async () => {
    const file = writeJson([[1, 2, 3]]);
    await rejects(inferFile(fixture('linear.onnx'), file), 'invalid inputs', file);
    const bad = path.join(tempDir(), 'bad.json');
    fs.writeFileSync(bad, '{"X": [[1, 2');
    await rejects(inferFile(fixture('linear.onnx'), bad), 'cannot read input', bad, 'invalid JSON');
  });
});

describe('inference: float32 results as JSON', () => {
  it('writes the shortest decimal that reads back as the same float32', () => {
    // float32(0.1) is 0.100000001490116119384765625; "0.1" is the shortest text that rounds to it.
    assert.equal(shortestFloat32(Math.fround(0.1)), 0.1);
    assert.equal(shortestFloat32(Math.fround(1 / 3)), 0.33333334);
    assert.equal(shortestFloat32(Math.fround(16777217)), 16777216);
    assert.ok(Number.isNaN(shortestFloat32(NaN)));
    for (const v of [1e-38, 3.4028234663852886e38, -2.5e-7, 123456.789]) assert.equal(Math.fround(shortestFloat32(Math.fround(v))), Math.fround(v));
  });
});
