/**
 * Inference overhead: single-row latency of the fixture classifier through our layer and through a bare
 * `InferenceSession.run` on the same session, measured in alternating blocks in this process (the baseline),
 * with their p50 ratio (target ≤ 1.05), the end-to-end `infer()` latency from JSON arrays, and throughput at
 * batch 1/32/1024.
 */
import * as path from 'node:path';
import { bench, closeModels, loadModel } from '../src/core/inference';

const model = path.resolve(__dirname, '..', 'test', 'fixtures', 'inference', 'classifier.onnx');

export const targets = { overheadRatio: { max: 1.05 }, 'latencyMs.p95': { max: 100 } };

export async function run(): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  await loadModel(model);
  const firstLoadMs = performance.now() - t0;
  try {
    const r = await bench(model, { warmup: 500, iterations: 5000 });
    const round = (x: number) => Number(x.toFixed(4));
    return {
      model: path.relative(process.cwd(), model),
      onnxruntime: r.onnxruntime,
      firstLoadMs: round(firstLoadMs),
      latencyMs: { p50: round(r.latencyMs.p50), p95: round(r.latencyMs.p95), p99: round(r.latencyMs.p99) },
      baseline: { latencyMs: { p50: round(r.baseline.latencyMs.p50), p95: round(r.baseline.latencyMs.p95), p99: round(r.baseline.latencyMs.p99) } },
      overheadRatio: round(r.overheadRatio),
      overheadTarget: 1.05,
      endToEndMs: { p50: round(r.endToEnd.latencyMs.p50), p95: round(r.endToEnd.latencyMs.p95) },
      throughput: r.throughput.map((t) => ({ batch: t.batch, rowsPerSec: t.rowsPerSec === null ? null : Math.round(t.rowsPerSec) })),
      sla: r.sla,
    };
  } finally {
    await closeModels();
  }
}
