import type { Category } from './types';

/**
 * The evidence vocabulary: what a line of a file (or a file's path) says about the project. Checks ask for
 * signals by id; the scanner finds them once per file and caches them. Patterns are line patterns, kept
 * specific (library calls, CLI commands, manifest kinds) because a scorecard that passes on a comment or
 * a variable name is worse than none.
 */
export interface LineSignal {
  id: string;
  in: Category[];
  re: RegExp;
  /** Only in files whose relative path matches. */
  path?: RegExp;
}

export interface NameSignal {
  id: string;
  path: RegExp;
}

const CODE: Category[] = ['code', 'notebook'];
const YAMLISH: Category[] = ['ci', 'pipeline', 'config'];

export const LINE_SIGNALS: LineSignal[] = [
  { id: 'tracking', in: CODE, re: /\bmlflow\.(?:log_(?:metrics?|params?|artifacts?|model|input|table|figure|dict)|autolog|start_run)\b|\bmlflow\.\w+\.autolog\(|\bwandb\.(?:init|log)\(|\b(?:from|import) dvclive\b|\bneptune\.init(?:_run)?\(|\bcomet_ml\b|\baim\.Run\(|\bTask\.init\(|\bSummaryWriter\(|\b(?:MLFlow|MLflow|Wandb|Neptune|Comet)Logger(?:Callback)?\(|\breport_to\s*=\s*\[?\s*["'](?:wandb|mlflow|tensorboard|comet_ml|neptune)|\bclearml\b/ },
  { id: 'train', in: CODE, re: /\.fit\(|\boptimizer\.step\(\)|\btrainer\.train\(|\b(?:xgb|xgboost|lgb|lightgbm|catboost)\.train\(|\bmodel\.train_on_batch\(|\bTrainer\(/ },
  { id: 'feature-def', in: ['code'], re: /^\s*def\s+\w*(?:feature|preprocess|transform|encode|clean|engineer)\w*\s*\(/i },
  { id: 'seed', in: CODE, re: /\brandom_state\s*=\s*\d|\b(?:manual_seed|set_seed|seed_everything|set_random_seed)\(|\bnp\.random\.seed\(|\brandom\.seed\(|\bseed\s*=\s*\d/ },
  { id: 'register-model', in: [...CODE, 'ci'], re: /\bmlflow\.register_model\(|\bregistered_model_name\s*=|\.create_registered_model\(|\.create_model_version\(|\blog_artifact\([^)]*type\s*=\s*["']model|\.link_model\(|\bgto\s+register\b|\bmlops-lens\s+models\s+register\b/ },
  { id: 'promote', in: [...CODE, 'ci'], re: /\.transition_model_version_stage\(|\.set_registered_model_alias\(|\bgto\s+(?:assign|promote)\b|\bmlops-lens\s+models\s+promote\b/ },
  { id: 'pipeline-code', in: ['code'], re: /\b(?:from|import) (?:kfp|airflow|prefect|dagster|zenml|metaflow|kedro)\b|@dsl\.pipeline\b|\bsagemaker\.workflow\b|\baiplatform\.PipelineJob\(|\bFlowSpec\b/ },
  { id: 'dag-schedule', in: ['code'], re: /\bschedule(?:_interval)?\s*=\s*(?!None\b)["'@\w(]|\bCronSchedule\(|\bIntervalSchedule\(|\bScheduleDefinition\(|@schedule\b|\bcron\s*=\s*["']/ },
  { id: 'serving', in: CODE, re: /\bFastAPI\(|\bFlask\(|\bbentoml\.(?:service|Service|api)\b|@bentoml\.|\bInferenceSession\(|\bfrom ray import serve\b|@serve\.deployment\b|\bBaseHandler\b|\bkserve\.(?:Model|ModelServer)\b|\blitserve\b/ },
  { id: 'onnx-export', in: CODE, re: /\btorch\.onnx\.export\(|\bskl2onnx\b|\bconvert_sklearn\(|\btf2onnx\b|\.to_onnx\(|\bonnxmltools\b/ },
  { id: 'drift', in: [...CODE, ...YAMLISH], re: /\bevidently\b|\bwhylogs\b|\bnannyml\b|\balibi[_-]detect\b|\bfrouros\b|\bDataDriftPreset\b|\bDataDriftTable\b|\bmlops-lens\s+drift\b/ },
  { id: 'prediction-drift', in: [...CODE, ...YAMLISH], re: /\bTargetDriftPreset\b|\bprediction_drift\b|\bPredictionDrift\w*|\bColumnDriftMetric\(\s*column_name\s*=\s*["']prediction|\bnannyml\.(?:CBPE|DLE)\b|\bCBPE\(|\bmlops-lens\s+drift\b.*--model\b/ },
  { id: 'ground-truth', in: [...CODE, ...YAMLISH], re: /\bClassificationPreset\b|\bRegressionPreset\b|\bPerformanceCalculator\(|\bdelayed[_ ]labels?\b|\b(?:join|merge|fetch|load)_?(?:ground[_ ]?truth|actuals|labels)\b/i },
  { id: 'fairness', in: [...CODE, ...YAMLISH], re: /\bfairlearn\b|\baif360\b|\bMetricFrame\(|\bgiskard\b|\bslicing_specs\b|\bslice_(?:by|metrics|on)\b|\bper[_-]slice\b/i },
  { id: 'hpo', in: [...CODE, ...YAMLISH], re: /\b(?:import|from) (?:optuna|hyperopt|keras_tuner|nevergrad|skopt|smac)\b|\bray\.tune\b|\bfrom ray import tune\b|\btune\.Tuner\(|\bwandb\.(?:sweep|agent)\(|\b(?:Grid|Randomized|HalvingGrid|HalvingRandom|Bayes)SearchCV\(|^\s*kind:\s*Experiment\b|\bmethod:\s*(?:bayes|random|grid)\b/ },
  { id: 'feature-discovery', in: [...CODE, 'deps'], re: /\b(?:featuretools|tsfresh|autofeat|openfe|autosklearn|auto-sklearn|tpot|flaml|autogluon|pycaret)\b|\bH2OAutoML\b/i },
  { id: 'retries', in: [...CODE, ...YAMLISH], re: /\bretries["']?\s*[=:]\s*[1-9]|\bretry_delay\s*=|\bretryStrategy\s*:|\bbackoffLimit\s*:\s*[1-9]|@retry\b|\btenacity\b|\.set_retry\(|\bRetryPolicy\(|\bretry_policy\s*=/ },
  { id: 'timeouts', in: [...CODE, ...YAMLISH], re: /\btimeout-minutes\s*:|\bexecution_timeout\s*=|\bactiveDeadlineSeconds\s*:|\btimeout_seconds\s*=|\btimeout\s*:\s*\d/ },
  { id: 'rollback', in: [...CODE, ...YAMLISH], re: /\bmlops-lens\s+models\s+rollback\b|\bautoRollback\b|\brollback(?:Window|OnFailure)?\s*[:=]|\bhelm\s+rollback\b|\bkubectl\s+rollout\s+undo\b|\bkind:\s*Rollout\b/i },
  { id: 'schema', in: [...CODE, ...YAMLISH], re: /\bgreat_expectations\b|\bgx\.get_context\(|\bpandera\b|\bDataFrameSchema\(|\btfdv\.|\bexpect_column_\w+|\bsoda\s+scan\b|\bdeepchecks\b/ },
  { id: 'feature-store', in: [...CODE, ...YAMLISH, 'deps'], re: /\b(?:from|import) feast\b|\bFeatureStore\(|\btecton\b|\baiplatform\.Featurestore\b|\bFeatureGroup\(|\bhopsworks\b|^\s*registry:\s*\S+\.db\b/ },
  { id: 'canary', in: [...CODE, ...YAMLISH], re: /\bcanaryTrafficPercent\b|\bcanary\s*:|\bchampion\b|\bchallenger\b|\bProductionVariants\b|\bInitialVariantWeight\b|^\s*traffic\s*:\s*\d|\bsetWeight\s*:/i },
  { id: 'alert-rule', in: YAMLISH, re: /^\s*-?\s*alert\s*:\s*\S/ },
  { id: 'quality-metric', in: YAMLISH, re: /^\s*-?\s*expr\s*:.*(?:drift|psi|accuracy|auc|f1|precision|recall|rmse|prediction|model_quality|label)/i },
  { id: 'latency-monitor', in: YAMLISH, re: /\bhistogram_quantile\(|\blatency\w*\s*[<>]|\brequest_duration\w*|\bthroughput\b|\blatency_p\d+|\bslos?\s*:/i },
  { id: 'retrain-on-alert', in: YAMLISH, re: /\brepository_dispatch\b|\bworkflow_run\b|^\s*-?\s*url\s*:\s*\S*retrain/i },
  { id: 'nan-check', in: CODE, re: /\b(?:np|torch|math)\.(?:isnan|isfinite|isinf)\(|\bdetect_anomaly\(|\bTerminateOnNaN\b|\bdetect_anomaly\s*=\s*True|\bcheck_numerics\(/ },
  { id: 'baseline', in: CODE, re: /\bDummy(?:Classifier|Regressor)\(|\bbaseline_(?:model|score|metric)\w*\b/ },
  // CI commands.
  { id: 'ci-tests', in: ['ci', 'pipeline'], re: /\bpytest\b|\bpython3?\s+-m\s+(?:unittest|pytest)\b|\btox\b|\bnox\b|\bmake\s+test\b|\bjust\s+test\b/ },
  { id: 'ci-train', in: ['ci'], re: /\bpython3?\s+(?:-m\s+)?[\w./-]*train\w*(?:\.py)?\b|\bdvc\s+(?:repro|exp\s+run)\b|\bmlflow\s+run\b|\b(?:make|just)\s+(?:re)?train\w*\b|\bkedro\s+run\b/i },
  { id: 'ci-schedule', in: ['ci'], re: /^\s*schedule\s*:|^\s*-\s*cron\s*:|\$CI_PIPELINE_SOURCE\s*==\s*["']schedule|^\s*-\s*schedules\s*$|\bcron\s*\(/ },
  { id: 'ci-manual-trigger', in: ['ci'], re: /^\s*workflow_dispatch\s*:?|\brepository_dispatch\b|\bworkflow_run\b/ },
  { id: 'ci-gate', in: ['ci', 'pipeline'], re: /\bmlops-lens\s+gate\b|\bmlops-lens\s+models\s+promote\b(?!.*--force)|\bdvc\s+metrics\s+diff\b|--threshold\b|--min[-_]\w+|\bcml\s+comment\b|\bassert\s+.*\b(?:accuracy|auc|f1|rmse|mae|score)\b/i },
  // Pipelines and schedules outside CI.
  { id: 'dvc-stage', in: ['pipeline'], re: /^\s+cmd\s*:/, path: /(?:^|\/)dvc\.yaml$/ },
  { id: 'mlproject-entry', in: ['pipeline'], re: /^entry_points\s*:/, path: /(?:^|\/)MLproject$/ },
  { id: 'make-train', in: ['pipeline'], re: /^(?:re)?train\w*\s*:(?!=)|^pipeline\s*:(?!=)/i, path: /(?:^|\/)(?:Makefile|justfile|GNUmakefile)$/i },
  { id: 'k8s-pipeline', in: ['config', 'pipeline'], re: /^\s*kind:\s*(?:Workflow|CronWorkflow|WorkflowTemplate|ScheduledWorkflow|PipelineRun)\b|^\s*pipelineSpec\s*:/ },
  { id: 'k8s-schedule', in: ['config', 'pipeline'], re: /^\s*kind:\s*(?:CronWorkflow|ScheduledWorkflow|CronJob)\b/ },
  { id: 'serving-manifest', in: ['config'], re: /^\s*kind:\s*(?:InferenceService|SeldonDeployment|SeldonModel|ServingRuntime)\b|^\s*platform:\s*["']?(?:onnxruntime_onnx|tensorrt_plan|pytorch_libtorch|tensorflow_savedmodel|python)\b|\btorchserve\b|\btritonserver\b|\bbentoml\s+serve\b|\buvicorn\s+[\w.]+:\w+/ },
];

export const NAME_SIGNALS: NameSignal[] = [
  { id: 'dvc-data', path: /\.dvc$|(?:^|\/)dvc\.lock$|(?:^|\/)\.dvc\/config$/ },
  { id: 'feast-config', path: /(?:^|\/)feature_store\.ya?ml$/ },
  { id: 'triton-config', path: /(?:^|\/)config\.pbtxt$/ },
  { id: 'bento-config', path: /(?:^|\/)bentofile\.ya?ml$/ },
  { id: 'onnx-file', path: /\.onnx$/i },
  { id: 'mar-file', path: /\.mar$/i },
  { id: 'sweep-config', path: /(?:^|\/)sweep\w*\.ya?ml$/i },
  { id: 'lock-file', path: /(?:^|\/)(?:poetry\.lock|uv\.lock|Pipfile\.lock|pdm\.lock|conda-lock\.ya?ml|requirements[\w.-]*\.lock)$/ },
  { id: 'deps-file', path: /(?:^|\/)(?:requirements[\w.-]*\.(?:txt|in)|pyproject\.toml|setup\.py|setup\.cfg|Pipfile|environment[\w.-]*\.ya?ml|conda[\w.-]*\.ya?ml)$/ },
  { id: 'test-file', path: /(?:^|\/)(?:test_[\w-]*\.py|[\w-]+_test\.py|tests?\/[\w/.-]*\.py)$/ },
  { id: 'evidently-config', path: /(?:^|\/)(?:evidently|whylogs|nannyml)[\w.-]*\.(?:ya?ml|json|toml)$/i },
  { id: 'dependency-bot', path: /^(?:\.github\/dependabot\.ya?ml|renovate\.json5?|\.github\/renovate\.json5?|\.renovaterc(?:\.json)?)$/ },
  { id: 'assessment-file', path: /^\.mlops\/assessment\.toml$/ },
];

/** The kind of a file from its path relative to the root, or null when no check reads it. */
export function categoryOf(rel: string): Category | null {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  const lower = base.toLowerCase();
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(rel) || /(?:^|\/)\.gitlab-ci\.ya?ml$/.test(rel) || /^\.gitlab\/.+\.ya?ml$/.test(rel)
    || base === 'Jenkinsfile' || /^azure-pipelines[\w.-]*\.ya?ml$/.test(lower) || /^\.circleci\/config\.ya?ml$/.test(rel)
    || lower === 'bitbucket-pipelines.yml' || /^\.buildkite\/[^/]+\.ya?ml$/.test(rel)) return 'ci';
  if (lower === 'dvc.yaml' || base === 'MLproject' || /^(?:gnu)?makefile$/.test(lower) || lower === 'justfile' || lower.endsWith('.dvc')) return 'pipeline';
  if (lower.endsWith('.py')) return 'code';
  if (lower.endsWith('.ipynb')) return 'notebook';
  if (/^requirements[\w.-]*\.(?:txt|in)$/.test(lower) || lower === 'pyproject.toml' || lower === 'setup.cfg' || lower === 'pipfile' || /^(?:environment|conda)[\w.-]*\.ya?ml$/.test(lower)) return 'deps';
  if (/\.(?:ya?ml|toml|pbtxt|sh|properties|cfg)$/.test(lower) || /^dockerfile/.test(lower) || (lower.endsWith('.json') && /dashboard|grafana|monitor/i.test(rel))) return 'config';
  return null;
}
