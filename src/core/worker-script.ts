import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

/** What `new Worker` is given: a file, or code to evaluate. */
export interface WorkerScript {
  code: string;
  eval: boolean;
}

/** Set by `npm run bench`, which builds first: worker bundles to use even when the caller runs from source. */
export const WORKER_BUNDLES_ENV = 'MLOPS_LENS_WORKER_BUNDLES';

/**
 * A worker's entry point: the bundle esbuild writes beside the caller's bundle in dist/, or, when the
 * caller itself runs from source (tests), its TypeScript source through tsx. Null when neither exists,
 * and the caller then does the work on its own thread. Benchmarks run from source but time the bundled
 * workers the product ships: starting a worker through tsx costs about 300 ms of compiling each time.
 */
export function workerScript(callerFile: string, source: string, bundle: string): WorkerScript | null {
  const dir = path.dirname(callerFile);
  const bundles = process.env[WORKER_BUNDLES_ENV];
  if (bundles && fs.existsSync(path.join(bundles, bundle))) return { code: path.join(bundles, bundle), eval: false };
  if (callerFile.endsWith('.ts')) return { code: `require('tsx/cjs'); require(${JSON.stringify(path.join(dir, source))});`, eval: true };
  const bundled = path.join(dir, bundle);
  return fs.existsSync(bundled) ? { code: bundled, eval: false } : null;
}

/**
 * Starts a worker on `script`. It does not inherit this thread's Node options: under `node --import tsx`
 * (tests, benchmarks) each worker would start tsx's module hooks again, which took 100–250 ms per worker
 * before its first line ran; a bundle needs no loader, and the source entry requires tsx itself. V8 flags
 * (the backend's heap sizes) are the process's and apply to every thread regardless.
 */
export function startWorker(script: WorkerScript, workerData?: unknown): Worker {
  return new Worker(script.code, { eval: script.eval, workerData, execArgv: [] });
}
