import { describeError } from '../../errors';
import { compare, parseComparison } from './compare';
import type { GateKindDef, GateSpec } from './types';
import { formatNumber } from '../../registry/format';

type DriftGate = Extract<GateSpec, { kind: 'drift' }>;

export const DRIFT_METRIC = 'max_psi';

/**
 * `max_psi OP NUMBER`: the largest per-column PSI of the configured `current` data against `reference`
 * (`[tool.mlops-lens.gates] reference = …, current = …`). Missing configuration or data fails.
 */
export const driftGate: GateKindDef<DriftGate> = {
  kind: 'drift',
  parse(text) {
    const c = parseComparison(text);
    return c.name === DRIFT_METRIC ? { kind: 'drift', text: text.trim(), op: c.op, threshold: c.threshold } : null;
  },
  async evaluate(spec, ctx) {
    const base = { name: spec.text, threshold: spec.threshold };
    if (ctx.reference === null || ctx.current === null) {
      const missing = [ctx.reference === null ? 'reference' : null, ctx.current === null ? 'current' : null].filter(Boolean).join(' and ');
      return { ...base, value: null, passed: false, reason: `drift not measured: set ${missing} = "data/….csv" in [tool.mlops-lens.gates]` };
    }
    try {
      const { value, column } = await ctx.services.maxPsi(ctx.reference, ctx.current);
      if (Number.isNaN(value)) return { ...base, value, passed: false, reason: `PSI is NaN (column "${column}")` };
      const passed = compare(value, spec.op, spec.threshold);
      return { ...base, value, passed, reason: `largest PSI ${formatNumber(value)} in column "${column}"${passed ? '' : `, needs ${spec.op} ${spec.threshold}`}` };
    } catch (err) {
      return { ...base, value: null, passed: false, reason: `drift not measured: ${describeError(err)}` };
    }
  },
};
