import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { MlopsError, describeError, errnoCode } from '../errors';
import { parseModel } from './model-info';
import type { ModelInfo } from './types';

export type Ort = typeof import('onnxruntime-node');

export interface LoadedModel {
  info: ModelInfo;
  session: InferenceSession;
  ort: Ort;
}

interface Entry {
  /** mtime and size: a rewritten model file gets a new session. */
  key: string;
  info: Promise<ModelInfo>;
  session?: Promise<InferenceSession>;
}

/** Open sessions hold the model's weights; a few are kept, least recently used first out. */
const MAX_CACHED = 8;
const cache = new Map<string, Entry>();
let ortModule: Ort | undefined;

/** onnxruntime-node loads its native library on first use only, so commands that never infer do not pay for it. */
export function onnxruntime(): Ort {
  if (ortModule) return ortModule;
  try {
    // A plain require keeps it external and lazy in the esbuild bundles, where it is marked external.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ort = require('onnxruntime-node') as Ort;
    // Its warnings (initializers listed as inputs, and the like) would go to stderr in the middle of our output.
    ort.env.logLevel = 'error';
    ortModule = ort;
    return ort;
  } catch (err) {
    throw new MlopsError('cannot load onnxruntime', 'onnxruntime-node', describeError(err));
  }
}

/** What the model declares, read from its bytes (cached per path, mtime and size). */
export async function modelInfo(file: string): Promise<ModelInfo> {
  return (await entryFor(file)).info;
}

/** The model with a ready session; a model the runtime rejects is an error with the runtime's reason. */
export async function loadModel(file: string): Promise<LoadedModel> {
  const entry = await entryFor(file);
  const info = await entry.info;
  const ort = onnxruntime();
  entry.session ??= ort.InferenceSession.create(path.resolve(file), { logSeverityLevel: 3, graphOptimizationLevel: 'all' });
  try {
    return { info, session: await entry.session, ort };
  } catch (err) {
    if (cache.get(path.resolve(file)) === entry) entry.session = undefined;
    throw new MlopsError('cannot load model', file, `onnxruntime: ${runtimeReason(err)}`);
  }
}

/** Releases every cached session (the backend on shutdown, tests between cases). */
export async function closeModels(): Promise<void> {
  const entries = [...cache.values()];
  cache.clear();
  await Promise.all(entries.map(release));
}

async function entryFor(file: string): Promise<Entry> {
  const abs = path.resolve(file);
  let st: fs.Stats;
  try {
    st = await fs.promises.stat(abs);
  } catch (err) {
    throw new MlopsError('cannot read model', file, errnoCode(err) === 'ENOENT' ? 'no such file' : errnoCode(err) ?? describeError(err));
  }
  if (!st.isFile()) throw new MlopsError('cannot read model', file, 'not a file');
  const key = `${st.mtimeMs}:${st.size}`;
  const old = cache.get(abs);
  cache.delete(abs);
  if (old && old.key === key) {
    cache.set(abs, old);
    return old;
  }
  if (old) void release(old);
  const entry: Entry = { key, info: readInfo(file, abs) };
  cache.set(abs, entry);
  // A file that fails to parse is read again next time: the user is likely fixing it.
  entry.info.catch(() => {
    if (cache.get(abs) === entry) cache.delete(abs);
  });
  for (const [k, e] of cache) {
    if (cache.size <= MAX_CACHED) break;
    cache.delete(k);
    void release(e);
  }
  return entry;
}

async function readInfo(file: string, abs: string): Promise<ModelInfo> {
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(abs);
  } catch (err) {
    const code = errnoCode(err);
    throw new MlopsError('cannot read model', file, code === 'ERR_FS_FILE_TOO_LARGE' ? 'larger than 2 GiB, the protobuf limit' : code ?? describeError(err));
  }
  return parseModel(file, bytes);
}

async function release(entry: Entry): Promise<void> {
  try {
    await (await entry.session)?.release();
  } catch {
    // A session that failed to load has nothing to release.
  }
}

/**
 * The runtime's own words without its wrapping: "Load model from <path> failed:" and the C++ source location
 * and signature ("/onnxruntime_src/…/model.cc:187 onnxruntime::Model::Model(…) ") that precede the reason.
 */
export function runtimeReason(err: unknown): string {
  let msg = describeError(err).trim().replace(/^Load model from .*? failed:\s*/s, '');
  const loc = /^\/\S+\.(?:cc|cpp|h):\d+ /.exec(msg);
  if (loc) {
    const open = msg.indexOf('(', loc[0].length);
    let depth = 0;
    for (let i = open; open >= 0 && i < msg.length; i++) {
      if (msg[i] === '(') depth++;
      else if (msg[i] === ')' && --depth === 0) {
        msg = msg.slice(i + 1).trim();
        break;
      }
    }
  }
  return msg.replace(/^Fatal error:\s*/, '').replace(/\s*\n\s*/g, ' ');
}
