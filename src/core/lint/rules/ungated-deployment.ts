import * as path from 'node:path';
import type { FileRule, RawFinding } from '../types';
import { readWorkflows, stepsBefore, stepText } from '../workflow';

/** Commands that ship a model wherever they appear. */
const MODEL_DEPLOY = /\bmlflow\s+(?:models\s+serve|deployments\s+(?:create|update)|sagemaker\s+deploy)|\bmlops-lens\s+models\s+promote\b[^\n]*--force|\bhuggingface-cli\s+upload\b|\bhf\s+upload\b|\baws\s+sagemaker\s+(?:create|update)-endpoint\b|\bsagemaker\b[^\n]*\bdeploy\b|\bgcloud\s+ai\s+endpoints\s+deploy-model\b|\baz\s+ml\s+online-deployment\s+(?:create|update)\b|\bbentoml\s+deploy\b|\bgto\s+(?:assign|promote)\b|\btruss\s+push\b|\bcog\s+push\b|\breplicate\s+push\b/;
/** Copies to object storage: a deployment when a model file goes up (local source, remote destination). */
const STORAGE_COPY = /\b(?:aws\s+s3\s+(?:cp|sync|mv)|gsutil\s+(?:-m\s+)?(?:cp|rsync|mv)|gcloud\s+storage\s+(?:cp|rsync)|az\s+storage\s+blob\s+(?:upload|upload-batch|sync)|azcopy\s+(?:copy|sync)|rclone\s+(?:copy|sync))\b/;
const MODEL_FILE = /\.(?:pkl|pickle|joblib|onnx|pt|pth|h5|keras|safetensors|pb|tflite|mar|bst|cbm|gguf|mlmodel)\b|(?:^|[/\s])(?:models?|artifacts?\/model\w*)\/?(?:$|[/\s])/i;
const REMOTE = /^(?:s3|gs|az|abfss?|wasbs?|https?|r2|b2):\/\/|^[\w-]+:[^/\s]/;
/** Deployments of anything; counted only where the workflow is about a model or a prediction service. */
const GENERIC_DEPLOY = /\bkubectl\s+(?:apply|create|replace|set\s+image|rollout\s+restart)\b|\bhelm\s+(?:upgrade|install)\b|\bdocker\s+push\b|\bgcloud\s+(?:run|app|functions)\s+deploy\b|\baz\s+(?:webapp|containerapp|functionapp)\s+(?:up|create|update|deploy)\b|\b(?:serverless|sam|fly|cdk)\s+deploy\b|\banyscale\s+service\s+(?:rollout|deploy)\b|\bserve\s+deploy\b/;
const BUILD_PUSH = /\bdocker\/build-push-action\b[^]*^push:\s*true\b/m;
const MODEL_CONTEXT = /model|serv(?:e|ing|er)|inference|predict|endpoint|\bml\b|mlops/i;

