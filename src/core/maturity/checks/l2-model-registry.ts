import type { EvidenceItem, MaturityCheck } from '../types';
import { fact, fail, pass, plural } from './kit';

export const modelRegistry: MaturityCheck = {
  id: 'L2.model-registry',
  level: 2,
  title: 'Model registry in use',
  weight: 2,
  docs: {
    what: 'Looks for versioned models: versions in the MLOps Lens registry, GTO registration tags in git (`name@v1.2.0`), or code and CI that register models (`mlflow.register_model`, `registered_model_name=`, W&B model artifacts, `gto register`, `mlops-lens models register`).',
    why: 'Without a registry, "the model in production" is a file path; nobody can tell which run made it or roll back to the previous one.',
    pass: 'Any registered model version, GTO tag or registration call.',
    references: ['https://mlflow.org/docs/latest/model-registry.html', 'https://dvc.org/doc/gto'],
  },
  fix: { text: 'Register each trained model with its run, then promote versions through aliases.', command: 'mlops-lens models register model.onnx --name my-model' },
  reads: ['code', 'notebook', 'ci', 'registry'],
  evaluate(f) {
    const ev: EvidenceItem[] = [];
    const r = f.registry;
    if (r && r.modelVersions > 0) ev.push(fact(`registry: ${plural(r.modelVersions, 'model version')} of ${plural(r.models, 'model')}`));
    if (f.tags.registrations.length) ev.push(fact(`git tags: ${plural(f.tags.registrations.length, 'GTO registration')} (${f.tags.registrations.slice(0, 3).join(', ')})`));
    ev.push(...f.evidence('register-model', 'registers a model'));
    return ev.length ? pass(ev) : fail('no registered model version, GTO tag or registration call');
  },
};
