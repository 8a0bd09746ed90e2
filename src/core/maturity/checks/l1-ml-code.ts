import type { MaturityCheck } from '../types';
import { fail, pass } from './kit';

export const mlCode: MaturityCheck = {
  id: 'L1.ml-code',
  level: 1,
  title: 'ML code that trains a model',
  weight: 1,
  docs: {
    what: 'Looks for Python files or notebooks that train a model (`model.fit(...)`, an `optimizer.step()` loop, `Trainer(...)`, `xgb.train(...)`).',
    why: 'The maturity ladder describes how a model is built and run; without training code there is nothing to assess.',
    pass: 'At least one Python file or notebook trains a model.',
    references: ['https://cloud.google.com/architecture/mlops-continuous-delivery-and-automation-pipelines-in-machine-learning#mlops_level_0_manual_process'],
  },
  fix: { text: 'Open the folder that holds the training code, or point the assessment at it (`mlops-lens score path/to/project`).' },
  reads: ['code', 'notebook'],
  evaluate(f) {
    const ev = f.evidence('train', 'trains a model', ['code', 'notebook']);
    return ev.length ? pass(ev) : fail('no Python file or notebook trains a model');
  },
};
