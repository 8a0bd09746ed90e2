import { isTrainingCall } from '../ml';
import { anchors, functionShapes, similarity, sourceWords, type FnShape } from '../normalise';
import { relPath } from '../projects';
import type { WorkspaceContext, WorkspaceFinding, WorkspaceRule } from '../types';

/** Path words of serving code, and of training or feature code. */
const SERVING = new Set(['serve', 'serving', 'server', 'api', 'app', 'inference', 'infer', 'predict', 'predictor', 'prediction', 'predictions', 'handler', 'handlers', 'endpoint', 'endpoints']);
const TRAINING = /train|feature|preprocess|transform|pipeline|etl|prepare|prep(?:$|[^a-z])/i;
const TEST = /(?:^|\/)(?:test_[^/]*|[^/]*_test|conftest)\.py$|(?:^|\/)tests?\//;
/** Sizes under which two equal bodies are a coincidence (a getter, a one-line wrapper). */
const MIN_STATEMENTS = 5;
const MIN_TOKENS = 40;
const NEAR = 0.9;
/** Helpers every module may define for itself without it being a second feature pipeline. */
const BOILERPLATE = /^(?:main|parse_args|get_args|setup_logging|get_logger|__init__|__repr__|__str__|load_config|read_config|test_\w*)$/;

interface Fn { file: string; shape: FnShape }

