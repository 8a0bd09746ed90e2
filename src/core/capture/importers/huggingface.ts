import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../../errors';
import type { MetricPoint } from '../../registry';
import { field, lineAt, parseJson, type JsonNode } from '../json-literal';
import { jsonLiteral, jsonParamsFile, readOptional } from '../params';
import { experimentOf, statOf, statusByActivity } from '../run-files';
import type { Importer, ReadResult } from './types';

interface HfState {
  file: string;
  size: number;
  mtimeMs: number;
  /** log_history entries imported, and a digest of them to tell an extension from a rewrite. */
  entries: number;
  digest: string;
}

const CHECKPOINT = /^checkpoint-\d+$/;
/** Trainer settings kept in trainer_state.json itself, the only arguments a run has as text by default. */
const STATE_PARAMS = ['num_train_epochs', 'max_steps', 'train_batch_size', 'logging_steps', 'eval_steps', 'save_steps'];

/**
 * Hugging Face `Trainer`: `trainer_state.json` (`json.dumps(asdict(state), indent=2, sort_keys=True)`,
 * NaN written bare) in each `checkpoint-N/` and, when the script calls `save_state()`, in the output
 * folder. `log_history` holds train entries (`loss`, `grad_norm`, `learning_rate`, `epoch`, `step`),
 * eval entries (`eval_*`) and one summary entry at the end (`train_runtime`, `train_loss`, ...); each
 * entry's `step` is the global step. The run is the output folder; its newest trainer_state.json is
 * read, and each checkpoint's log_history extends the previous one, so only new entries are added.
 * Arguments come from `training_args.json` and `config.json` (as `config.*`) when they exist:
 * `training_args.bin` is a pickle and is never read.
 */
export const huggingface: Importer = {
  name: 'huggingface',
  detect: (file) => path.basename(file) === 'trainer_state.json',
  runPath(file) {
    const dir = path.dirname(file);
    return CHECKPOINT.test(path.basename(dir)) ? path.dirname(dir) : dir;
  },
  read(runPath, state, options): ReadResult {
    const prev = state?.data as HfState | null | undefined;
    const problems: Problem[] = [];
    const candidates = stateFiles(runPath);
    const newest = candidates.reduce<{ file: string; st: fs.Stats } | undefined>((best, c) => (!best || c.st.mtimeMs > best.st.mtimeMs ? c : best), undefined);
    if (!newest) return { runs: [], nextState: state ?? { offset: 0, bytes: 0, mtimeMs: null, headSha256: null, data: null }, problems, more: false };
    let next: HfState | null | undefined = prev;
    let points: MetricPoint[] = [];
    let replace: 'all' | undefined;
    let finished = false;
    let doc: JsonNode | undefined;
    const unchanged = prev && prev.file === newest.file && prev.size === newest.st.size && prev.mtimeMs === newest.st.mtimeMs;
    const text = readOptional(newest.file);
    if (typeof text !== 'string') {
      if (text) problems.push(text);
    } else {
      const parsed = parseJson(text);
      if ('error' in parsed) problems.push({ path: newest.file, line: parsed.line, message: `invalid JSON: ${parsed.error}` });
      else doc = parsed.value;
    }
    const history = doc && field(doc, 'log_history');
    if (doc && history?.kind !== 'array') problems.push({ path: newest.file, line: 1, message: 'no "log_history" list' });
    if (history?.kind === 'array') {
      finished = history.items.some((e) => field(e, 'train_runtime') !== undefined);
      if (!unchanged) {
        const extends_ = prev !== null && prev !== undefined && prev.entries <= history.items.length && digest(history.items, prev.entries) === prev.digest;
        const from = extends_ ? prev.entries : 0;
        if (prev && !extends_) replace = 'all';
        points = entryPoints(history.items.slice(from), newest.file, text as string, problems);
        next = { file: newest.file, size: newest.st.size, mtimeMs: newest.st.mtimeMs, entries: history.items.length, digest: digest(history.items, history.items.length) };
      }
    }

    const params: Record<string, string> = {};
    const tags: Record<string, string> = {};
    if (doc) {
      for (const k of STATE_PARAMS) {
        const v = field(doc, k);
        if (v && v.kind !== 'null') params[k] = jsonLiteral(v);
      }
      for (const k of ['best_metric', 'best_model_checkpoint']) {
        const v = field(doc, k);
        if (v && v.kind !== 'null') tags[k] = jsonLiteral(v);
      }
    }
    const dirs = [runPath, path.dirname(newest.file)];
    const args = firstExisting(dirs, 'training_args.json');
    if (args) { const r = jsonParamsFile(args); Object.assign(params, r.params); problems.push(...r.problems); }
    const config = firstExisting(dirs, 'config.json');
    if (config) { const r = jsonParamsFile(config, 'config'); Object.assign(params, r.params); problems.push(...r.problems); }

    const status = finished ? 'finished' : statusByActivity(newest.st.mtimeMs, options.now);
    const started = Math.min(...candidates.map((c) => c.st.birthtimeMs || c.st.mtimeMs));
    return {
      runs: [{
        runKey: runPath,
        experiment: experimentOf(runPath, 'huggingface'),
        name: params.run_name ?? path.basename(runPath),
        status,
        startedAt: started,
        endedAt: status === 'running' ? null : newest.st.mtimeMs,
        params,
        tags,
        points,
        replace,
        artifacts: [],
      }],
      nextState: { offset: next?.entries ?? 0, bytes: newest.st.size, mtimeMs: newest.st.mtimeMs, headSha256: next?.digest ?? null, data: next ?? null },
      problems,
      more: false,
    };
  },
};

function stateFiles(runPath: string): { file: string; st: fs.Stats }[] {
  const out: { file: string; st: fs.Stats }[] = [];
  const add = (file: string) => {
    const st = statOf(file);
    if (st?.isFile()) out.push({ file, st });
  };
  add(path.join(runPath, 'trainer_state.json'));
  let names: string[] = [];
  try {
    names = fs.readdirSync(runPath).filter((n) => CHECKPOINT.test(n));
  } catch {
    names = [];
  }
  for (const n of names) add(path.join(runPath, n, 'trainer_state.json'));
  return out;
}

function firstExisting(dirs: string[], name: string): string | undefined {
  return dirs.map((d) => path.join(d, name)).find((f) => fs.existsSync(f));
}

/** A digest of the first `n` entries, from their keys and written values (the same in every checkpoint). */
function digest(entries: JsonNode[], n: number): string {
  const h = createHash('sha256');
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    h.update(e.kind === 'object' ? e.entries.map(([k, v]) => `${k}=${jsonLiteral(v)}`).join(',') : jsonLiteral(e));
    h.update('\n');
  }
  return h.digest('hex');
}

function entryPoints(entries: JsonNode[], file: string, text: string, problems: Problem[]): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (const e of entries) {
    const step = field(e, 'step');
    if (e.kind !== 'object' || step?.kind !== 'number' || !Number.isSafeInteger(step.value)) {
      problems.push({ path: file, line: lineAt(text, e.pos), message: 'log_history entry without an integer "step"; entry skipped' });
      continue;
    }
    for (const [key, v] of e.entries) {
      if (key !== 'step' && v.kind === 'number') out.push({ key, step: step.value, ts: null, value: v.value });
    }
  }
  return out;
}
