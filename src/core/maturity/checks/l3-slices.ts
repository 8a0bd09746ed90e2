import type { MaturityCheck } from '../types';
import { fail, pass } from './kit';

export const slices: MaturityCheck = {
  id: 'L3.slices',
  level: 3,
  title: 'Fairness or slice checks',
  weight: 1,
  docs: {
    what: 'Looks for model evaluation on slices or for fairness: Fairlearn (`MetricFrame`), AIF360, Giskard, TFMA `slicing_specs`, per-slice metrics or gates.',
    why: 'A model can improve on average while getting worse for one group of users; only slice metrics show it.',
    pass: 'Any slice or fairness evaluation in code or configuration.',
    references: ['https://fairlearn.org/main/user_guide/assessment/index.html', 'https://www.tensorflow.org/tfx/model_analysis/get_started'],
  },
  fix: { text: 'Compute the evaluation metrics per important slice (for example with `fairlearn.metrics.MetricFrame`) and gate on the worst slice.' },
  reads: ['code', 'notebook', 'config', 'ci'],
  evaluate(f) {
    const ev = f.evidence('fairness', 'slice or fairness evaluation');
    return ev.length ? pass(ev) : fail('no slice or fairness evaluation');
  },
};
