import type { Tensor } from 'onnxruntime-node';
import { MlopsError } from '../errors';
import { infer, run, tensor, tensorOutputs } from './infer';
import { loadModel, type LoadedModel } from './runtime';
import { fromNested } from './tensors';
import type { BenchOptions, BenchResult, Nested, ValueInfo } from './types';

export const DEFAULT_SLA_P95_MS = 100;
const BLOCK = 50;
const BLOCK_MS = 10;
/** Each batch size runs at least this long (and at least MIN_CALLS calls) for a stable rate. */
const THROUGHPUT_MS = 250;
const MIN_CALLS = 3;
const END_TO_END_CALLS = 200;

/**
 * Single-row latency through our layer and through a bare `InferenceSession.run` on the same session, in
 * alternating blocks so both see the same machine load; then throughput at each batch size.
 */
export async function bench(modelPath: string, options: BenchOptions = {}): Promise<BenchResult> {
  const warmup = options.warmup ?? 50;
  const iterations = options.iterations ?? 1000;
  if (!Number.isInteger(iterations) || iterations < 1) throw new MlopsError('invalid option', 'iterations', `expected a whole number ≥ 1, got ${iterations}`);
  if (!Number.isInteger(warmup) || warmup < 0) throw new MlopsError('invalid option', 'warmup', `expected a whole number ≥ 0, got ${warmup}`);
  const batches = options.batches ?? [1, 32, 1024];
  const slaMs = options.slaP95Ms ?? DEFAULT_SLA_P95_MS;
  // Cancellation is checked where progress is reported: often enough, and never inside a timed call.
  const progress = (done: number, total: number) => {
    options.signal?.throwIfAborted();
    options.onProgress?.(done, total);
  };
  const model = await loadModel(modelPath);
  const fetches = tensorOutputs(model);
  const single = syntheticInputs(model.info.inputs, 1, modelPath);
  const feeds = Object.fromEntries(model.info.inputs.map((input) => [input.name, tensor(model, fromNested(input, single[input.name], modelPath, new Map()))]));
  const session = model.session;
  const ours = () => run(model, feeds, fetches, modelPath);
  const bare = () => session.run(feeds, fetches);

  // End to end is a side figure: a fifth of the timed calls, at most END_TO_END_CALLS.
  const e2eCalls = Math.min(END_TO_END_CALLS, Math.ceil(iterations / 5));
  const total = 2 * (warmup + iterations) + e2eCalls + batches.length * BLOCK;
  let done = 0;
  const warmStart = performance.now();
  for (let i = 0; i < warmup; i++) {
    await ours();
    await bare();
    if (++done % BLOCK === 0) progress(2 * done, total);
  }
  // Blocks of about BLOCK_MS each: short enough that a change in machine load hits both sides alike.
  const perPairMs = warmup > 0 ? (performance.now() - warmStart) / warmup : BLOCK_MS;
  const block = Math.max(1, Math.min(BLOCK, Math.floor((2 * BLOCK_MS) / Math.max(perPairMs, 1e-3))));
  const oursMs: number[] = [];
  const bareMs: number[] = [];
  for (let k = 0; oursMs.length < iterations; k++) {
    const n = Math.min(block, iterations - oursMs.length);
    // Alternating which goes first cancels the advantage of running right after the other.
    if (k % 2 === 0) {
      await timeCalls(ours, n, oursMs);
      await timeCalls(bare, n, bareMs);
    } else {
      await timeCalls(bare, n, bareMs);
      await timeCalls(ours, n, oursMs);
    }
    progress(2 * (warmup + oursMs.length), total);
  }

  const endToEnd: number[] = [];
  await timeCalls(() => infer(modelPath, single, modelPath), e2eCalls, endToEnd);
  progress(2 * (warmup + iterations) + e2eCalls, total);

  const throughput: BenchResult['throughput'] = [];
  for (const [k, batch] of batches.entries()) {
    throughput.push(await measureThroughput(model, batch, fetches, modelPath));
    progress(2 * (warmup + iterations) + e2eCalls + (k + 1) * BLOCK, total);
  }

  const latency = summarize(oursMs);
  const baseline = summarize(bareMs);
  const e2e = summarize(endToEnd);
  return {
    path: modelPath,
    onnxruntime: model.ort.env.versions.node ?? model.ort.env.versions.common,
    iterations,
    warmup,
    latencyMs: latency,
    throughput,
    baseline: { latencyMs: { p50: baseline.p50, p95: baseline.p95, p99: baseline.p99 } },
    overheadRatio: latency.p50 / baseline.p50,
    endToEnd: { latencyMs: { p50: e2e.p50, p95: e2e.p95, p99: e2e.p99 } },
    sla: { metric: 'latency_p95_ms', thresholdMs: slaMs, valueMs: latency.p95, pass: latency.p95 <= slaMs },
  };
}

