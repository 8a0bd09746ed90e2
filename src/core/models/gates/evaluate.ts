import type { Registry, RunDetail } from '../../registry';
import type { ModelVersionRecord } from '../../registry/models';
import { storedAbsolute } from '../store';
import type { GatesConfig } from './parse';
import { GATE_KINDS } from './parse';
import { defaultServices } from './services';
import type { GateContext, GateKindDef, GateResult, GateServices, GateSpec } from './types';

export interface EvaluateInput {
  candidate: ModelVersionRecord;
  target: string;
  holder: ModelVersionRecord | null;
  gates: GatesConfig;
  services?: Partial<GateServices>;
}

/** Evaluates every gate configured for `target` (none configured: an empty list) in order. */
export async function evaluateGates(reg: Registry, input: EvaluateInput): Promise<GateResult[]> {
  const specs = input.gates.targets.get(input.target) ?? [];
  if (specs.length === 0) return [];
  const ctx: GateContext = {
    candidate: input.candidate,
    run: runOf(reg, input.candidate),
    target: input.target,
    holder: input.holder,
    holderRun: input.holder ? runOf(reg, input.holder) : null,
    modelFile: input.candidate.storedPath === null ? null : storedAbsolute(reg.file, input.candidate.storedPath),
    reference: input.gates.reference,
    current: input.gates.current,
    services: { ...defaultServices, ...input.services },
  };
  const results: GateResult[] = [];
  for (const spec of specs) results.push(await evaluateOne(spec, ctx));
  return results;
}

function evaluateOne(spec: GateSpec, ctx: GateContext): Promise<GateResult> | GateResult {
  const def = GATE_KINDS.find((k) => k.kind === spec.kind) as GateKindDef;
  return def.evaluate(spec, ctx);
}

function runOf(reg: Registry, v: ModelVersionRecord): RunDetail | null {
  if (v.run === null) return null;
  return reg.getRun(v.run);
}
