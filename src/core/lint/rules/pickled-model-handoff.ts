import * as fs from 'node:fs';
import * as path from 'node:path';
import { MODEL_NAME, PREPROCESSOR_NAME, receiverName } from '../ml';
import { callsNamed, heads } from '../prune';
import { nodeRange, stringValue, type CallFact } from '../python';
import type { FileContext, FileRule, Node, RawFinding } from '../types';

const PICKLE_DUMPERS = new Set(['pickle.dump', 'joblib.dump', 'dill.dump', 'cloudpickle.dump', 'sklearn.externals.joblib.dump']);
/** Calls that register or version a model: a file making one hands models on through a registry. */
const REGISTERING = new Set(['log_model', 'register_model', 'log_artifact', 'log_artifacts', 'save_model', 'push_to_hub', 'upload_file', 'upload_folder', 'update_weights', 'log_state']);
/** Methods that show their receiver is a model: it is fitted or treated as a network. */
const MODEL_USES = new Set(['fit', 'parameters', 'eval', 'named_parameters']);

export const pickledModelHandoff: FileRule = {
  code: 'MLO101',
  name: 'pickled-model-handoff',
  severity: 'warning',
  scope: 'file',
  docs: {
    what: 'Finds a model written with `pickle`, `joblib`, `dill` or `cloudpickle`, or a whole module written with `torch.save(model)`, in a file that registers or versions nothing and to a path no `.dvc` file tracks.',
    why: 'A pickle is bound to the exact library versions and class layout that wrote it, cannot be inspected without running it, and carries no lineage: nobody can tell which data and code made `model.pkl`, and the next pickle silently replaces it.',
    example: 'import joblib\nfrom sklearn.ensemble import RandomForestClassifier\n\nclf = RandomForestClassifier(random_state=0).fit(X, y)\njoblib.dump(clf, "model.pkl")\n',
    instead: 'import mlflow\nfrom sklearn.ensemble import RandomForestClassifier\n\nclf = RandomForestClassifier(random_state=0).fit(X, y)\nmlflow.sklearn.log_model(clf, "model", registered_model_name="churn")\n',
    references: [
      'https://scikit-learn.org/stable/model_persistence.html',
      'https://pytorch.org/tutorials/beginner/saving_loading_models.html',
      'https://mlflow.org/docs/latest/model-registry.html',
    ],
  },
  appliesTo: ['python', 'notebook'],
  prefilter: /\b(?:pickle|joblib|dill|torch)\b/,
  statements: [callsNamed(heads([...PICKLE_DUMPERS, 'torch.save']), [...REGISTERING, ...MODEL_USES])],
  check(ctx) {
    const calls = ctx.py.calls;
    if (calls.some((c) => REGISTERING.has(c.method))) return [];
    // Reading arguments and finding model names costs tree reads: only for the calls that can be reported.
    const saves = calls.filter((c) => PICKLE_DUMPERS.has(c.qualified) || c.qualified === 'torch.save');
    if (saves.length === 0) return [];
    // Looking for model names costs a pass over the text: only for an object whose own name does not say so.
    let found: Set<string> | undefined;
    const models = () => (found ??= modelObjects(calls, ctx.text));
    const out: RawFinding[] = [];
    for (const call of saves) {
      const q = call.qualified;
      const obj = call.positional[0] ?? call.keywords.get('value') ?? call.keywords.get('obj');
      if (!obj) continue;
      const target = call.positional[1] ?? call.keywords.get('filename') ?? call.keywords.get('f') ?? call.keywords.get('file');
      const where = target ? literalPath(target) : null;
      if (where && tracked(ctx, where)) continue;
      if (PICKLE_DUMPERS.has(q)) {
        if (!isModel(obj, models) && !(where && /model/i.test(where))) continue;
        out.push({ range: nodeRange(call.node), message: `${call.callee}() hands "${obj.text}" on as a pickle nothing versions: save it as ONNX, skops or safetensors and log it to a registry (mlflow log_model, dvc add)` });
      } else if (q === 'torch.save') {
        if (!isModel(obj, models) || obj.type === 'dictionary' || /state_dict|checkpoint|ckpt|state/i.test(obj.text)) continue;
        out.push({ range: nodeRange(call.node), message: `${call.callee}(${obj.text}) pickles the whole module, bound to its class layout: save ${obj.text}.state_dict() (or export to ONNX/safetensors) and register it` });
      }
    }
    return out;
  },
};

/** A name bound to something model-like: `best = search.best_estimator_`, `m = XGBClassifier(...)`. */
const MODEL_ASSIGNMENT = /^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*([^\n]*)$/gm;
const MODEL_EXPR = /best_estimator_|\b\w*(?:Classifier|Regressor|Estimator|Model|Net|Booster)\(/;

/** Names that a file binds to a model, fits, or treats as a network (`.fit(`, `.parameters()`, `.eval()`). */
function modelObjects(calls: CallFact[], text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(MODEL_ASSIGNMENT)) if (MODEL_EXPR.test(m[2]!) || MODEL_NAME.test(m[2]!.split('(')[0]!)) out.add(m[1]!);
  for (const c of calls) {
    if (MODEL_USES.has(c.method)) {
      const name = receiverName(c);
      if (name && !PREPROCESSOR_NAME.test(name)) out.add(name);
    }
  }
  return out;
}

function isModel(obj: Node, models: () => Set<string>): boolean {
  const name = obj.type === 'identifier' ? obj.text : obj.type === 'attribute' ? (obj.childForFieldName('attribute')?.text ?? '') : '';
  if (!name || PREPROCESSOR_NAME.test(name)) return false;
  return MODEL_NAME.test(name) || models().has(name);
}

function literalPath(node: Node): string | null {
  const s = node.type === 'call' && node.childForFieldName('function')?.text === 'open' ? node.childForFieldName('arguments')?.namedChild(0) : node;
  if (!s || s.type !== 'string') return null;
  const v = stringValue(s);
  return v.interpolated ? null : v.value;
}

/** A path versioned by DVC: `<path>.dvc` beside it, or named in the project's dvc.yaml. */
function tracked(ctx: FileContext, p: string): boolean {
  const root = ctx.config.root;
  const abs = path.resolve(root, p);
  if (fs.existsSync(abs + '.dvc')) return true;
  try {
    return fs.readFileSync(path.join(root, 'dvc.yaml'), 'utf8').includes(p.replace(/^\.\//, ''));
  } catch {
    return false;
  }
}
