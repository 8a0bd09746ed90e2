import type { MaturityCheck } from '../types';
import { fail, pass } from './kit';

export const featureDiscovery: MaturityCheck = {
  id: 'L5.feature-discovery',
  level: 5,
  title: 'Automated feature discovery',
  weight: 1,
  docs: {
    what: 'Looks for automated feature engineering or AutoML: Featuretools, tsfresh, autofeat, OpenFE, auto-sklearn, TPOT, FLAML, AutoGluon, PyCaret, H2O AutoML, in code or dependencies.',
    why: 'At level 5 candidate features are generated and evaluated by the pipeline, not only by hand.',
    pass: 'Any of these libraries in code or dependencies.',
    references: ['https://featuretools.alteryx.com/', 'https://tsfresh.readthedocs.io/'],
  },
  fix: { text: 'Add an automated feature-generation step (for example Featuretools deep feature synthesis) and keep the features that improve validation.' },
  reads: ['code', 'notebook', 'deps'],
  evaluate(f) {
    const ev = f.evidence('feature-discovery', 'feature discovery');
    return ev.length ? pass(ev) : fail('no automated feature discovery');
  },
};
