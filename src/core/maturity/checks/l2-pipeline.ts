import type { MaturityCheck } from '../types';
import { fail, pass } from './kit';

export const pipeline: MaturityCheck = {
  id: 'L2.pipeline',
  level: 2,
  title: 'Automated training pipeline',
  weight: 3,
  docs: {
    what: 'Looks for a pipeline that trains without hand-run notebook cells: `dvc.yaml` stages, an `MLproject`, Kubeflow/Vertex/SageMaker pipeline code, Airflow, Prefect, Dagster, ZenML, Metaflow or Kedro code, Argo/Kubeflow workflow manifests, a Makefile or justfile `train` target, or a CI job that trains.',
    why: 'At level 1 every model is built by hand; a pipeline is what makes retraining repeatable and schedulable.',
    pass: 'Any one of the pipeline forms above exists.',
    references: ['https://dvc.org/doc/user-guide/pipelines/defining-pipelines', 'https://cloud.google.com/architecture/mlops-continuous-delivery-and-automation-pipelines-in-machine-learning#mlops_level_1_ml_pipeline_automation'],
  },
  fix: { text: 'Describe training as a pipeline stage, e.g. a `dvc.yaml` stage `train` with its `deps` and `outs`, then run it with `dvc repro`.', command: 'dvc stage add -n train -d train.py -o model.pkl python train.py' },
  reads: ['pipeline', 'code', 'ci', 'config'],
  evaluate(f) {
    const ev = [
      ...f.evidence('dvc-stage', 'dvc.yaml stage'),
      ...f.evidence('mlproject-entry', 'MLproject entry points'),
      ...f.evidence('make-train', 'training target'),
      ...f.evidence('pipeline-code', 'pipeline code'),
      ...f.evidence('k8s-pipeline', 'workflow manifest'),
      ...f.evidence('ci-train', 'CI job trains', ['ci']),
    ];
    return ev.length ? pass(ev) : fail('no dvc.yaml stage, MLproject, orchestrator code, workflow manifest, train target or CI training job');
  },
};
