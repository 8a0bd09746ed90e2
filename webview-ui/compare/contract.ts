import type { CompareResult } from '../../src/protocol';

/** Messages between the Run compare webview and the extension. */
export type ToWebview = { type: 'compare'; data: CompareResult } | { type: 'error'; message: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'exportCsv'; csv: string }
  | { type: 'openRun'; id: string };
