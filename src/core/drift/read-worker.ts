import { parentPort } from 'node:worker_threads';
import { MlopsError } from '../errors';
import { readDataset } from './read';
import type { ReadRequest, ReadReply } from './read-elsewhere';

/** A worker thread reading one dataset: progress as it goes, then the column set (numbers in shared memory) or the error. */
parentPort!.once('message', ({ file, options }: ReadRequest) => {
  const reply = (m: ReadReply) => parentPort!.postMessage(m);
  readDataset(file, { ...options, onBytes: (bytes) => reply({ bytes }) }).then(
    (set) => reply({ set }),
    (err: unknown) => reply({ error: err instanceof MlopsError ? { what: err.what, where: err.where, why: err.why, kind: err.kind } : { message: err instanceof Error ? err.message : String(err) } }),
  );
});
