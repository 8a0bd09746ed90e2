import type { RunDetail } from '../../registry';
import type { ModelVersionRecord } from '../../registry/models';

export type Op = '>=' | '<=' | '>' | '<' | '==';

/** One parsed gate expression. `text` is the expression as written, and the gate's name in results. */
export type GateSpec =
  | { kind: 'metric'; text: string; metric: string; op: Op; threshold: number }
  | { kind: 'latency'; text: string; op: Op; threshold: number }
  | { kind: 'drift'; text: string; op: Op; threshold: number }
  | { kind: 'not_worse'; text: string; metric: string; tolerance: number; relative: boolean; better: 'higher' | 'lower' }
  | { kind: 'git_clean'; text: string }
  | { kind: 'dataset'; text: string };

export type GateKind = GateSpec['kind'];

/** What a gate found; the shape stored in `promotions.gate_results_json` and printed by the CLI. */
export interface GateResult {
  name: string;
  value: number | string | boolean | null;
  threshold: number | string | boolean | null;
  passed: boolean;
  /** Why it passed or failed, in one line ("metric not logged by run 1a2b3c4d", ...). */
  reason: string;
}

/** Measurements that need other modules (onnxruntime, the drift reader); injectable for tests and the backend. */
export interface GateServices {
  /** p95 single-row latency in ms of the model file; throws an MlopsError saying why it cannot measure. */
  latencyP95(modelFile: string, format: string | null): Promise<number>;
  /** The largest per-column PSI of `current` against `reference`; throws when it cannot compute it. */
  maxPsi(reference: string, current: string): Promise<{ value: number; column: string }>;
}

export interface GateContext {
  candidate: ModelVersionRecord;
  /** The candidate's producing run, when known. */
  run: RunDetail | null;
  target: string;
  /** The version holding `target` now (null when free), and its run. */
  holder: ModelVersionRecord | null;
  holderRun: RunDetail | null;
  /** The candidate's stored copy (absolute), or null for a version registered without one. */
  modelFile: string | null;
  /** Absolute data paths from the gates config, or null when not configured. */
  reference: string | null;
  current: string | null;
  services: GateServices;
}

/** A gate kind: its own grammar (null: not this kind) and its evaluation. */
export interface GateKindDef<S extends GateSpec = GateSpec> {
  kind: S['kind'];
  parse(text: string): S | null;
  evaluate(spec: S, ctx: GateContext): Promise<GateResult> | GateResult;
}

/** A syntax error inside one expression; the config reader adds the file and line. */
export class GateSyntaxError extends Error {}

export const shortRun = (id: string): string => id.slice(0, 8);