/** What shows a quality check ran: the gate command, evaluation tests, or an evaluation with a threshold. */
const GATE = /\bmlops-lens\s+(?:gate|models\s+promote\b(?![^\n]*--force))|\bpytest\b[^\n]*(?:eval|model|quality|perf|metric|accura|threshold|behavio)|\bpytest\b[^\n]*\s-m\s+["']?\w*(?:eval|model|quality)|\bdvc\s+metrics\s+diff\b[^\n]*(?:\||&&|--fail)|\b(?:quality|model|metrics?)[-_ ]gate\b/i;
const EVALUATES = /(?:^|[\s/._-])eval(?:uat\w*)?(?:$|[\s/._-])|\bvalidat\w*|\bbenchmark\w*/i;
const THRESHOLD = /threshold|--min[-_]|--max[-_]|\bmin_\w+|\bmax_\w+|fail[-_]?(?:under|if|on)|\bassert\b|\bgate\b|\s(?:>=|<=|-ge|-le|-gt|-lt)\s|\bjq\s+-e\b|--check\b|\bexit\s+1\b/i;

export const ungatedDeployment: FileRule = {
  code: 'MLO202',
  name: 'ungated-deployment',
  severity: 'warning',
  scope: 'file',
  docs: {
    what: 'Finds workflow steps that deploy, push or promote a model with no evaluation or threshold step before them in the same workflow (an earlier step of the job, or a job it `needs`, transitively; earlier stages in GitLab CI; earlier steps or DAG dependencies in Argo). Deployments: `mlflow models serve`/`deployments create`, `mlops-lens models promote --force`, `huggingface-cli upload`, SageMaker, Vertex AI and Azure ML endpoints, BentoML, GTO `assign`/`promote`, and uploads of model files (`*.pkl`, `*.onnx`, `models/`…) with `aws s3`, `gsutil`, `gcloud storage`, `az storage`, `azcopy` or `rclone`; copies between two buckets that name models; `kubectl apply`, `helm upgrade`, `docker push`, `anyscale service rollout` and similar count when the workflow is about a model or a prediction service. Gates: `mlops-lens gate`, `mlops-lens models promote` without `--force`, `pytest` on evaluation or model tests, `dvc metrics diff` piped into a check, or an evaluate/validate step with a threshold (`--threshold`, `--min-…`, `assert`, `jq -e`, `-ge`…).',
    why: 'A pipeline that ships whatever the last training produced puts a worse model in front of users as soon as the data or the code regresses. An automatic threshold check before the deploy step is what lets a team retrain often without watching every run.',
    example: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python train.py\n      - run: aws s3 cp models/model.onnx s3://acme-models/churn/\n',
    instead: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python train.py\n      - run: mlops-lens gate --model churn\n      - run: aws s3 cp models/model.onnx s3://acme-models/churn/\n',
    exampleFile: '.github/workflows/deploy.yml',
    references: [
      'https://ml-ops.org/content/mlops-principles#model-governance',
      'https://cloud.google.com/architecture/mlops-continuous-delivery-and-automation-pipelines-in-machine-learning#mlops_level_2_cicd_pipeline_automation',
      'https://dvc.org/doc/command-reference/metrics/diff',
    ],
  },
  appliesTo: ['yaml'],
  prefilter: /push|deploy|promote|serve|upload|apply|\bcp\b|sync|sagemaker|endpoint|gto|helm/i,
  check(ctx) {
    const out: RawFinding[] = [];
    for (const wf of readWorkflows(ctx)) {
      const context = MODEL_CONTEXT.test(path.basename(ctx.file)) || MODEL_CONTEXT.test(workflowName(ctx.text));
      for (const job of wf.jobs.values()) {
        for (let i = 0; i < job.steps.length; i++) {
          const step = job.steps[i]!;
          const lines = step.text.split('\n');
          const at = deployLine(lines, context || MODEL_CONTEXT.test(`${job.id} ${job.name} ${step.name}\n${step.text}`));
          if (at < 0) continue;
          if (gated(lines.slice(0, at).join('\n')) || stepsBefore(wf, job, i).some((s) => gated(stepText(s)))) break;
          out.push({ range: step.range, message: `job "${job.id}" ${what(lines[at]!)} with no evaluation or threshold step before it: run mlops-lens gate, or an evaluation that fails below a threshold, in an earlier step or a job it needs` });
          break;
        }
      }
    }
    return out;
  },
};

/** The line of a step's commands that deploys, or -1; generic deployments count only in a model context. */
function deployLine(lines: string[], modelContext: boolean): number {
  const at = lines.findIndex((l) => MODEL_DEPLOY.test(l) || (STORAGE_COPY.test(l) && uploadsModel(l)) || (modelContext && GENERIC_DEPLOY.test(l)));
  if (at >= 0) return at;
  return modelContext && BUILD_PUSH.test(lines.join('\n')) ? 0 : -1;
}

/**
 * A copy whose first model-file argument comes before its first remote argument (an upload, not a download),
 * or a copy between two remote locations that names models (promoting a bucket of models).
 */
function uploadsModel(line: string): boolean {
  const words = line.split(/\s+/).filter((w) => w && !w.startsWith('-'));
  const local = words.findIndex((w) => !REMOTE.test(w) && MODEL_FILE.test(` ${w} `));
  const remote = words.findIndex((w) => REMOTE.test(w));
  if (local >= 0 && remote > local) return true;
  return words.filter((w) => REMOTE.test(w)).length >= 2 && /model/i.test(line);
}

function gated(text: string): boolean {
  return GATE.test(text) || (EVALUATES.test(text) && THRESHOLD.test(text));
}

function what(line: string): string {
  const cmd = line.trim().replace(/\s+/g, ' ');
  return `deploys a model (${cmd.length > 60 ? `${cmd.slice(0, 57)}...` : cmd})`;
}

/** The workflow's top-level `name:` (GitHub) for the model-context test. */
function workflowName(text: string): string {
  return /^name:\s*(.+)$/m.exec(text)?.[1] ?? '';
}
