import { readAirflow, upstreamOf } from '../airflow';
import { trainsIn, validatesIn, validationCommands } from '../pipeline-words';
import type { FileContext, FileRule, RawFinding } from '../types';
import { readWorkflows, stepsBefore, stepText } from '../workflow';

const WAY_OUT = 'validate the input data first (Great Expectations, pandera, TFDV, Deepchecks, Evidently or mlops-lens drift --fail-on-drift)';

export const unvalidatedRetraining: FileRule = {
  code: 'MLO201',
  name: 'unvalidated-retraining',
  severity: 'warning',
  scope: 'file',
  docs: {
    what: 'Finds scheduled pipelines that retrain a model with no data-validation step before the training step: GitHub Actions workflows with `on.schedule`, GitLab CI jobs that run on `$CI_PIPELINE_SOURCE == "schedule"` (or `only: [schedules]`), Argo `CronWorkflow`s, Kubeflow `ScheduledWorkflow`s (recurring runs) and Airflow DAGs with a `schedule`/`schedule_interval`. A step validates data when it runs Great Expectations, pandera, TFDV, Deepchecks, Evidently, whylogs, Soda, `mlops-lens drift`, is named for validating or checking data, or runs a command listed in `validation_commands` under `[tool.mlops-lens.lint]`. "Before" means an earlier step of the same job, a job it `needs` (transitively; earlier stages in GitLab), an earlier Argo step or DAG dependency, or an upstream Airflow task.',
    why: 'A retraining job that nobody watches trains on whatever arrived: an empty extract, a renamed column or a broken upstream feed gives a worse model, and the next deployment ships it. Checking the data first turns silent decay into a failed run someone sees.',
    example: 'on:\n  schedule:\n    - cron: "0 3 * * 1"\njobs:\n  retrain:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: python src/train.py\n',
    instead: 'on:\n  schedule:\n    - cron: "0 3 * * 1"\njobs:\n  retrain:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Validate data\n        run: great_expectations checkpoint run weekly_batch\n      - run: python src/train.py\n',
    exampleFile: '.github/workflows/retrain.yml',
    references: [
      'https://cloud.google.com/architecture/mlops-continuous-delivery-and-automation-pipelines-in-machine-learning#data_validation',
      'https://docs.greatexpectations.io/docs/core/trigger_actions_based_on_results/run_a_checkpoint/',
      'https://pandera.readthedocs.io/',
      'https://www.tensorflow.org/tfx/guide/tfdv',
    ],
  },
  appliesTo: ['yaml', 'python'],
  prefilter: /schedule/i,
  check(ctx) {
    return ctx.kind === 'python' ? checkAirflow(ctx) : checkWorkflows(ctx);
  },
};

function checkWorkflows(ctx: FileContext): RawFinding[] {
  const configured = validationCommands(ctx.config);
  const out: RawFinding[] = [];
  for (const wf of readWorkflows(ctx)) {
    for (const job of wf.jobs.values()) {
      if (!job.scheduled) continue;
      // The step whose commands train; failing that, the last step of a step or job named for training.
      let i = job.steps.findIndex((s) => trainsIn('', s.text));
      if (i < 0) i = job.steps.findLastIndex((s) => trainsIn(s.name, s.text));
      if (i < 0) continue;
      const step = job.steps[i]!;
      const lines = step.text.split('\n');
      const at = lines.findIndex((l) => trainsIn('', l));
      // A script that validates and then trains, in that order, is fine.
      if (at > 0 && validatesIn(lines.slice(0, at).join('\n'), configured)) continue;
      if (stepsBefore(wf, job, i).some((s) => validatesIn(stepText(s), configured))) continue;
      out.push({ range: step.range, message: `scheduled job "${job.id}" retrains a model with no data-validation step before it: ${WAY_OUT}` });
    }
  }
  return out;
}

function checkAirflow(ctx: FileContext): RawFinding[] {
  const dag = readAirflow(ctx);
  if (!dag?.schedule) return [];
  const configured = validationCommands(ctx.config);
  const validators = [...dag.tasks.values()].filter((t) => validatesIn(`${t.name}\n${t.text}`, configured)).map((t) => t.key);
  const out: RawFinding[] = [];
  for (const t of dag.tasks.values()) {
    if (!(t.trains || trainsIn('', `${t.name}\n${t.commands}`)) || validators.includes(t.key)) continue;
    if (validators.length > 0 && !dag.ordered) continue;
    const up = upstreamOf(dag, t.key);
    if (validators.some((v) => up.has(v))) continue;
    const what = validators.length > 0 ? `validates data only after or beside "${t.name}"` : `has no data-validation task before "${t.name}"`;
    out.push({ range: t.range, message: `Airflow DAG scheduled with ${dag.schedule.text} retrains a model but ${what}: ${WAY_OUT}` });
  }
  return out;
}
