import * as assert from 'node:assert/strict';
import { MlopsError } from '../../../src/core/errors';
import { bench, closeModels, infer } from '../../../src/core/inference';
import { percentile, syntheticInputs } from '../../../src/core/inference/bench';
import { fixture } from './helpers';

describe('inference: bench', () => {
  after(closeModels);

  it('computes percentiles by linear interpolation, as numpy does', () => {
    // numpy.percentile([1, 2, 3, 4, 10], [50, 95, 99]) == [3.0, 8.8, 9.76]
    const sorted = [1, 2, 3, 4, 10];
    assert.equal(percentile(sorted, 50), 3);
    assert.ok(Math.abs(percentile(sorted, 95) - 8.8) < 1e-12);
    assert.ok(Math.abs(percentile(sorted, 99) - 9.76) < 1e-12);
    assert.equal(percentile([5], 99), 5);
  });

  it('fills symbolic batch dimensions with the batch size and other free dimensions with 1', () => {
    const inputs = [
      { name: 'X', type: 'float32', shape: ['batch', 'seq', 3], isTensor: true },
      { name: 'w', type: 'bool', shape: ['batch'], isTensor: true },
      { name: 'k', type: 'int64', shape: ['?', 2], isTensor: true },
    ];
    const out = syntheticInputs(inputs, 4, 'm.onnx');
    const x = out.X as number[][][];
    assert.deepEqual([x.length, x[0]!.length, x[0]![0]!.length], [4, 1, 3]);
    assert.ok(x.flat(2).every((v) => v >= -1 && v < 1));
    assert.ok((out.w as unknown[]).every((v) => typeof v === 'boolean'));
    assert.deepEqual([(out.k as number[][]).length, (out.k as number[][])[0]!.length], [4, 2]);
  });

  it('reports latency percentiles, the bare baseline, their ratio and throughput per batch size', async () => {
    const r = await bench(fixture('classifier.onnx'), { warmup: 5, iterations: 40, batches: [1, 32] });
    assert.ok(r.latencyMs.p50 > 0 && r.latencyMs.p50 <= r.latencyMs.p95 && r.latencyMs.p95 <= r.latencyMs.p99);
    assert.ok(r.latencyMs.min <= r.latencyMs.p50 && r.latencyMs.p99 <= r.latencyMs.max);
    assert.equal(r.overheadRatio, r.latencyMs.p50 / r.baseline.latencyMs.p50);
    assert.deepEqual(r.throughput.map((t) => t.batch), [1, 32]);
    assert.ok(r.throughput.every((t) => t.rowsPerSec !== null && t.rowsPerSec > 0 && t.calls >= 3));
    assert.equal(r.iterations, 40);
    assert.ok(r.endToEnd.latencyMs.p50 > 0);
  });

  it('passes the SLA when p95 is under the limit and fails it when over', async () => {
    const ok = await bench(fixture('linear.onnx'), { warmup: 2, iterations: 20, batches: [1] });
    assert.deepEqual([ok.sla.metric, ok.sla.thresholdMs, ok.sla.pass], ['latency_p95_ms', 100, true]);
    const strict = await bench(fixture('linear.onnx'), { warmup: 2, iterations: 20, batches: [1], slaP95Ms: 1e-9 });
    assert.equal(strict.sla.pass, false);
    assert.equal(strict.sla.valueMs, strict.latencyMs.p95);
  });

  it('skips batch sizes a fixed batch dimension rules out, saying why', async () => {
    const r = await bench(fixture('fixed_batch.onnx'), { warmup: 2, iterations: 10, batches: [1, 32] });
    assert.ok(r.throughput[0]!.rowsPerSec! > 0);
    assert.deepEqual(r.throughput[1], { batch: 32, rowsPerSec: null, calls: 0, note: "the model's batch dimension is fixed at 1" });
  });

  it('reports progress up to the total', async () => {
    const seen: [number, number][] = [];
    await bench(fixture('linear.onnx'), { warmup: 50, iterations: 100, batches: [1], onProgress: (d, t) => seen.push([d, t]) });
    assert.ok(seen.length >= 3);
    const last = seen[seen.length - 1]!;
    assert.equal(last[0], last[1]);
    assert.ok(seen.every(([d], i) => i === 0 || d >= seen[i - 1]![0]));
  });

  it('refuses zero iterations and a model the runtime cannot load', async () => {
    await assert.rejects(bench(fixture('linear.onnx'), { iterations: 0 }), /invalid option: iterations/);
    await assert.rejects(bench(fixture('custom_op.onnx'), { iterations: 5 }), (e: unknown) => e instanceof MlopsError && e.message.includes('FancyOp'));
  });

  it('leaves the session usable for inference afterwards', async () => {
    await bench(fixture('integers.onnx'), { warmup: 1, iterations: 5, batches: [2] });
    const r = await infer(fixture('integers.onnx'), { a: [[1, 2]], b: [[3, 4]] });
    assert.deepEqual(r.outputs, { c: [[4, 6]], d: [[9, 16]] });
  });
});
