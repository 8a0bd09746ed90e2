import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { closeModels } from '../../../src/core/inference';
import { runInferenceCli } from './cli-helpers';
import { assertClose, cleanup, copyModel, EXPECTED, fixture, tempDir } from './helpers';

describe('mlops-lens inspect, infer and bench', () => {
  after(closeModels);
  afterEach(cleanup);

  it('prints inspect --json with the keys CI reads', async () => {
    const r = await runInferenceCli(['--json', 'inspect', fixture('classifier.onnx')]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const key of ['path', 'sha256', 'bytes', 'irVersion', 'opset', 'producer', 'inputs', 'outputs', 'ops', 'metadata']) assert.ok(key in j, key);
    assert.deepEqual(j.inputs, [{ name: 'X', type: 'float32', shape: ['N', 4], isTensor: true }]);
    assert.deepEqual(j.opset, [{ domain: '', version: 17 }]);
  });

  it('prints inspect as text for people', async () => {
    const r = await runInferenceCli(['inspect', fixture('metadata.onnx')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^inputs\n {2}X {2}float32 {2}\[N, 2\]$/m);
    assert.match(r.stdout, /^ops \(1 node, 0 initializers\)$/m);
    assert.match(r.stdout, /^ {2}classes {4}cat,dog$/m);
  });

  it('prints infer --json outputs for a JSON input file', async () => {
    const input = path.join(tempDir(), 'in.json');
    fs.writeFileSync(input, JSON.stringify(EXPECTED.classifier!.inputs));
    const r = await runInferenceCli(['--json', 'infer', fixture('classifier.onnx'), '--input', input]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { outputs: Record<string, never> };
    assert.deepEqual(Object.keys(j), ['outputs']);
    assert.deepEqual(j.outputs.label, EXPECTED.classifier!.outputs.label);
    assertClose(j.outputs.probabilities, EXPECTED.classifier!.outputs.probabilities!, 1e-6);
  });

  it('takes --columns for a CSV input and prints one row per sample as text', async () => {
    const r = await runInferenceCli(['infer', fixture('classifier.onnx'), '--input', fixture('classifier_input.csv'), '--columns', 'f0,f1,f2,f3']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^ROW +label +probabilities\[0\] +probabilities\[1\] +probabilities\[2\]$/);
    assert.equal(lines.length, 6);
  });

  it('reads the column list and the SLA from [tool.mlops-lens.inference] beside the model', async () => {
    const dir = tempDir();
    const model = copyModel('classifier.onnx', dir);
    fs.writeFileSync(path.join(dir, 'mlops-lens.toml'), '[inference]\ncolumns = ["f0", "f1", "f2", "f3"]\nlatency_p95_ms = 1e-9\n');
    const r = await runInferenceCli(['--json', 'infer', model, '--input', fixture('classifier_input.csv')]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { outputs: { label: unknown } }).outputs.label, EXPECTED.classifier!.outputs.label);
    const b = await runInferenceCli(['--json', 'bench', model, '--iterations', '10', '--warmup', '1', '--batches', '1']);
    assert.equal(b.code, 1);
    assert.equal((JSON.parse(b.stdout) as { sla: { thresholdMs: number } }).sla.thresholdMs, 1e-9);
  });

  it('names the config line of an invalid inference setting', async () => {
    const dir = tempDir();
    const model = copyModel('linear.onnx', dir);
    fs.writeFileSync(path.join(dir, 'mlops-lens.toml'), '[inference]\n\nlatency_p95_ms = "fast"\n');
    const r = await runInferenceCli(['bench', model]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^mlops-lens: invalid configuration: .*mlops-lens\.toml:3: "latency_p95_ms" must be a positive number/);
  });

  it('prints bench --json with latency, throughput, baseline, ratio and SLA, exiting 0 when it passes', async () => {
    const r = await runInferenceCli(['--json', 'bench', fixture('classifier.onnx'), '--iterations', '30', '--warmup', '2', '--batches', '1,32']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { latencyMs: Record<string, number>; throughput: { batch: number }[]; baseline: { latencyMs: { p50: number } }; overheadRatio: number; sla: { pass: boolean } };
    assert.ok(j.latencyMs.p50! > 0 && j.latencyMs.p95! > 0 && j.latencyMs.p99! > 0);
    assert.deepEqual(j.throughput.map((t) => t.batch), [1, 32]);
    assert.ok(j.baseline.latencyMs.p50 > 0);
    assert.ok(j.overheadRatio > 0);
    assert.equal(j.sla.pass, true);
  });

  it('exits 1 and says so on stderr when the SLA fails', async () => {
    const r = await runInferenceCli(['bench', fixture('linear.onnx'), '--iterations', '10', '--warmup', '1', '--batches', '1', '--sla-ms', '0.000001']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^SLA +p95 .* > 0\.000 ms: FAIL$/m);
    assert.match(r.stderr, /^mlops-lens: latency SLA failed: .*linear\.onnx: p95 /);
  });

  it('exits 2 with what, where and why for a model that is not ONNX', async () => {
    const file = path.join(tempDir(), 'model.onnx');
    fs.writeFileSync(file, '{"not": "a model"}');
    const r = await runInferenceCli(['inspect', file]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.startsWith(`mlops-lens: cannot read model: ${file}: not an ONNX model: this looks like JSON (protobuf parsing failed: `), r.stderr);
  });

  it('exits 2 on a bad option value', async () => {
    const r = await runInferenceCli(['bench', fixture('linear.onnx'), '--iterations', 'many']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--iterations expects a whole number/);
  });
});
