import type { DriftReport } from '../../src/core/drift/types';

/** Messages between the Drift report webview and the extension. */
export type ToWebview =
  | { type: 'running'; reference: string; current: string; model: string | null }
  | { type: 'report'; report: DriftReport & { reportId: number | null } }
  | { type: 'error'; message: string };

export type FromWebview = { type: 'ready' } | { type: 'rerun' } | { type: 'cancel' };
