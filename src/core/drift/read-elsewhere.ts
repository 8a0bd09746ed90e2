import { MlopsError, type ErrorKind } from '../errors';
import { startWorker, workerScript } from '../worker-script';
import type { DatasetReadOptions } from './read';
import type { ColumnSet } from './types';

export interface ReadRequest {
  file: string;
  options: Omit<DatasetReadOptions, 'signal' | 'onBytes'>;
}

export type ReadReply =
  | { bytes: number }
  | { set: ColumnSet }
  | { error: { what: string; where: string; why?: string; kind: ErrorKind } | { message: string } };

/** The reader worker's entry, or null when there is none (then both datasets are read here, one after the other). */
export function readWorkerScript() {
  return workerScript(__filename, 'read-worker.ts', 'drift-read-worker.js');
}

/**
 * Reads a dataset on a worker thread, so that the two datasets of a drift check are parsed at the same time
 * on two cores. The numbers come back in shared memory; errors come back as they were thrown.
 */
export function readDatasetElsewhere(script: NonNullable<ReturnType<typeof readWorkerScript>>, file: string, options: DatasetReadOptions): Promise<ColumnSet> {
  const { signal, onBytes, ...plain } = options;
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const w = startWorker(script);
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void w.terminate();
      finish();
    };
    const onAbort = () => settle(() => reject(signal!.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    w.on('message', (m: ReadReply) => {
      if ('bytes' in m) onBytes?.(m.bytes);
      else if ('set' in m) settle(() => resolve(m.set));
      else settle(() => reject('what' in m.error ? new MlopsError(m.error.what, m.error.where, m.error.why, m.error.kind) : new Error(m.error.message)));
    });
    w.on('error', (err) => settle(() => reject(err)));
    w.on('exit', (code) => settle(() => reject(new Error(`the dataset reader stopped (exit code ${code}) before it finished ${file}`))));
    w.postMessage({ file, options: plain } satisfies ReadRequest);
  });
}