async function timeCalls(fn: () => Promise<unknown>, n: number, into: number[]): Promise<void> {
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    into.push(performance.now() - t0);
  }
}

async function measureThroughput(model: LoadedModel, batch: number, fetches: string[], modelPath: string): Promise<BenchResult['throughput'][number]> {
  const fixed = model.info.inputs.map((i) => i.shape?.[0]).find((d): d is number => typeof d === 'number' && d > 0);
  if (fixed !== undefined && fixed !== batch) return { batch, rowsPerSec: null, calls: 0, note: `the model's batch dimension is fixed at ${fixed}` };
  const inputs = syntheticInputs(model.info.inputs, batch, modelPath);
  const feeds: Record<string, Tensor> = {};
  for (const input of model.info.inputs) feeds[input.name] = tensor(model, fromNested(input, inputs[input.name], modelPath, new Map()));
  // The first calls at a new shape allocate the runtime's buffers for it.
  await run(model, feeds, fetches, modelPath);
  await run(model, feeds, fetches, modelPath);
  let calls = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (calls < MIN_CALLS || elapsed < THROUGHPUT_MS) {
    await run(model, feeds, fetches, modelPath);
    calls++;
    elapsed = performance.now() - t0;
  }
  return { batch, rowsPerSec: (batch * calls * 1000) / elapsed, calls };
}

/**
 * Deterministic inputs of the declared shapes: a symbolic or unnamed first dimension (and any dimension
 * sharing its symbol) is the batch, other free dimensions are 1.
 */
export function syntheticInputs(inputs: ValueInfo[], batch: number, modelPath: string): Record<string, Nested> {
  const batchSymbols = new Set(inputs.map((i) => i.shape?.[0]).filter((d): d is string => typeof d === 'string' && d !== '?'));
  let seed = 12345;
  const next = () => {
    // A small LCG: the same values every run, so two benches of one model compare like for like.
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const out: Record<string, Nested> = {};
  for (const input of inputs) {
    if (!input.shape) throw new MlopsError('cannot benchmark model', `${modelPath}: input "${input.name}"`, 'it declares no shape to fill');
    const dims = input.shape.map((d, axis) => (typeof d === 'number' && d >= 0 ? d : (axis === 0 && d === '?') || batchSymbols.has(String(d)) ? batch : 1));
    const value = input.type === 'bool' ? () => next() < 0.5
      : input.type.startsWith('float') ? () => next() * 2 - 1
        : () => Math.floor(next() * 10);
    const build = (depth: number): Nested => (depth === dims.length ? value() : Array.from({ length: dims[depth]! }, () => build(depth + 1)));
    out[input.name] = build(0);
  }
  return out;
}

/** Percentiles with linear interpolation between order statistics (numpy's default method). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function summarize(ms: number[]): BenchResult['latencyMs'] {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length, min: sorted[0]!, max: sorted[sorted.length - 1]!,
  };
}
