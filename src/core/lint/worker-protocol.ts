import type { Finding } from './types';

/** Messages between lintPaths and its worker threads. */
export type ToWorker = { type: 'lint'; files: string[] };
export interface FromWorker { findings: Finding[]; files: number; lines: number }
