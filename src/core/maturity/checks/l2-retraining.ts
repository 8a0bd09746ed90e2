import type { MaturityCheck } from '../types';
import { fail, partial, pass } from './kit';

export const retraining: MaturityCheck = {
  id: 'L2.retraining',
  level: 2,
  title: 'Scheduled or triggered retraining',
  weight: 2,
  docs: {
    what: 'Looks for training that starts on its own: a CI workflow with a schedule (GitHub `on.schedule`, GitLab scheduled pipelines) that trains, an Airflow/Prefect/Dagster schedule, an Argo `CronWorkflow`, a Kubeflow `ScheduledWorkflow` or a Kubernetes `CronJob`.',
    why: 'Data changes whether or not someone remembers to retrain; a model retrained only by hand goes stale silently.',
    pass: 'Pass: a schedule starts training. Partial: training can be started from CI by hand (`workflow_dispatch`) or a schedule exists without a training step.',
    references: ['https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#schedule', 'https://airflow.apache.org/docs/apache-airflow/stable/authoring-and-scheduling/cron.html'],
  },
  fix: {
    text: 'Run the training pipeline on a schedule (and on new data), with data validation first.',
    scaffold: { title: 'Add a scheduled retraining workflow', path: '.github/workflows/mlops-retrain.yml' },
  },
  reads: ['ci', 'code', 'config', 'pipeline'],
  evaluate(f) {
    const scheduledCi = f.filesWithAll(['ci-schedule', 'ci-train'], ['ci']);
    const ev = [
      ...scheduledCi.slice(0, 3).map((x) => ({ file: x.rel, line: x.hits.get('ci-schedule')![0]!.line, detail: `scheduled workflow trains: ${x.hits.get('ci-train')![0]!.text}` })),
      ...f.filesWithAll(['pipeline-code', 'dag-schedule'], ['code']).slice(0, 3).map((x) => ({ file: x.rel, line: x.hits.get('dag-schedule')![0]!.line, detail: `scheduled pipeline: ${x.hits.get('dag-schedule')![0]!.text}` })),
      ...f.evidence('k8s-schedule', 'scheduled workflow'),
    ];
    if (ev.length) return pass(ev);
    const manual = [...f.filesWithAll(['ci-manual-trigger', 'ci-train'], ['ci']), ...f.filesWith('ci-schedule', ['ci'])];
    if (manual.length) return partial(manual.slice(0, 3).map((x) => ({ file: x.rel, line: (x.hits.get('ci-schedule') ?? x.hits.get('ci-manual-trigger'))![0]!.line, detail: x.hits.has('ci-schedule') ? 'scheduled workflow, but it does not train' : 'training can be started by hand from CI' })), 'nothing retrains on a schedule');
    return fail('no schedule or trigger starts training');
  },
};
