import type { MaturityCheck } from '../types';
import { fail, pass } from './kit';

export const featureStore: MaturityCheck = {
  id: 'L3.feature-store',
  level: 3,
  title: 'Feature store or one feature-computation path',
  weight: 1,
  docs: {
    what: 'Looks for a feature store (Feast `feature_store.yaml`, Tecton, Vertex AI or SageMaker feature store, Hopsworks), or for serving code with no training-serving skew: lint rule MLO301 finds no feature transformation implemented twice.',
    why: 'Features computed one way in training and another way in serving give a model inputs it never saw.',
    pass: 'Pass: a feature store, or serving code with no MLO301 findings. Fail: MLO301 findings, or neither a store nor serving code to compare.',
    references: ['https://docs.feast.dev/', 'https://developers.google.com/machine-learning/guides/rules-of-ml#training-serving_skew'],
  },
  fix: { text: 'Compute features in one module that both training and serving import, or move them to a feature store such as Feast.', command: 'feast init' },
  reads: ['code', 'config'],
  evaluate(f) {
    const store = [...f.evidence('feast-config', 'Feast repository'), ...f.evidence('feature-store', 'feature store')];
    if (store.length) return pass(store);
    const skew = f.findings('MLO301');
    if (skew.length) return fail('features are computed twice (MLO301)', skew.slice(0, 3).map((s) => ({ file: s.file, line: s.range.start.line + 1, detail: `MLO301: ${s.message}` })));
    const serving = f.evidence('serving', 'serving code', ['code'], 2);
    if (serving.length) return pass(serving, 'serving code shares the feature path (no MLO301 findings)');
    return fail('no feature store and no serving code');
  },
};
