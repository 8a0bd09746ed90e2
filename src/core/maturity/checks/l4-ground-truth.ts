import type { MaturityCheck } from '../types';
import { fail, pass } from './kit';

export const groundTruth: MaturityCheck = {
  id: 'L4.ground-truth',
  level: 4,
  title: 'Ground truth compared when labels arrive',
  weight: 2,
  docs: {
    what: 'Looks for code or configuration that joins delayed labels with logged predictions and computes quality: Evidently classification/regression presets, NannyML `PerformanceCalculator`, jobs about ground truth, actuals or delayed labels.',
    why: 'Drift says the world changed; only labels say whether the model is now wrong.',
    pass: 'Any ground-truth comparison.',
    references: ['https://nannyml.readthedocs.io/en/stable/tutorials/performance_calculation.html'],
  },
  fix: { text: 'Log predictions with an id, join them with labels as they arrive, and compute the production metrics on a schedule.' },
  reads: ['code', 'notebook', 'ci', 'config'],
  evaluate(f) {
    const ev = f.evidence('ground-truth', 'compares with ground truth');
    return ev.length ? pass(ev) : fail('no comparison of predictions with labels');
  },
};
