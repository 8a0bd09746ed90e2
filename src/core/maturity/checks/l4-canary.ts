import type { EvidenceItem, MaturityCheck } from '../types';
import { fact, fail, pass } from './kit';

export const canary: MaturityCheck = {
  id: 'L4.canary',
  level: 4,
  title: 'A/B or canary rollout',
  weight: 2,
  docs: {
    what: 'Looks for a gradual or comparative rollout: KServe `canaryTrafficPercent`, Seldon or Istio traffic splits, Argo Rollouts steps, SageMaker production variants, champion/challenger aliases in the registry or code, a `not_worse` gate comparing a candidate with the current model.',
    why: 'Offline metrics do not guarantee online behaviour; a canary limits the damage of a bad model to a few users.',
    pass: 'Any canary, traffic split or champion/challenger comparison.',
    references: ['https://kserve.github.io/website/latest/modelserving/v1beta1/rollout/canary/', 'https://argoproj.github.io/argo-rollouts/'],
  },
  fix: { text: 'Roll a new model out to a small share of traffic first (for example KServe `canaryTrafficPercent: 10`) and promote it only when it is not worse.' },
  reads: ['config', 'code', 'registry'],
  evaluate(f) {
    const ev: EvidenceItem[] = f.evidence('canary', 'rollout split');
    const challenger = f.registry?.aliases.filter((a) => /^(?:challenger|champion|canary|candidate)$/i.test(a.alias)) ?? [];
    if (challenger.length) ev.push(fact(`registry: aliases ${challenger.map((a) => `${a.model}@${a.alias}`).join(', ')}`));
    const gate = [...(f.gates?.targets.values() ?? [])].flat().find((g) => g.kind === 'not_worse');
    if (gate) ev.push({ file: f.config.file ? f.rel(f.config.file) : null, line: null, detail: `comparison gate: ${gate.text}` });
    return ev.length ? pass(ev) : fail('no canary, traffic split or champion/challenger comparison');
  },
};
