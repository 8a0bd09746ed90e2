import type { Scorecard } from '../../src/core/maturity/types';
import type { AssessmentPoint } from '../../src/protocol';

/** Messages between the Scorecard webview and the extension. */
export type ToWebview =
  | { type: 'scorecard'; card: Scorecard; history: AssessmentPoint[] }
  | { type: 'running' }
  | { type: 'error'; message: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'openEvidence'; file: string; line: number | null }
  | { type: 'scaffold'; checkId: string }
  | { type: 'runCommand'; command: string }
  | { type: 'showProblems'; codes: string[] }
  | { type: 'exportMarkdown' };
