import * as path from 'node:path';
import { enclosing, type CallFact } from './python';
import type { FileContext, Position, TextEdit } from './types';

/** Names people give model objects (`model`, `clf`, `best_estimator`, `rf2`, `net`). */
export const MODEL_NAME = /(?:^|_)(?:model|clf|classifier|regressor|estimator|pipe|pipeline|net|network|booster|bst|gbm|xgb|lgbm|rf|svm|svc|knn|forest|learner|predictor|ensemble|automl)s?(?:$|_|\d)/i;
/** Objects that are fitted but are not models (their `.fit` is preprocessing, not training). */
export const PREPROCESSOR_NAME = /scaler|encoder|vectori[sz]er|imputer|tokeni[sz]er|transformer|normali[sz]er|binarizer|selector|pca|tfidf|discreti[sz]er|preprocess|featuri[sz]er|label/i;

/** Packages of ML frameworks: a file importing none of them is not training code. */
export const ML_PACKAGES = new Set(['sklearn', 'torch', 'tensorflow', 'keras', 'jax', 'flax', 'lightning', 'pytorch_lightning', 'transformers', 'xgboost', 'lightgbm', 'catboost', 'accelerate', 'optax', 'timm']);

export function importsMl(ctx: FileContext): boolean {
  for (const m of ctx.py.modules) if (ML_PACKAGES.has(m)) return true;
  return false;
}

/** Test code, judged on the path inside the project (a project itself under `test/` is not all tests). */
export function isTestFile(ctx: FileContext): boolean {
  const base = path.basename(ctx.file);
  const rel = path.relative(ctx.config.root, path.resolve(ctx.config.root, ctx.file));
  return /^test_.*\.py$|_test\.py$|^conftest\.py$/.test(base) || /(^|[\\/])tests?[\\/]/.test(rel);
}

/** The last name of a receiver expression (`model` in `self.model.fit`), or ''. */
export function receiverName(call: CallFact): string {
  const r = call.receiver;
  if (!r) return '';
  if (r.type === 'identifier') return r.text;
  if (r.type === 'attribute') return r.childForFieldName('attribute')?.text ?? '';
  return '';
}

/** Where a new top-level statement goes: after the last top-level import (or the docstring / __future__ lines). */
export function afterImports(ctx: FileContext): number {
  let line = 0;
  for (const node of ctx.tree.rootNode.namedChildren) {
    if (!node) continue;
    if (node.type === 'import_statement' || node.type === 'import_from_statement' || node.type === 'future_import_statement') line = node.endPosition.row + 1;
    else if (line === 0 && node.type === 'expression_statement' && node.firstNamedChild?.type === 'string') line = node.endPosition.row + 1;
    else if (node.type !== 'comment') {
      if (line > 0) break;
    }
  }
  return line;
}

export function insertLines(line: number, text: string): TextEdit {
  const at: Position = { line, character: 0 };
  return { range: { start: at, end: at }, newText: text };
}

/** The local name a module is imported under (`np` for numpy), if the file imports it whole. */
export function localName(ctx: FileContext, module: string): string | undefined {
  for (const [alias, target] of ctx.py.aliases) if (target === module) return alias;
  return undefined;
}

/** An edit that adds `name=value` to a call's arguments. */
export function addKeyword(call: CallFact, name: string, value: string): TextEdit | null {
  const args = call.args;
  if (args.type !== 'argument_list') return null;
  const close = args.lastChild;
  if (!close || close.type !== ')') return null;
  const prev = close.previousSibling;
  const empty = !prev || prev.type === '(';
  const trailingComma = prev?.type === ',';
  const at = { line: close.startPosition.row, character: close.startPosition.column };
  return { range: { start: at, end: at }, newText: `${empty || trailingComma ? '' : ', '}${name}=${value}` };
}

/** A call that trains a model: `model.fit(X, y)`, `xgboost.train`, `lightgbm.train`, `optimizer.step()` in a loop. */
export function isTrainingCall(c: CallFact): boolean {
  if (c.qualified === 'xgboost.train' || c.qualified === 'lightgbm.train') return true;
  // The receiver is read from the tree, so only for the two methods that need it.
  if (c.method !== 'fit' && c.method !== 'step') return false;
  const name = receiverName(c);
  if (c.method === 'fit') {
    if (/trainer/i.test(name) || PREPROCESSOR_NAME.test(name)) return false;
    return MODEL_NAME.test(name) || c.positional.length >= 2;
  }
  if (/^(?:opt|optim|optimizer|optimiser)\w*$/i.test(name) && c.positional.length === 0) {
    return enclosing(c.node, ['for_statement', 'while_statement']) !== null;
  }
  return false;
}
