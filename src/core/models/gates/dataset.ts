import type { GateKindDef, GateSpec } from './types';
import { shortRun } from './types';

type DatasetGate = Extract<GateSpec, { kind: 'dataset' }>;

/** `require_dataset`: the producing run has at least one input dataset with its hash. */
export const datasetGate: GateKindDef<DatasetGate> = {
  kind: 'dataset',
  parse: (text) => (text.trim() === 'require_dataset' ? { kind: 'dataset', text: 'require_dataset' } : null),
  evaluate(spec, ctx) {
    const base = { name: spec.text, threshold: 1 };
    if (!ctx.run) return { ...base, value: null, passed: false, reason: 'no producing run: the data that made this model is unknown' };
    const n = ctx.run.inputs.length;
    return n > 0
      ? { ...base, value: n, passed: true, reason: `run ${shortRun(ctx.run.id)} read ${ctx.run.inputs.map((d) => d.path).join(', ')}` }
      : { ...base, value: 0, passed: false, reason: `run ${shortRun(ctx.run.id)} has no input dataset recorded` };
  },
};
