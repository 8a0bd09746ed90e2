import type { LensConfig } from '../config';

/**
 * What a pipeline step does, judged from its name and commands. Shared by the scheduled-retraining rule
 * (CI, Argo, Airflow) and the deployment-gate rule.
 */

/** Files that hold data, not code: `data/train.csv` names a split, not a training step. */
const DATA_EXT = /\.(?:csv|tsv|parquet|feather|arrow|jsonl?|txt|npy|npz|pkl|pickle|joblib|h5|hdf5|tfrecords?|zip|gz|tar|bz2|xz|zst|avro|orc|xlsx?|png|jpe?g|onnx|pt|pth|bin|safetensors|md|ya?ml|toml|cfg|ini|log)$/i;
/** A word naming a training entry point: `train.py`, `src/train_model.py`, `-m pkg.retrain`, a `train` make target or stage. */
const TRAIN_WORD = /(?:^|[/._-])(?:re)?train(?:ing)?(?:$|[/._-])/i;
/** Commands that start managed training jobs. */
const TRAIN_SERVICE = /\bcreate-training-job\b|\bai\s+custom-jobs\s+create\b|\bml\s+job\s+create\b|Train(?:ing)?(?:Job)?Operator\b/;
/** A step named for training (`Train model`, `retrain`), unless it only moves data or reports. */
const TRAIN_NAME = /\b(?:re)?train(?:ing|s)?\b/i;
const NOT_TRAINING_NAME = /download|upload|fetch|pull|report|notif|cache|checkout|setup|install|lint|comment|publish|summary/i;

/** True when a step's commands (or its name) say it trains a model. */
export function trainsIn(name: string, commands: string): boolean {
  if (TRAIN_SERVICE.test(commands)) return true;
  for (const word of commands.split(/[\s'"`=,;|&()[\]{}]+/)) {
    if (!word || word.startsWith('--') || DATA_EXT.test(word) || /^https?:/.test(word)) continue;
    if (TRAIN_WORD.test(word.replace(/\\/g, '/'))) return true;
  }
  return TRAIN_NAME.test(name) && !NOT_TRAINING_NAME.test(name) && commands.trim() !== '';
}

/** Data-validation tools, and steps named for checking data. */
const VALIDATION = /great[_-]?expectations|\bgx\s+checkpoint|(?<![a-z])(?:pandera|tfdv|deepchecks|evidently|whylogs)(?![a-z])|tensorflow[_-]data[_-]validation|\bsoda\s+scan\b|mlops-lens\s+drift|(?<![a-z])validat(?:e|es|ion|ing)(?![a-z])|data[-_ ]?(?:quality|checks?|tests?)\b|check[-_ ]?(?:data|schema)\b|schema[-_ ]?(?:check|validation)\b|\bexpectations?\b/i;

/** Commands the project declares as data validation: `[tool.mlops-lens.lint] validation_commands = [...]`. */
export function validationCommands(config: LensConfig): string[] {
  const lint = config.raw.lint;
  if (typeof lint !== 'object' || lint === null) return [];
  const v = (lint as Record<string, unknown>).validation_commands;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
}

/** True when a step's name or commands validate data. Option names (`--validation-split`) and data files (`val/validation.csv`) do not count. */
export function validatesIn(text: string, configured: string[]): boolean {
  if (configured.some((c) => text.includes(c))) return true;
  const words = text.split(/(\s+)/).filter((w) => !/^--?[\w-]+(?:=.*)?$/.test(w) && !DATA_EXT.test(w.replace(/["',)\]]+$/, '')));
  return VALIDATION.test(words.join(''));
}
