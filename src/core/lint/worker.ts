import { parentPort, workerData } from 'node:worker_threads';
import type { LensConfig } from '../config';
import { lintFile } from './files';
import { initParser } from './parser';
import type { FromWorker, ToWorker } from './worker-protocol';

/** A lint worker thread: parses and lints the chunks of files it is sent, one reply per chunk. */
const { config, options } = workerData as { config: LensConfig; options: { installedVersions?: [string, string][]; select?: string[] | null; ignore?: string[] } };
const opts = { ...options, installedVersions: options.installedVersions ? new Map(options.installedVersions) : undefined, incremental: false };
const ready = initParser();

parentPort!.on('message', (m: ToWorker) => {
  void ready.then(() => {
    const reply: FromWorker = { findings: [], files: m.files.length, lines: 0 };
    for (const file of m.files) {
      const r = lintFile(file, config, opts);
      reply.findings.push(...r.findings);
      reply.lines += r.lines;
    }
    parentPort!.postMessage(reply);
  });
});
