import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { loadConfig, type LensConfig } from '../config';
import { describeError } from '../errors';
import { startWorker, workerScript, type WorkerScript } from '../worker-script';
import { buildContext, kindOf, type BuiltContext } from './context';
import { byPosition, cannotAnalyse, type LintOptions } from './engine';
import { collectFiles, lintFile } from './files';
import { suppressed } from './noqa';
import { initParser } from './parser';
import { workspaceRules } from './rules';
import { codeEnabled, fileIgnores } from './select';
import type { FileContext, Finding, WorkspaceContext, WorkspaceFinding } from './types';
import type { FromWorker, ToWorker } from './worker-protocol';

export interface LintPathsOptions extends LintOptions {
  /** Defaults to the configuration found from the first path. */
  config?: LensConfig;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Worker threads to use; default: one per core (at most 8) when there are at least WORKER_MIN_FILES files, else none. */
  workers?: number;
}

export interface LintResult {
  findings: Finding[];
  filesScanned: number;
  linesScanned: number;
}

/** Below this many files, starting workers costs more than it saves. */
export const WORKER_MIN_FILES = 300;
const CHUNK = 24;

/** Lints files and folders (the CLI's and the background workspace scan's path), then runs the cross-file rules. */
export async function lintPaths(paths: string[], options: LintPathsOptions = {}): Promise<LintResult> {
  const config = options.config ?? loadConfig(fs.statSync(paths[0] ?? '.', { throwIfNoEntry: false })?.isDirectory() ? paths[0]! : path.dirname(paths[0] ?? '.'));
  const files = collectFiles(paths.length ? paths : ['.'], config);
  const opts: LintOptions = { installedVersions: options.installedVersions, select: options.select, ignore: options.ignore, incremental: false };
  const workers = options.workers ?? (files.length >= WORKER_MIN_FILES ? Math.min(8, os.availableParallelism()) : 0);
  const script = workers > 1 ? workerScript(__filename, 'worker.ts', 'lint-worker.js') : null;
  const result = script ? await inWorkers(script, workers, files, config, opts, options) : await sequential(files, config, opts, options);
  result.findings.push(...(await crossFile(files, config, opts, options.signal)));
  result.findings.sort(byPosition);
  return result;
}

async function sequential(files: string[], config: LensConfig, opts: LintOptions, o: LintPathsOptions): Promise<LintResult> {
  await initParser();
  const findings: Finding[] = [];
  let lines = 0;
  for (let i = 0; i < files.length; i++) {
    o.signal?.throwIfAborted();
    const r = lintFile(files[i]!, config, opts);
    findings.push(...r.findings);
    lines += r.lines;
    o.onProgress?.(i + 1, files.length);
    // Yields now and then so a cancellation or a progress report can get through.
    if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
  }
  return { findings, filesScanned: files.length, linesScanned: lines };
}

function inWorkers(script: WorkerScript, count: number, files: string[], config: LensConfig, opts: LintOptions, o: LintPathsOptions): Promise<LintResult> {
  return new Promise((resolve, reject) => {
    const findings: Finding[] = [];
    let next = 0;
    let done = 0;
    let lines = 0;
    let live = 0;
    let failed = false;
    const pool: Worker[] = [];
    const stop = (err: unknown) => {
      if (failed) return;
      failed = true;
      for (const w of pool) void w.terminate();
      reject(err);
    };
    const onAbort = () => stop(o.signal!.reason);
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const feed = (w: Worker) => {
      if (next >= files.length) {
        void w.terminate();
        return;
      }
      const chunk = files.slice(next, next + CHUNK);
      next += chunk.length;
      w.postMessage({ type: 'lint', files: chunk } satisfies ToWorker);
    };
    const options = { installedVersions: opts.installedVersions ? [...opts.installedVersions] : undefined, select: opts.select, ignore: opts.ignore };
    for (let i = 0; i < Math.min(count, Math.ceil(files.length / CHUNK)); i++) {
      const w = startWorker(script, { config, options });
      pool.push(w);
      live++;
      w.on('message', (m: FromWorker) => {
        findings.push(...m.findings);
        done += m.files;
        lines += m.lines;
        o.onProgress?.(done, files.length);
        feed(w);
      });
      w.on('error', stop);
      w.on('exit', () => {
        if (--live === 0 && !failed) {
          o.signal?.removeEventListener('abort', onAbort);
          resolve({ findings, filesScanned: files.length, linesScanned: lines });
        }
      });
      feed(w);
    }
    if (live === 0) resolve({ findings, filesScanned: files.length, linesScanned: lines });
  });
}

/** Cross-file rules run once over the whole set, after the per-file pass. */
async function crossFile(files: string[], config: LensConfig, opts: LintOptions, signal?: AbortSignal): Promise<Finding[]> {
  const select = opts.select !== undefined ? opts.select : config.select;
  const ignore = [...config.ignore, ...(opts.ignore ?? [])];
  const active = workspaceRules.filter((r) => codeEnabled(r.code, select, ignore));
  if (active.length === 0) return [];
  await initParser();
  const texts = new Map<string, string | null>();
  const read = (p: string) => {
    if (!texts.has(p)) {
      try {
        texts.set(p, fs.readFileSync(p, 'utf8'));
      } catch {
        texts.set(p, null);
      }
    }
    return texts.get(p)!;
  };
  const contexts = new Map<string, FileContext | null>();
  const built: BuiltContext[] = [];
  const ctx: WorkspaceContext = {
    root: config.root, config, signal, read,
    files: files.flatMap((p) => { const kind = kindOf(p); return kind ? [{ path: p, kind }] : []; }),
    context(p) {
      if (!contexts.has(p)) {
        const text = read(p);
        const kind = kindOf(p);
        let c: FileContext | null = null;
        try {
          if (text !== null && kind) {
            const b = buildContext(p, kind, text, config, opts.installedVersions);
            built.push(b);
            c = b.ctx;
          }
        } catch {
          c = null;
        }
        contexts.set(p, c);
      }
      return contexts.get(p)!;
    },
  };
  const out: Finding[] = [];
  try {
    for (const rule of active) {
      signal?.throwIfAborted();
      let found: WorkspaceFinding[];
      try {
        found = await rule.check(ctx);
      } catch (err) {
        if (signal?.aborted) throw err;
        out.push(cannotAnalyse(config.root, `${rule.code} failed: ${describeError(err)}`, 0));
        continue;
      }
      for (const f of found) {
        // The file's own switches apply as for per-file rules: per-file-ignores and `# noqa` on the reported line.
        if (!codeEnabled(rule.code, select, [...ignore, ...fileIgnores(f.file, config)])) continue;
        if (suppressed(read(f.file)?.split('\n')[f.range.start.line], rule.code)) continue;
        out.push({ file: f.file, cell: f.cell ?? null, range: f.range, code: rule.code, severity: rule.severity, message: f.message });
      }
    }
  } finally {
    for (const b of built) b.dispose();
  }
  return out;
}
