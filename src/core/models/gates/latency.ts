import { describeError } from '../../errors';
import { compare, parseComparison } from './compare';
import { shortRun, type GateKindDef, type GateSpec } from './types';
import { formatNumber } from '../../registry/format';

type LatencyGate = Extract<GateSpec, { kind: 'latency' }>;

export const LATENCY_METRIC = 'latency_p95_ms';

/**
 * `latency_p95_ms OP MS`. A `latency_p95_ms` metric logged by the producing run is the measurement
 * (taken where the model will serve); otherwise the stored ONNX copy is benchmarked on this machine.
 * A model neither recorded nor measurable fails with "latency not measured".
 */
export const latencyGate: GateKindDef<LatencyGate> = {
  kind: 'latency',
  parse(text) {
    const c = parseComparison(text);
    return c.name === LATENCY_METRIC ? { kind: 'latency', text: text.trim(), op: c.op, threshold: c.threshold } : null;
  },
  async evaluate(spec, ctx) {
    const base = { name: spec.text, threshold: spec.threshold };
    const verdict = (value: number, source: string) => {
      if (Number.isNaN(value)) return { ...base, value, passed: false, reason: `latency is NaN (${source})` };
      const passed = compare(value, spec.op, spec.threshold);
      return { ...base, value, passed, reason: `p95 ${formatNumber(value)} ms (${source})${passed ? '' : `, needs ${spec.op} ${spec.threshold}`}` };
    };
    const recorded = ctx.run?.metrics[LATENCY_METRIC];
    if (recorded && ctx.run) return verdict(recorded.last, `recorded by run ${shortRun(ctx.run.id)}`);
    if (ctx.modelFile === null) return { ...base, value: null, passed: false, reason: 'latency not measured: the version has no stored copy to benchmark' };
    try {
      return verdict(await ctx.services.latencyP95(ctx.modelFile, ctx.candidate.format), 'measured on this machine');
    } catch (err) {
      return { ...base, value: null, passed: false, reason: `latency not measured: ${describeError(err)}` };
    }
  },
};
