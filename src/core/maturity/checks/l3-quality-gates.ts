import type { EvidenceItem, MaturityCheck } from '../types';
import { fail, partial, pass } from './kit';

export const qualityGates: MaturityCheck = {
  id: 'L3.quality-gates',
  level: 3,
  title: 'Model-quality checks in CI',
  weight: 3,
  docs: {
    what: 'Looks for model-quality checks that CI runs: `mlops-lens gate`, `mlops-lens models promote` without `--force`, `dvc metrics diff`, evaluation steps with thresholds (`--threshold`, `--min-…`, asserts on metrics), CML reports. Gates written in `[tool.mlops-lens.gates]` count as partial until CI runs them. Ungated deployments found by MLO202 prevent a pass.',
    why: 'Without an automated quality bar, any trained model can reach users, including a broken one.',
    pass: 'Pass: CI runs a quality check and MLO202 finds no ungated deployment. Partial: gates are configured but not run in CI, or some deployment bypasses them.',
    references: ['https://ml-ops.org/content/mlops-principles#ml-test-score-system'],
  },
  fix: { text: 'Run the quality gates in CI before any deployment or promotion.', command: 'mlops-lens gate', scaffold: { title: 'Add a CI quality gate', path: '.github/workflows/mlops-quality.yml' } },
  reads: ['ci', 'pipeline', 'config'],
  evaluate(f) {
    const ci = f.evidence('ci-gate', 'CI quality check', ['ci', 'pipeline']);
    const configured: EvidenceItem[] = f.gates && f.gates.targets.size
      ? [{ file: f.config.file ? f.rel(f.config.file) : null, line: null, detail: `gates configured for ${[...f.gates.targets.keys()].join(', ')}` }]
      : [];
    const ungated = f.findings('MLO202').slice(0, 3).map((g) => ({ file: g.file, line: g.range.start.line + 1, detail: `MLO202: ${g.message}` }));
    if (ci.length && !ungated.length) return pass([...ci, ...configured]);
    if (ci.length) return partial([...ci, ...ungated], 'some deployments skip the quality check (MLO202)');
    if (configured.length) return partial(configured, 'gates are configured but CI does not run them');
    return fail('no model-quality check in CI', ungated);
  },
};

