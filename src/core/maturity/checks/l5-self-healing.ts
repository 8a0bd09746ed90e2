import type { EvidenceItem, MaturityCheck } from '../types';
import { fail, partial, pass } from './kit';

export const selfHealing: MaturityCheck = {
  id: 'L5.self-healing',
  level: 5,
  title: 'Self-healing pipelines',
  weight: 2,
  docs: {
    what: 'Looks for pipelines that recover on their own: retries (Airflow/Prefect `retries=`, Argo `retryStrategy`, Kubernetes `backoffLimit`, tenacity), timeouts (`timeout-minutes`, `execution_timeout`, `activeDeadlineSeconds`), and automatic rollback (`mlops-lens models rollback`, Argo Rollouts, `helm rollback`, `kubectl rollout undo`).',
    why: 'A pipeline that stops at the first transient failure, or a bad model that stays until someone notices, needs a human to heal it.',
    pass: 'Pass: retries or timeouts, and a rollback path. Partial: one of the two.',
    references: ['https://airflow.apache.org/docs/apache-airflow/stable/core-concepts/tasks.html', 'https://argoproj.github.io/argo-rollouts/features/analysis/'],
  },
  fix: { text: 'Give pipeline steps retries and timeouts, and roll back automatically when the post-deployment check fails.', command: 'mlops-lens models rollback my-model' },
  reads: ['code', 'ci', 'config', 'pipeline'],
  evaluate(f) {
    const resilience: EvidenceItem[] = [...f.evidence('retries', 'retries', undefined, 2), ...f.evidence('timeouts', 'timeout', undefined, 2)];
    const rollback = f.evidence('rollback', 'rollback');
    if (resilience.length && rollback.length) return pass([...resilience, ...rollback]);
    if (resilience.length) return partial(resilience, 'no automatic rollback');
    if (rollback.length) return partial(rollback, 'no retries or timeouts');
    return fail('no retries, timeouts or rollback');
  },
};
