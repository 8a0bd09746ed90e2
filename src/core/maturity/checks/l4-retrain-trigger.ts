import type { MaturityCheck } from '../types';
import { fail, pass } from './kit';

export const retrainTrigger: MaturityCheck = {
  id: 'L4.retrain-trigger',
  level: 4,
  title: 'Drift or alerts trigger retraining',
  weight: 2,
  docs: {
    what: 'Looks for a pipeline where monitoring starts training: a workflow or DAG that both checks drift and trains, a workflow started by `repository_dispatch`/`workflow_run` that trains, or alert routing to a retraining job.',
    why: 'Detecting drift helps only if something acts on it; at level 4 the action is automatic.',
    pass: 'A drift check and a training step in the same workflow or DAG, or a monitoring event that starts training.',
    references: ['https://cloud.google.com/architecture/mlops-continuous-delivery-and-automation-pipelines-in-machine-learning#mlops_level_2_cicd_pipeline_automation'],
  },
  fix: { text: 'Make the drift job start the training pipeline when it finds drift (a follow-up job that `needs` it, or a `repository_dispatch` event).', scaffold: { title: 'Add a drift check', path: '.github/workflows/mlops-drift.yml' } },
  reads: ['ci', 'code', 'config'],
  evaluate(f) {
    const ci = f.filesWithAll(['drift', 'ci-train'], ['ci']);
    const dag = f.filesWithAll(['drift', 'pipeline-code'], ['code']).filter((x) => x.hits.has('train') || /retrain|train/i.test(x.rel));
    const event = f.filesWithAll(['retrain-on-alert', 'ci-train'], ['ci']);
    const ev = [...ci, ...dag, ...event].slice(0, 3).map((x) => ({ file: x.rel, line: (x.hits.get('drift') ?? x.hits.get('retrain-on-alert'))![0]!.line, detail: 'monitoring starts training' }));
    return ev.length ? pass(ev) : fail('nothing starts training from drift or an alert');
  },
};
