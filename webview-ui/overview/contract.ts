import type { RunRecord } from '../../src/core/registry/types';
import type { ExperimentSummary, StatusResult } from '../../src/protocol';

/** Messages between the Overview webview and the extension, typed once for both sides. */
export type ToWebview =
  | { type: 'overview'; status: StatusResult; experiments: ExperimentSummary[]; runs: RunRecord[] }
  | { type: 'error'; message: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'command'; command: 'mlopsLens.ingest' | 'mlopsLens.showStatus' | 'mlopsLens.reopenRegistry' };
