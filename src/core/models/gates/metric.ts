import { compare, parseComparison } from './compare';
import { shortRun, type GateKindDef, type GateSpec } from './types';
import { formatNumber } from '../../registry/format';

type MetricGate = Extract<GateSpec, { kind: 'metric' }>;

/**
 * `METRIC OP NUMBER` on the last value the producing run logged for METRIC. A metric the run never
 * logged, a NaN value, or a version with no known run fails: a gate never passes by default.
 */
export const metricGate: GateKindDef<MetricGate> = {
  kind: 'metric',
  parse(text) {
    const c = parseComparison(text);
    return { kind: 'metric', text: text.trim(), metric: c.name, op: c.op, threshold: c.threshold };
  },
  evaluate(spec, ctx) {
    const base = { name: spec.text, threshold: spec.threshold };
    if (!ctx.run) return { ...base, value: null, passed: false, reason: 'no producing run: register the model with --run so its metrics can be checked' };
    const summary = ctx.run.metrics[spec.metric];
    if (!summary) return { ...base, value: null, passed: false, reason: `metric not logged: run ${shortRun(ctx.run.id)} has no "${spec.metric}"` };
    const value = summary.last;
    if (Number.isNaN(value)) return { ...base, value, passed: false, reason: `"${spec.metric}" is NaN (last value, step ${summary.step})` };
    const passed = compare(value, spec.op, spec.threshold);
    return { ...base, value, passed, reason: `${spec.metric} = ${formatNumber(value)} (step ${summary.step} of run ${shortRun(ctx.run.id)})${passed ? '' : `, needs ${spec.op} ${spec.threshold}`}` };
  },
};