export const trainingServingSkew: WorkspaceRule = {
  code: 'MLO301',
  name: 'training-serving-skew',
  severity: 'warning',
  scope: 'workspace',
  docs: {
    what: 'Finds feature code implemented twice: a function in a serving module (a path with serve, serving, api, app, inference, predict or handler in it) whose body, normalised (comments and docstrings dropped, parameters and local variables renamed by position, literals kept), equals or nearly equals (≥ 90% of tokens shared) a function of a training or feature module, for bodies of at least 5 statements or 40 tokens; or that repeats a data-transforming statement of such a function exactly (indexing or arithmetic with literals, e.g. the same binning or scaling constants). Plumbing functions (`main`, `parse_args`, `__init__`…) and functions that do not touch data are not compared.',
    why: 'Two copies of a transformation drift apart: someone changes the bins, the fill value or the column order in training and the service keeps the old one. The model then sees features at serving time that it never saw in training, and its predictions degrade with no error anywhere.',
    example: '# features.py\ndef add_features(df):\n    df["bmi"] = df["weight"] / (df["height"] / 100) ** 2\n    df["age_bucket"] = pd.cut(df["age"], bins=[0, 18, 35, 60, 120], labels=False)\n    return df\n\n# serve/app.py\ndef prepare(payload):\n    payload["bmi"] = payload["weight"] / (payload["height"] / 100) ** 2\n    payload["age_bucket"] = pd.cut(payload["age"], bins=[0, 18, 35, 60, 120], labels=False)\n    return payload\n',
    instead: '# serve/app.py\nfrom features import add_features\n\ndef prepare(payload):\n    return add_features(payload)\n',
    references: ['https://developers.google.com/machine-learning/guides/rules-of-ml#training-serving_skew', 'https://www.tensorflow.org/tfx/guide/tft'],
  },
  check(ctx) {
    const servingFiles: string[] = [];
    const trainingFiles: string[] = [];
    for (const f of ctx.files) {
      if (f.kind !== 'python') continue;
      const rel = relPath(ctx.root, f.path);
      if (TEST.test(rel)) continue;
      const words = rel.replace(/\.py$/, '').toLowerCase().split(/[/._-]+/);
      // `serve/preprocess.py` is serving code; `app/features.py` is the feature module the service should import.
      const base = rel.slice(rel.lastIndexOf('/') + 1);
      if (words.some((w) => SERVING.has(w)) && !TRAINING.test(base)) servingFiles.push(f.path);
      else trainingFiles.push(f.path);
    }
    // Serving code first: without it there is nothing to compare, and the training side is not parsed at all.
    const serving = servingFiles.flatMap((f) => shapes(ctx, f));
    if (serving.length === 0) return [];
    const wanted = new Set(serving.flatMap((s) => anchors(s.shape)));
    const shares = (text: string) => sourceWords(text).some((w) => wanted.has(w));
    const training = trainingFiles.flatMap((f) => {
      const named = TRAINING.test(relPath(ctx.root, f));
      const text = ctx.read(f) ?? '';
      if ((!named && !/\.fit\(|\.step\(|\.train\(/.test(text)) || !shares(text)) return [];
      const c = ctx.context(f);
      return c && (named || c.py.calls.some(isTrainingCall)) ? shapes(ctx, f, shares) : [];
    });
    return compare(ctx, serving, training);
  },
};

function shapes(ctx: WorkspaceContext, file: string, keep?: (source: string) => boolean): Fn[] {
  const c = ctx.context(file);
  if (!c) return [];
  return functionShapes(c.tree, keep).filter((shape) => !BOILERPLATE.test(shape.name) && shape.transforms).map((shape) => ({ file, shape }));
}

function compare(ctx: WorkspaceContext, serving: Fn[], training: Fn[]): WorkspaceFinding[] {
  const byKey = new Map<string, Fn>();
  const byLine = new Map<string, { fn: Fn; line: number; text: string }>();
  for (const t of training) {
    if (!byKey.has(t.shape.key)) byKey.set(t.shape.key, t);
    for (const l of t.shape.lines) if (!byLine.has(l.key)) byLine.set(l.key, { fn: t, line: l.line, text: l.text });
  }
  const big = (s: FnShape) => s.statements >= MIN_STATEMENTS || s.tokens.length >= MIN_TOKENS;
  const sized = training.filter((t) => big(t.shape)).sort((a, b) => a.shape.tokens.length - b.shape.tokens.length);
  const out: WorkspaceFinding[] = [];
  const where = (fn: Fn, line = fn.shape.range.start.line) => `${relPath(ctx.root, fn.file)}:${line + 1}`;
  for (const s of serving) {
    const name = `${s.shape.name}()`;
    const fix = 'import it from the training code instead, so both paths compute the same features';
    const exact = big(s.shape) ? byKey.get(s.shape.key) : undefined;
    if (exact && exact.file !== s.file) {
      out.push({ file: s.file, range: s.shape.range, message: `${name} re-implements ${exact.shape.name}() of ${where(exact)} (same normalised body): ${fix}` });
      continue;
    }
    const near = big(s.shape) ? nearest(s, sized) : null;
    if (near) {
      out.push({ file: s.file, range: s.shape.range, message: `${name} re-implements ${near.fn.shape.name}() of ${where(near.fn)} (${Math.round(near.score * 100)}% of normalised tokens shared): ${fix}` });
      continue;
    }
    const line = s.shape.lines.map((l) => byLine.get(l.key)).find((m) => m && m.fn.file !== s.file);
    if (line) {
      const text = line.text.length > 50 ? `${line.text.slice(0, 47)}...` : line.text;
      out.push({ file: s.file, range: s.shape.range, message: `${name} repeats the transformation \`${text}\` of ${line.fn.shape.name}() at ${where(line.fn, line.line)}: ${fix}` });
    }
  }
  return out;
}

/** The most similar training function, when at least NEAR similar; sizes outside NEAR's bound cannot reach it. */
function nearest(s: Fn, sized: Fn[]): { fn: Fn; score: number } | null {
  const n = s.shape.tokens.length;
  let best: { fn: Fn; score: number } | null = null;
  for (const t of sized) {
    const m = t.shape.tokens.length;
    if (m < n * NEAR) continue;
    if (m > n / NEAR) break;
    if (t.file === s.file) continue;
    const score = similarity(s.shape.counts, t.shape.counts);
    if (score >= NEAR && (!best || score > best.score)) best = { fn: t, score };
  }
  return best;
}
