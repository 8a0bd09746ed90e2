import type { EvidenceItem, MaturityCheck } from '../types';
import { fact, fail, pass, plural } from './kit';

export const predictionDrift: MaturityCheck = {
  id: 'L4.prediction-drift',
  level: 4,
  title: 'Prediction-drift monitoring',
  weight: 2,
  docs: {
    what: 'Looks for monitoring of the model\'s outputs: Evidently target/prediction drift, NannyML performance estimation (CBPE, DLE), `mlops-lens drift --model`, or drift reports recorded with a model version.',
    why: 'The prediction distribution moves before accuracy can be measured; it is the earliest model-level warning.',
    pass: 'Any prediction-drift monitoring in code, configuration or the registry.',
    references: ['https://docs.evidentlyai.com/', 'https://nannyml.readthedocs.io/en/stable/tutorials/performance_estimation.html'],
  },
  fix: { text: 'Monitor the distribution of predictions against the validation period, for example with `mlops-lens drift REFERENCE CURRENT --model NAME`.', command: 'mlops-lens drift data/reference.csv data/current.csv --model my-model' },
  reads: ['code', 'notebook', 'ci', 'config', 'registry'],
  evaluate(f) {
    const ev: EvidenceItem[] = f.evidence('prediction-drift', 'prediction drift');
    if (f.registry && f.registry.driftReportsWithModel > 0) ev.push(fact(`registry: ${plural(f.registry.driftReportsWithModel, 'drift report')} with model predictions`));
    return ev.length ? pass(ev) : fail('no prediction-drift monitoring');
  },
};
