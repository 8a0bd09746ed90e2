import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MlopsError } from '../../../src/core/errors';
import { closeModels, infer, inspect } from '../../../src/core/inference';
import { parseModel } from '../../../src/core/inference/model-info';
import { cleanup, EXPECTED, fixture, tempDir } from './helpers';

/** Asserts the promise fails with an MlopsError whose message holds every given fragment. */
async function rejectsWith(p: Promise<unknown>, ...fragments: (string | RegExp)[]): Promise<MlopsError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof MlopsError, `expected an MlopsError, got ${String(err)}`);
    for (const f of fragments) {
      if (typeof f === 'string') assert.ok(err.message.includes(f), `"${err.message}" lacks "${f}"`);
      else assert.match(err.message, f);
    }
    return err;
  }
  assert.fail('expected a rejection');
}

function write(name: string, bytes: Buffer | string): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, bytes);
  return file;
}

describe('inference: corrupt and unsupported models', () => {
  afterEach(async () => {
    await closeModels();
    cleanup();
  });

  it('says an empty file is empty, naming it', async () => {
    const file = write('empty.onnx', '');
    await rejectsWith(inspect(file), 'cannot read model', file, 'the file is empty');
  });

  it('says where a truncated model runs out of bytes', async () => {
    const bytes = fs.readFileSync(fixture('classifier.onnx'));
    const file = write('cut.onnx', bytes.subarray(0, 200));
    await rejectsWith(inspect(file), file, /protobuf parsing failed \(truncated: .*\b200\b/);
  });

  it('fails with a clear error or parses for every prefix of a model, never with anything else', () => {
    const bytes = fs.readFileSync(fixture('classifier.onnx'));
    let rejected = 0;
    for (let n = 0; n < bytes.length; n++) {
      try {
        parseModel('cut.onnx', bytes.subarray(0, n));
      } catch (err) {
        assert.ok(err instanceof MlopsError && err.message.startsWith('cannot read model: cut.onnx: '), `prefix of ${n} bytes: ${String(err)}`);
        rejected++;
      }
    }
    assert.ok(rejected > bytes.length / 2, `only ${rejected} prefixes rejected`);
  });

  it('fails with a clear error or parses when bytes of a model are overwritten at random', () => {
    const original = fs.readFileSync(fixture('subgraph.onnx'));
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let trial = 0; trial < 500; trial++) {
      const bytes = Buffer.from(original);
      for (let k = 0; k < 3; k++) bytes[rand(bytes.length)] = rand(256);
      try {
        parseModel('fuzz.onnx', bytes);
      } catch (err) {
        assert.ok(err instanceof MlopsError, `trial ${trial}: ${String(err)}`);
      }
    }
  });

  it('runs or rejects damaged models that parse, catching every runtime failure', async () => {
    const original = fs.readFileSync(fixture('classifier.onnx'));
    const dir = tempDir();
    let seed = 11;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let trial = 0; trial < 60; trial++) {
      const bytes = Buffer.from(original);
      for (let k = 0; k < 2; k++) bytes[rand(bytes.length)] = rand(256);
      const file = path.join(dir, `fuzz${trial}.onnx`);
      fs.writeFileSync(file, bytes);
      await infer(file, { X: [[1, 2, 0.5, -1]] }).catch((err: unknown) => assert.ok(err instanceof MlopsError, `trial ${trial}: ${String(err)}`));
    }
  });

  it('rejects a text file as not an ONNX model', async () => {
    const file = write('notes.onnx', 'a,b,c\n1,2,3\n');
    await rejectsWith(inspect(file), file, 'not an ONNX model: this looks like a text file');
  });

  it('recognises a zip archive handed over as a model', async () => {
    const file = write('model.onnx', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(60, 7)]));
    await rejectsWith(inspect(file), file, 'zip archive');
  });

  it('rejects bytes that decode as protobuf but hold no graph', async () => {
    // Field 2 (producer_name) = "x": a valid ModelProto with neither graph nor IR version.
    const file = write('nograph.onnx', Buffer.from([0x12, 0x01, 0x78]));
    await rejectsWith(inspect(file), file, 'not an ONNX model: it has no graph');
  });

  it('names a missing file, a folder and a symlink loop given as a model', async () => {
    const dir = tempDir();
    await rejectsWith(inspect(path.join(dir, 'absent.onnx')), 'absent.onnx', 'no such file');
    await rejectsWith(inspect(dir), dir, 'not a file');
    const loop = path.join(dir, 'loop.onnx');
    fs.symlinkSync(loop, loop);
    await rejectsWith(inspect(loop), loop, 'ELOOP');
  });

  it('reports the runtime reason for an op from an unknown domain, and keeps serving other models', async () => {
    const file = fixture('custom_op.onnx');
    await rejectsWith(infer(file, { X: [[1, 2]] }), 'cannot load model', file, 'onnxruntime: com.example:FancyOp(-1) is not a registered function/op');
    const ok = await infer(fixture('linear.onnx'), EXPECTED.linear!.inputs);
    assert.deepEqual(ok.outputs, EXPECTED.linear!.outputs);
  });

  it('fails the same way on a second attempt instead of caching a broken session', async () => {
    const file = fixture('custom_op.onnx');
    await rejectsWith(infer(file, { X: [[1, 2]] }), 'FancyOp');
    await rejectsWith(infer(file, { X: [[1, 2]] }), 'FancyOp');
  });

  it('reads a model fixed in place after a failed read', async () => {
    const file = write('model.onnx', '');
    await rejectsWith(inspect(file), 'the file is empty');
    fs.copyFileSync(fixture('linear.onnx'), file);
    assert.deepEqual((await inspect(file)).ops, { Add: 1, MatMul: 1 });
  });

  it('reports a runtime failure at run time as an inference error naming the model', async () => {
    // The unnamed batch dimension accepts any size, so onnxruntime itself rejects 0 columns for MatMul.
    const file = fixture('linear.onnx');
    await rejectsWith(infer(file, { X: [[]] }), 'input does not match the model', 'expected shape [?, 3]');
  });
});
