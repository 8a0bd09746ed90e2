import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { assess, checks, type Status } from '../../../src/core/maturity';
import type { Finding } from '../../../src/core/lint';
import { workspace } from './helpers';

const GH = '.github/workflows/';
const finding = (code: string, file: string): Finding => ({ file, cell: null, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, code, severity: 'warning', message: `${code} here` });

/** For every check: a workspace that passes it and one that does not (lint findings given, so these stay unit tests). */
const CASES: Record<string, { pass: Record<string, string>; not: Record<string, string>; notStatus?: Status; setup?: (dir: string) => void }> = {
  'L1.ml-code': { pass: { 'train.py': 'model.fit(X, y)\n' }, not: { 'util.py': 'print(1)\n' } },
  'L1.dependencies': { pass: { 'environment.yml': 'dependencies:\n  - numpy\n' }, not: { 'train.py': 'x = 1\n' } },
  'L2.tracking': { pass: { 'train.py': 'import wandb\nwandb.init(project="p")\n' }, not: { 'train.py': '# mlflow is great\nimport mlflow\n' } },
  'L2.pipeline': { pass: { 'Makefile': 'train:\n\tpython train.py\n' }, not: { 'Makefile': 'TRAIN := 1\nlint:\n\truff .\n' } },
  'L2.retraining': { pass: { 'dags/retrain.py': 'from airflow import DAG\nwith DAG("r", schedule="@weekly"):\n    pass\n' }, not: { [`${GH}ci.yml`]: 'on: push\njobs:\n  t:\n    steps:\n      - run: python train.py\n' } },
  'L2.model-registry': { pass: { 'train.py': 'mlflow.register_model("runs:/1/model", "churn")\n' }, not: { 'train.py': 'joblib.dump(model, "model.pkl")\n' } },
  'L2.reproducibility': { pass: { 'train.py': 'torch.manual_seed(0)\n', 'poetry.lock': '', 'data.csv.dvc': 'outs:\n- path: data.csv\n' }, not: { 'train.py': 'x = 1\n' } },
  'L2.feature-modules': { pass: { 'src/features.py': 'def build_features(df):\n    return df\n' }, not: { 'explore.ipynb': JSON.stringify({ cells: [{ cell_type: 'code', source: ['model.fit(X, y)\n'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }) } },
  'L3.ci-tests': { pass: { [`${GH}ci.yml`]: 'on: push\njobs:\n  t:\n    steps:\n      - run: pytest -q\n' }, not: { [`${GH}ci.yml`]: 'on: push\njobs:\n  t:\n    steps:\n      - run: ruff check .\n' } },
  'L3.quality-gates': { pass: { '.gitlab-ci.yml': 'gate:\n  script:\n    - dvc metrics diff --md main\n' }, not: { '.gitlab-ci.yml': 'build:\n  script:\n    - docker build .\n' } },
  'L3.promotion': { pass: { 'train.py': 'x = 1\n' }, setup: gtoRepo, not: { [`${GH}release.yml`]: 'on: push\njobs:\n  r:\n    steps:\n      - run: gto assign churn --stage prod\n' }, notStatus: 'partial' },
  'L3.feature-store': { pass: { 'feature_repo/feature_store.yaml': 'project: churn\nregistry: data/registry.db\nprovider: local\n' }, not: { 'train.py': 'x = 1\n' } },
  'L3.slices': { pass: { 'evaluate.py': 'from fairlearn.metrics import MetricFrame\n' }, not: { 'evaluate.py': 'from sklearn.metrics import accuracy_score\n' } },
  'L3.serving': { pass: { 'model_repository/churn/config.pbtxt': 'name: "churn"\nplatform: "onnxruntime_onnx"\n' }, not: { 'train.py': 'x = 1\n' } },
  'L4.data-drift': { pass: { '.gitlab-ci.yml': 'drift:\n  script:\n    - mlops-lens drift ref.csv cur.csv --fail-on-drift\n' }, not: { 'notes.py': '# we should check drift some day\n' } },
  'L4.prediction-drift': { pass: { 'monitor.py': 'from nannyml import CBPE\nest = CBPE(y_pred="p")\n' }, not: { 'monitor.py': 'print("predictions")\n' } },
  'L4.ground-truth': { pass: { 'jobs/labels.py': 'calc = nannyml.PerformanceCalculator(y_true="label")\n' }, not: { 'jobs/labels.py': 'x = 1\n' } },
  'L4.sla': { pass: { 'monitoring/rules.yml': 'groups:\n  - rules:\n      - alert: Slow\n        expr: histogram_quantile(0.95, rate(req_bucket[5m])) > 0.2\n' }, not: { 'monitoring/rules.yml': 'groups: []\n' } },
  'L4.quality-alerts': { pass: { 'monitoring/rules.yml': 'groups:\n  - rules:\n      - alert: Drift\n        expr: feature_psi > 0.2\n' }, not: { 'monitoring/rules.yml': 'groups:\n  - rules:\n      - alert: Cpu\n        expr: cpu > 0.9\n' } },
  'L4.retrain-trigger': { pass: { [`${GH}retrain.yml`]: 'on:\n  repository_dispatch:\n    types: [drift]\njobs:\n  t:\n    steps:\n      - run: python train.py\n' }, not: { [`${GH}retrain.yml`]: 'on:\n  schedule:\n    - cron: "0 1 * * *"\njobs:\n  t:\n    steps:\n      - run: python train.py\n' } },
  'L4.canary': { pass: { 'seldon.yaml': 'spec:\n  predictors:\n    - name: a\n      traffic: 90\n' }, not: { 'seldon.yaml': 'spec:\n  replicas: 2\n' } },
  'L5.hpo': { pass: { 'tune.py': 'import optuna\n' }, not: { 'tune.py': 'lr = 0.01\n' } },
  'L5.feature-discovery': { pass: { 'requirements.txt': 'featuretools==1.31.0\n' }, not: { 'requirements.txt': 'pandas==2.2.3\n' } },
  'L5.self-healing': { pass: { 'dag.py': 'default_args = {"retries": 3}\n', 'deploy.sh': 'helm rollback churn\n' }, not: { 'dag.py': 'default_args = {}\n' } },
};

/** A git repository whose tags record a GTO registration and a stage assignment. */
function gtoRepo(dir: string): void {
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'init');
  git('tag', 'churn@v1.0.0');
  git('tag', 'churn#prod#1');
}

async function statusOf(id: string, files: Record<string, string>, findings: Finding[] = [], setup?: (dir: string) => void): Promise<Status> {
  const dir = workspace(files);
  setup?.(dir);
  const card = await assess(dir, { findings });
  return card.levels.flatMap((l) => l.checks).find((c) => c.id === id)!.status;
}

describe('maturity checks', () => {
  it('has a positive and a negative example for every check', () => {
    assert.deepEqual(Object.keys(CASES).sort(), checks.map((c) => c.id).sort());
  });

  for (const [id, c] of Object.entries(CASES)) {
    describe(id, () => {
      it('passes on its positive example', async () => assert.equal(await statusOf(id, c.pass, [], c.setup), 'pass'));
      it('does not pass on its negative example', async () => assert.equal(await statusOf(id, c.not), c.notStatus ?? 'fail'));
    });
  }

  it('makes tracking partial when a training script logs nothing (MLO105)', async () => {
    assert.equal(await statusOf('L2.tracking', { 'train.py': 'import mlflow\nmlflow.autolog()\n', 'other.py': 'model.fit(X, y)\n' }, [finding('MLO105', 'other.py')]), 'partial');
  });

  it('makes CI tests partial when MLO203 finds untested feature code', async () => {
    assert.equal(await statusOf('L3.ci-tests', CASES['L3.ci-tests']!.pass, [finding('MLO203', `${GH}ci.yml`)]), 'partial');
  });

  it('fails the feature path on serving code that duplicates features (MLO301)', async () => {
    assert.equal(await statusOf('L3.feature-store', { 'serve/app.py': 'app = FastAPI()\n' }, [finding('MLO301', 'serve/app.py')]), 'fail');
  });

  // Read on GokuMohandas/Made-With-ML (fetched, not committed): its runs are tracked through Ray's MLflow callback,
  // and its evaluation docstring mentions "ground truth labels" without any production label feedback.
  it('counts tracking through a framework callback such as Ray\'s MLflowLoggerCallback', async () => {
    const files = { 'tune.py': 'from ray.air.integrations.mlflow import MLflowLoggerCallback\ncb = MLflowLoggerCallback(tracking_uri=uri, experiment_name=name)\n' };
    assert.equal(await statusOf('L2.tracking', files), 'pass');
  });

  it('does not take an evaluation docstring about ground truth labels for monitoring against labels', async () => {
    const files = { 'evaluate.py': 'def get_metrics(y_true, y_pred):\n    """y_true (np.ndarray): ground truth labels."""\n    return {}\n' };
    assert.equal(await statusOf('L4.ground-truth', files), 'fail');
  });

  it('does not count `uvicorn` in a dependency list as a serving path', async () => {
    assert.equal(await statusOf('L3.serving', { 'deploy.toml': 'deps = ["uvicorn", "fastapi"]\n' }), 'fail');
  });

  it('does not read a scheduled workflow named "Retrain" as retraining triggered by monitoring', async () => {
    assert.equal(await statusOf('L4.retrain-trigger', { [`${GH}retrain.yml`]: 'name: Retrain\non:\n  schedule:\n    - cron: "0 1 * * *"\njobs:\n  retrain:\n    steps:\n      - run: dvc repro\n' }), 'fail');
  });

  it('does not read model.fit in a comment-free notebook as a module', async () => {
    assert.equal(await statusOf('L2.feature-modules', CASES['L2.feature-modules']!.not), 'fail');
  });
});
