import type { EvidenceItem, MaturityCheck } from '../types';
import { fact, fail, partial, pass, plural } from './kit';

export const promotion: MaturityCheck = {
  id: 'L3.promotion',
  level: 3,
  title: 'Gated promotion from staging to production',
  weight: 2,
  docs: {
    what: 'Looks for recorded promotions: registry promotions to staging or production with their gate results, GTO stage tags in git (`name#prod#3`), or promotion calls in code and CI (`set_registered_model_alias`, `transition_model_version_stage`, `gto assign`, `mlops-lens models promote`).',
    why: 'A promotion that is not recorded with the checks it passed cannot be audited or reversed with confidence.',
    pass: 'Pass: a promotion recorded with passing gates (not forced), or GTO stage tags. Partial: only forced promotions, or promotion calls in code with no record.',
    references: ['https://mlflow.org/docs/latest/model-registry.html#deploy-and-organize-models-with-aliases-and-tags', 'https://dvc.org/doc/gto/command-reference/assign'],
  },
  fix: { text: 'Promote versions with `mlops-lens models promote NAME VERSION --to production` so the gates run and the promotion is recorded.', command: 'mlops-lens models promote my-model 3 --to production' },
  reads: ['registry', 'code', 'ci'],
  evaluate(f) {
    const ev: EvidenceItem[] = [];
    const promos = f.registry?.promotions ?? [];
    const gated = promos.filter((p) => !p.forced && p.gates.length > 0);
    if (gated.length) ev.push(fact(`registry: ${plural(gated.length, 'gated promotion')} (latest ${gated.at(-1)!.model} v${gated.at(-1)!.version} → ${gated.at(-1)!.to}, gates: ${gated.at(-1)!.gates.join(', ')})`));
    if (f.tags.stages.length) ev.push(fact(`git tags: ${plural(f.tags.stages.length, 'GTO stage assignment')} (${f.tags.stages.slice(0, 3).join(', ')})`));
    if (ev.length) return pass(ev);
    const forced = promos.filter((p) => p.forced || p.gates.length === 0);
    const code = f.evidence('promote', 'promotes a model');
    if (forced.length) return partial([fact(`registry: ${plural(forced.length, 'promotion')} without gates or forced`), ...code], 'promotions skip the gates');
    if (code.length) return partial(code, 'promotion calls exist but no promotion is recorded');
    return fail('no recorded promotion, stage tag or promotion call');
  },
};
