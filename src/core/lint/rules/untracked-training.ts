import { callsNamed } from '../prune';
import { mayHoldValue, nodeRange, stringValue } from '../python';
import { isTestFile, isTrainingCall, receiverName } from '../ml';
import type { FileContext, FileRule } from '../types';

/** Packages that record params and metrics (the capture importers read their files too). */
const TRACKERS = new Set(['mlflow', 'wandb', 'dvclive', 'neptune', 'comet_ml', 'clearml', 'aim', 'tensorboardX', 'mlops_lens', 'sacred', 'trackio', 'swanlab', 'guild']);
const TRACKER_MODULES = /^(?:torch\.utils\.tensorboard|tensorflow\.summary|tf\.summary|(?:tensorflow\.)?keras\.callbacks\.(?:CSVLogger|TensorBoard)|lightning\.pytorch\.loggers|pytorch_lightning\.loggers)/;
const LOG_METHODS = new Set(['log_metric', 'log_metrics', 'log_param', 'log_params', 'add_scalar', 'add_scalars', 'log_dict', 'log_hyperparams']);
/** A metrics file written next to the model (DVC's and most templates' habit). */
const METRICS_FILE = /(?:metric|score|result|eval)[\w.-]*\.(?:json|ya?ml|csv|tsv)$/i;
const METRICS_FILE_ANYWHERE = new RegExp(METRICS_FILE.source.slice(0, -1), 'i');
/** First names of the qualified names read here and in isTrainingCall; `log` is the method of `self.log`. */
const CALLS = callsNamed(['xgboost', 'lightgbm', 'torch', 'tensorflow', 'tf', 'keras', 'lightning', 'pytorch_lightning'], ['fit', 'step', 'log', ...LOG_METHODS]);

export const untrackedTraining: FileRule = {
  code: 'MLO105',
  name: 'untracked-training',
  severity: 'warning',
  scope: 'file',
  docs: {
    what: 'Finds code that trains a model (`model.fit(X, y)`, an `optimizer.step()` loop, `xgboost.train`, `lightgbm.train`) but records no params or metrics: no tracker imported (MLflow, W&B, DVCLive, TensorBoard, Neptune, Comet, ClearML, Aim) and no metrics file written. Lightning and Hugging Face trainers log by default and are not reported.',
    why: 'A run that leaves no record cannot be compared, reproduced or audited: the numbers in the slide deck come from a terminal scrollback.',
    example: 'from sklearn.linear_model import LogisticRegression\n\nmodel = LogisticRegression()\nmodel.fit(X_train, y_train)\nprint(model.score(X_test, y_test))\n',
    instead: 'import mlflow\nfrom sklearn.linear_model import LogisticRegression\n\nmodel = LogisticRegression()\nmodel.fit(X_train, y_train)\nmlflow.log_metric("accuracy", model.score(X_test, y_test))\n',
    references: ['https://mlflow.org/docs/latest/tracking.html', 'https://dvc.org/doc/dvclive'],
  },
  appliesTo: ['python', 'notebook'],
  prefilter: /\.fit\(|\.step\(|\.train\(/,
  statements: [CALLS, METRICS_FILE_ANYWHERE],
  check(ctx) {
    if (isTestFile(ctx)) return [];
    const training = ctx.py.calls.find(isTrainingCall);
    if (!training || tracked(ctx)) return [];
    const what = training.method === 'step' ? `a training loop (${training.node.text})` : `${training.node.text.split('(')[0]}()`;
    return [{ range: nodeRange(training.node), message: `trains a model with ${what} but records no params or metrics: log them (mlflow.log_metrics, dvclive, or a metrics.json file)` }];
  },
};

function tracked(ctx: FileContext): boolean {
  for (const m of ctx.py.modules) if (TRACKERS.has(m)) return true;
  for (const target of ctx.py.aliases.values()) if (TRACKER_MODULES.test(target)) return true;
  for (const c of ctx.py.calls) {
    if (LOG_METHODS.has(c.method) || TRACKER_MODULES.test(c.qualified)) return true;
    if (c.method === 'log' && receiverName(c) === 'self') return true;
  }
  return ctx.py.strings().some((s) => mayHoldValue(s, METRICS_FILE_ANYWHERE) && METRICS_FILE.test(stringValue(s).value));
}
