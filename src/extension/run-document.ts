import * as vscode from 'vscode';
import { formatRunText } from '../core/registry/format';
import * as P from '../protocol';
import type { Backend } from './backend';

export const RUN_SCHEME = 'mlops-lens-run';

/** Read-only documents `mlops-lens-run:/<id>.txt` showing a run as `mlops-lens runs show` prints it. */
export class RunDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly backend: Backend) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = uri.path.replace(/^\//, '').replace(/\.txt$/, '');
    return formatRunText(await this.backend.requestWith(P.getRun, { id }));
  }

  static uri(runId: string): vscode.Uri {
    return vscode.Uri.from({ scheme: RUN_SCHEME, path: `/${runId}.txt` });
  }
}
