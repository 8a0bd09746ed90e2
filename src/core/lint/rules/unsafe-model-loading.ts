import { callsNamed, heads } from '../prune';
import { nodeRange, stringValue, type CallFact } from '../python';
import { addKeyword } from '../ml';
import type { FileContext, FileRule, RawFinding } from '../types';

/** Loaders that unpickle, i.e. run code stored in the file. */
const PICKLE_LOADERS = new Set([
  'pickle.load', 'pickle.loads', '_pickle.load', 'cPickle.load', 'joblib.load', 'sklearn.externals.joblib.load',
  'dill.load', 'dill.loads', 'cloudpickle.load', 'cloudpickle.loads', 'pandas.read_pickle',
]);
const DUMPERS = new Set(['pickle.dump', 'joblib.dump', 'dill.dump', 'cloudpickle.dump', 'torch.save', 'pandas.to_pickle']);

export const unsafeModelLoading: FileRule = {
  code: 'MLO102',
  name: 'unsafe-model-loading',
  severity: 'error',
  scope: 'file',
  docs: {
    what: 'Finds `pickle.load`, `joblib.load`, `dill`/`cloudpickle` loads, `pandas.read_pickle`, `numpy.load(allow_pickle=True)` and `torch.load` without `weights_only=True`, unless the same file wrote that path.',
    why: 'Unpickling runs code stored in the file. A model file downloaded from a hub, a bucket or a colleague can execute anything on the machine that loads it, including the serving host.',
    example: 'import torch\n\nstate = torch.load("downloads/resnet50.pt")\n',
    instead: 'import torch\n\nstate = torch.load("downloads/resnet50.pt", weights_only=True)\n',
    references: [
      'https://docs.python.org/3/library/pickle.html',
      'https://pytorch.org/docs/stable/generated/torch.load.html',
      'https://huggingface.co/docs/hub/security-pickle',
    ],
  },
  appliesTo: ['python', 'notebook'],
  prefilter: /\b(?:pickle|joblib|dill|torch|read_pickle|allow_pickle)\b/,
  statements: [callsNamed(heads([...PICKLE_LOADERS, ...DUMPERS, 'torch.load', 'numpy.load', 'open']))],
  check(ctx) {
    const produced = producedPaths(ctx);
    const out: RawFinding[] = [];
    for (const call of ctx.py.calls) {
      const q = call.qualified;
      if (q === 'torch.load') {
        const w = call.keywords.get('weights_only');
        if (w?.type === 'true' || (!w && call.splat)) continue;
        if (!w && loadsProduced(call, produced)) continue;
        out.push({ range: nodeRange(call.node), message: `${call.callee}() without weights_only=True can run code stored in the file: pass weights_only=True`, data: { torch: true } });
      } else if (PICKLE_LOADERS.has(q)) {
        if (loadsProduced(call, produced)) continue;
        out.push({ range: nodeRange(call.node), message: `${call.callee}() runs any code stored in the file it reads: load only files this project wrote, or use safetensors, ONNX or skops` });
      } else if (q === 'numpy.load' && call.keywords.get('allow_pickle')?.type === 'true') {
        if (loadsProduced(call, produced)) continue;
        out.push({ range: nodeRange(call.node), message: `${call.callee}(allow_pickle=True) runs any code stored in the file: save arrays without pickled objects and drop allow_pickle` });
      }
    }
    return out;
  },
  fix(finding, ctx) {
    if (!finding.data?.torch) return null;
    const call = ctx.py.calls.find((c) => c.node.startPosition.row === finding.range.start.line && c.node.startPosition.column === finding.range.start.character && c.qualified === 'torch.load');
    if (!call) return null;
    const w = call.keywords.get('weights_only');
    if (w) return { title: 'Set weights_only=True', edits: [{ range: nodeRange(w), newText: 'True' }] };
    const edit = addKeyword(call, 'weights_only', 'True');
    return edit ? { title: 'Add weights_only=True', edits: [edit] } : null;
  },
};

/** Path literals this file writes with a dumper or `open(..., "wb")`: loading them back is not a hand-off. */
function producedPaths(ctx: FileContext): Set<string> {
  const out = new Set<string>();
  for (const c of ctx.py.calls) {
    if (DUMPERS.has(c.qualified)) {
      const target = c.positional[1] ?? c.keywords.get('filename') ?? c.keywords.get('f') ?? c.keywords.get('file') ?? c.keywords.get('path');
      const p = target && pathOf(target);
      if (p) out.add(p);
    } else if (c.callee === 'open') {
      const mode = c.positional[1] ?? c.keywords.get('mode');
      const p = c.positional[0] && literal(c.positional[0]);
      if (p && mode && /w|a|x/.test(literal(mode) ?? '')) out.add(p);
    }
  }
  return out;
}

function loadsProduced(call: CallFact, produced: Set<string>): boolean {
  const target = call.positional[0] ?? call.keywords.get('f') ?? call.keywords.get('file') ?? call.keywords.get('filename') ?? call.keywords.get('filepath_or_buffer');
  if (!target) return false;
  const p = pathOf(target);
  return p !== null && produced.has(p);
}

/** The path literal a load/dump argument names: a string, or `open("...")`. */
function pathOf(node: CallFact['node']): string | null {
  if (node.type === 'string') return literal(node);
  if (node.type === 'call' && node.childForFieldName('function')?.text === 'open') {
    const first = node.childForFieldName('arguments')?.namedChild(0);
    return first ? literal(first) : null;
  }
  return null;
}

function literal(node: CallFact['node']): string | null {
  if (node.type !== 'string') return null;
  const v = stringValue(node);
  return v.interpolated ? null : v.value;
}
