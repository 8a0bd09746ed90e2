import * as fs from 'node:fs';
import * as path from 'node:path';

/** What `new Worker` is given: a file, or code to evaluate. */
export interface WorkerScript {
  code: string;
  eval: boolean;
}

/**
 * A worker's entry point: its TypeScript source through tsx when the caller itself runs from source (tests,
 * benchmarks), else the bundle esbuild writes beside the caller's bundle in dist/. Null when neither exists,
 * and the caller then does the work on its own thread.
 */
export function workerScript(callerFile: string, source: string, bundle: string): WorkerScript | null {
  const dir = path.dirname(callerFile);
  if (callerFile.endsWith('.ts')) return { code: `require('tsx/cjs'); require(${JSON.stringify(path.join(dir, source))});`, eval: true };
  const bundled = path.join(dir, bundle);
  return fs.existsSync(bundled) ? { code: bundled, eval: false } : null;
}
