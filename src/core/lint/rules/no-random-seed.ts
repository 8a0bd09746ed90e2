import { addKeyword, afterImports, importsMl, insertLines, isTestFile, localName } from '../ml';
import { callsNamed, heads } from '../prune';
import { nodeRange, type CallFact } from '../python';
import type { FileRule, RawFinding } from '../types';

type Lib = 'numpy' | 'random' | 'torch' | 'tensorflow';

/** Calls that seed one library, or every library (`all`). */
const SEEDERS: Record<string, Lib | 'all'> = {
  'numpy.random.seed': 'numpy', 'random.seed': 'random',
  'torch.manual_seed': 'torch', 'torch.random.manual_seed': 'torch', 'torch.cuda.manual_seed_all': 'torch',
  'tensorflow.random.set_seed': 'tensorflow', 'tensorflow.set_random_seed': 'tensorflow', 'tensorflow.compat.v1.set_random_seed': 'tensorflow',
};
/** Helper names that seed everything (transformers, lightning, accelerate, keras, or the project's own). */
const SEED_ALL = new Set(['seed_everything', 'set_seed', 'set_random_seed', 'set_seeds', 'seed_all', 'fix_seed', 'setup_seed', 'enable_full_determinism']);

/** scikit-learn callables that draw random numbers unless given `random_state`. */
const SK_RANDOM = new Set([
  'train_test_split', 'ShuffleSplit', 'StratifiedShuffleSplit', 'GroupShuffleSplit', 'RepeatedKFold', 'RepeatedStratifiedKFold',
  'RandomForestClassifier', 'RandomForestRegressor', 'ExtraTreesClassifier', 'ExtraTreesRegressor', 'GradientBoostingClassifier',
  'GradientBoostingRegressor', 'HistGradientBoostingClassifier', 'HistGradientBoostingRegressor', 'DecisionTreeClassifier',
  'DecisionTreeRegressor', 'MLPClassifier', 'MLPRegressor', 'SGDClassifier', 'SGDRegressor', 'IsolationForest', 'KMeans',
  'MiniBatchKMeans', 'TSNE', 'RandomizedSearchCV', 'BaggingClassifier', 'BaggingRegressor', 'AdaBoostClassifier', 'AdaBoostRegressor',
  'shuffle', 'resample', 'make_classification', 'make_regression', 'make_blobs',
]);
const SK_SHUFFLE_OPTIONAL = new Set(['KFold', 'StratifiedKFold', 'StratifiedGroupKFold']);
const NUMPY_NOT_RANDOM = new Set(['seed', 'default_rng', 'RandomState', 'Generator', 'SeedSequence', 'get_state', 'set_state', 'PCG64', 'MT19937', 'bit_generator']);
const RANDOM_FNS = new Set(['random', 'randint', 'randrange', 'choice', 'choices', 'shuffle', 'sample', 'uniform', 'gauss', 'normalvariate', 'betavariate']);
const TORCH_RANDOM = new Set(['torch.rand', 'torch.randn', 'torch.randint', 'torch.randperm', 'torch.normal', 'torch.bernoulli', 'torch.multinomial', 'torch.rand_like', 'torch.randn_like', 'torch.utils.data.random_split']);
const TORCH_LAYERS = /^torch\.nn\.(?:Linear|Bilinear|Conv[123]d|ConvTranspose[123]d|LSTM|GRU|RNN|Embedding|MultiheadAttention|Transformer\w*|Dropout\d?d?)$/;
const KERAS_LAYERS = /^(?:tensorflow\.)?keras\.layers\.(?:Dense|Conv[123]D|LSTM|GRU|SimpleRNN|Embedding|Dropout|MultiHeadAttention)$/;
/** The first names of every qualified name this rule tests (the prefixes below and in libraryOf). */
const LIBRARIES = ['sklearn', 'numpy', 'random', 'torch', 'tensorflow', 'keras'];
const SEED_LINE: Record<Lib, [string, string]> = {
  numpy: ['numpy', 'random.seed(42)'], random: ['random', 'seed(42)'], torch: ['torch', 'manual_seed(42)'], tensorflow: ['tensorflow', 'random.set_seed(42)'],
};

