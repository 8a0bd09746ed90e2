/** Shapes the inference module returns; the CLI prints them as JSON, so field names are kept stable. */

/** A dimension: a fixed size, a symbol (`"batch"`), or `"?"` for a dynamic dimension without a name. */
export type Dim = number | string;

export interface ValueInfo {
  name: string;
  /** `float32`, `int64`, `bool`, … for tensors; `sequence<…>`, `map<…>`, `optional<…>` otherwise. */
  type: string;
  /** Null when the model does not declare the rank. */
  shape: Dim[] | null;
  /** True for a plain tensor (the only kind `infer` feeds or returns). */
  isTensor: boolean;
}

export interface ModelInfo {
  path: string;
  sha256: string;
  bytes: number;
  irVersion: number;
  opset: { domain: string; version: number }[];
  producer: string;
  producerVersion: string;
  domain: string;
  modelVersion: number;
  graphName: string;
  docString: string;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  /** Node count by op type, subgraphs included; ops outside the default domain are `domain.OpType`. */
  ops: Record<string, number>;
  nodeCount: number;
  initializers: number;
  metadata: Record<string, string>;
}

/** A nested array as JSON has it: numbers, booleans, or strings for int64 values beyond 2^53. */
export type Nested = number | boolean | string | Nested[];

export interface InferResult {
  outputs: Record<string, Nested>;
  /** Outputs that are not plain tensors (maps, sequences), which the runtime cannot return to JavaScript. */
  skipped?: { name: string; type: string }[];
}

export interface BenchOptions {
  /** Untimed calls before measuring (default 50). */
  warmup?: number;
  /** Timed single-row calls, ours and the bare baseline each (default 1000). */
  iterations?: number;
  batches?: number[];
  /** The p95 latency the single-row run must stay under (default 100 ms). */
  slaP95Ms?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface BenchResult {
  path: string;
  /** The onnxruntime-node version measured. */
  onnxruntime: string;
  iterations: number;
  warmup: number;
  latencyMs: { p50: number; p95: number; p99: number; mean: number; min: number; max: number };
  /** rowsPerSec is null (with a note) for a batch size the model's fixed batch dimension rules out. */
  throughput: { batch: number; rowsPerSec: number | null; calls: number; note?: string }[];
  baseline: { latencyMs: { p50: number; p95: number; p99: number } };
  /** Our p50 over the bare session's p50, both single-row with tensors built once. */
  overheadRatio: number;
  /** `infer()` from nested JSON arrays to JSON outputs: input checks, tensor building and output conversion included. */
  endToEnd: { latencyMs: { p50: number; p95: number; p99: number } };
  sla: { metric: 'latency_p95_ms'; thresholdMs: number; valueMs: number; pass: boolean };
}
