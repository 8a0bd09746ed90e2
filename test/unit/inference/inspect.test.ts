import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import protobuf from 'protobufjs';
import { closeModels, inspect } from '../../../src/core/inference';
import descriptor from '../../../src/core/inference/onnx.proto.json';
import { cleanup, copyModel, fixture } from './helpers';

describe('inference: inspect', () => {
  afterEach(async () => {
    await closeModels();
    cleanup();
  });

  it('loads a JSON descriptor identical to onnx.proto (run make_proto_json.mjs after editing the .proto)', () => {
    const text = fs.readFileSync(`${__dirname}/../../../src/core/inference/onnx.proto`, 'utf8');
    const { root } = protobuf.parse(text, { keepCase: true });
    assert.deepEqual(JSON.parse(JSON.stringify(root.toJSON())), descriptor);
  });

  it('reads the IR version from the first field of the file, as its bytes say', async () => {
    const bytes = fs.readFileSync(fixture('linear.onnx'));
    // Tag 0x08 is field 1 (ir_version) with wire type 0 (varint); the next byte is the value.
    assert.equal(bytes[0], 0x08);
    assert.equal((await inspect(fixture('linear.onnx'))).irVersion, bytes[1]);
  });

  it('reports the classifier inputs, outputs, opset, producer and op counts', async () => {
    const info = await inspect(fixture('classifier.onnx'));
    assert.deepEqual(info.inputs, [{ name: 'X', type: 'float32', shape: ['N', 4], isTensor: true }]);
    assert.deepEqual(info.outputs, [
      { name: 'label', type: 'int64', shape: ['N'], isTensor: true },
      { name: 'probabilities', type: 'float32', shape: ['N', 3], isTensor: true },
    ]);
    assert.deepEqual(info.opset, [{ domain: '', version: 17 }]);
    assert.equal(info.producer, 'mlops-lens-fixtures');
    assert.equal(info.producerVersion, '1');
    assert.deepEqual(info.ops, { Add: 1, ArgMax: 1, MatMul: 1, Softmax: 1 });
    assert.equal(info.nodeCount, 4);
    assert.equal(info.initializers, 2);
  });

  it('gives the file size and the sha256 of its bytes', async () => {
    const file = fixture('classifier.onnx');
    const bytes = fs.readFileSync(file);
    const info = await inspect(file);
    assert.equal(info.bytes, bytes.length);
    assert.equal(info.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(info.path, file);
  });

  it('shows an unnamed dynamic dimension as "?" and fixed ones as numbers', async () => {
    const info = await inspect(fixture('linear.onnx'));
    assert.deepEqual(info.inputs[0]!.shape, ['?', 3]);
    assert.deepEqual(info.outputs[0]!.shape, ['?', 1]);
  });

  it('keeps symbolic dimension names and leaves out an initializer listed among the graph inputs', async () => {
    const info = await inspect(fixture('symbolic.onnx'));
    assert.deepEqual(info.inputs.map((i) => [i.name, i.shape]), [['X', ['batch', 'seq']], ['w', ['batch']]]);
  });

  it('reads metadata props, doc string, model domain and model version', async () => {
    const info = await inspect(fixture('metadata.onnx'));
    assert.deepEqual(info.metadata, { author: 'fixtures', classes: 'cat,dog', threshold: '0.5' });
    assert.equal(info.docString, 'ReLU with metadata');
    assert.equal(info.domain, 'org.example.models');
    assert.equal(info.modelVersion, 7);
  });

  it('inspects a model whose custom-domain op the runtime cannot run, naming the op with its domain', async () => {
    const info = await inspect(fixture('custom_op.onnx'));
    assert.deepEqual(info.ops, { 'com.example.FancyOp': 1 });
    assert.deepEqual(info.opset, [{ domain: '', version: 17 }, { domain: 'com.example', version: 1 }]);
  });

  it('counts the nodes inside If branches', async () => {
    const info = await inspect(fixture('subgraph.onnx'));
    assert.deepEqual(info.ops, { Abs: 1, If: 1, Neg: 1 });
    assert.equal(info.nodeCount, 3);
    assert.deepEqual(info.inputs[0], { name: 'cond', type: 'bool', shape: [], isTensor: true });
  });

  it('reads a model again when the file at the same path is replaced', async () => {
    const file = copyModel('linear.onnx');
    assert.deepEqual((await inspect(file)).ops, { Add: 1, MatMul: 1 });
    fs.copyFileSync(fixture('metadata.onnx'), file);
    assert.deepEqual((await inspect(file)).ops, { Relu: 1 });
  });
});