export const noRandomSeed: FileRule = {
  code: 'MLO104',
  name: 'no-random-seed',
  severity: 'warning',
  scope: 'file',
  docs: {
    what: 'Finds training code that splits, shuffles, samples or initialises models at random with no seed: scikit-learn calls without `random_state` (when numpy is not seeded), and numpy, `random`, torch or TensorFlow randomness with no seed call for that library. Only files importing an ML framework are checked; tests are skipped.',
    why: 'Two runs of the same commit give different splits and different models, so a result cannot be reproduced, and a change cannot be told apart from noise.',
    example: 'from sklearn.model_selection import train_test_split\n\nX_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2)\n',
    instead: 'from sklearn.model_selection import train_test_split\n\nX_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=42)\n',
    references: [
      'https://scikit-learn.org/stable/common_pitfalls.html#controlling-randomness',
      'https://pytorch.org/docs/stable/notes/randomness.html',
    ],
  },
  appliesTo: ['python', 'notebook'],
  prefilter: /\b(?:sklearn|torch|tensorflow|keras|jax|lightning|transformers)\b/,
  statements: [callsNamed([...LIBRARIES, ...heads(Object.keys(SEEDERS))], SEED_ALL)],
  check(ctx) {
    if (isTestFile(ctx) || !importsMl(ctx)) return [];
    const seeded = seededLibs(ctx.py.calls);
    if (seeded.has('all')) return [];
    const out: RawFinding[] = [];
    const firstUse = new Map<Lib, CallFact>();
    for (const call of ctx.py.calls) {
      const q = call.qualified;
      const last = q.slice(q.lastIndexOf('.') + 1);
      if (q.startsWith('sklearn.') && (SK_RANDOM.has(last) || (SK_SHUFFLE_OPTIONAL.has(last) && call.keywords.get('shuffle')?.type === 'true'))) {
        if (call.keywords.has('random_state') || call.splat || seeded.has('numpy')) continue;
        out.push({ range: nodeRange(call.node), message: `${call.callee}() is random and has no random_state: pass random_state=42 (or seed numpy once)`, data: { kind: 'random_state' } });
      } else if ((q === 'numpy.random.default_rng' || q === 'numpy.random.RandomState' || q === 'random.Random') && call.positional.length === 0 && call.keywords.size === 0 && !call.splat) {
        out.push({ range: nodeRange(call.node), message: `${call.callee}() without a seed draws a new seed every run: pass one, e.g. ${call.callee}(42)`, data: { kind: 'ctor' } });
      } else {
        const lib = libraryOf(call);
        if (lib && !seeded.has(lib) && !firstUse.has(lib)) firstUse.set(lib, call);
      }
    }
    for (const [lib, call] of firstUse) {
      const [module, seed] = SEED_LINE[lib];
      out.push({ range: nodeRange(call.node), message: `${call.callee}() draws random numbers from ${lib} but ${lib} is never seeded: call ${localName(ctx, module) ?? module}.${seed} once after the imports`, data: { kind: 'seed', lib } });
    }
    return out;
  },
  fix(finding, ctx) {
    const kind = finding.data?.kind;
    if (kind === 'random_state' || kind === 'ctor') {
      const call = ctx.py.calls.find((c) => c.node.startPosition.row === finding.range.start.line && c.node.startPosition.column === finding.range.start.character);
      const edit = call && (kind === 'ctor' ? addPositional(call) : addKeyword(call, 'random_state', '42'));
      return edit ? { title: kind === 'ctor' ? 'Seed with 42' : 'Add random_state=42', edits: [edit] } : null;
    }
    if (kind !== 'seed') return null;
    const lib = finding.data!.lib as Lib;
    const [module, seed] = SEED_LINE[lib];
    const alias = localName(ctx, module);
    const line = afterImports(ctx);
    const text = alias ? `${alias}.${seed}\n` : `import ${module}\n${module}.${seed}\n`;
    return { title: `Seed ${lib} after the imports`, edits: [insertLines(line, text)] };
  },
};

function addPositional(call: CallFact) {
  const close = call.args.lastChild;
  if (!close || close.type !== ')') return null;
  const at = { line: close.startPosition.row, character: close.startPosition.column };
  return { range: { start: at, end: at }, newText: '42' };
}

function seededLibs(calls: CallFact[]): Set<Lib | 'all'> {
  const out = new Set<Lib | 'all'>();
  for (const c of calls) {
    const lib = SEEDERS[c.qualified];
    if (lib) out.add(lib);
    else if (SEED_ALL.has(c.method)) out.add('all');
  }
  return out;
}

function libraryOf(call: CallFact): Lib | null {
  const q = call.qualified;
  if (q.startsWith('numpy.random.') && !NUMPY_NOT_RANDOM.has(q.slice('numpy.random.'.length))) return 'numpy';
  if (q.startsWith('random.') && RANDOM_FNS.has(q.slice('random.'.length))) return 'random';
  if (TORCH_RANDOM.has(q) || TORCH_LAYERS.test(q)) return 'torch';
  if (q === 'torch.utils.data.DataLoader' && call.keywords.get('shuffle')?.type === 'true' && !call.keywords.has('generator')) return 'torch';
  if (q.startsWith('tensorflow.random.') && !q.endsWith('set_seed') || KERAS_LAYERS.test(q)) return 'tensorflow';
  return null;
}
