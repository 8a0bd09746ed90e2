import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Scorecard } from '../../core/maturity/types';
import * as P from '../../protocol';
import type { FromWebview, ToWebview } from '../../../webview-ui/scorecard/contract';
import type { Backend } from '../backend';
import { webviewHtml, webviewOptions } from './html';

/** The Scorecard: ladder, progress, checks with evidence and fixes, anti-patterns, roadmap, ML Test Score, trend. */
export class ScorecardPanel implements vscode.Disposable {
  static readonly viewType = 'mlopsLens.scorecard';
  private static current: ScorecardPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static show(context: vscode.ExtensionContext, backend: Backend): ScorecardPanel {
    if (ScorecardPanel.current) {
      ScorecardPanel.current.panel.reveal();
      return ScorecardPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(ScorecardPanel.viewType, 'MLOps Maturity', vscode.ViewColumn.Active, webviewOptions(context.extensionUri));
    ScorecardPanel.current = new ScorecardPanel(panel, context, backend);
    return ScorecardPanel.current;
  }

  /** A new assessment arrived (files changed): the open scorecard shows it. */
  static update(card: Scorecard): void {
    void ScorecardPanel.current?.send(card);
  }

  private constructor(readonly panel: vscode.WebviewPanel, context: vscode.ExtensionContext, private readonly backend: Backend) {
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'mlops-lens.svg');
    panel.webview.html = webviewHtml(panel.webview, context.extensionUri, 'scorecard', 'MLOps Maturity');
    this.disposables.push(panel.onDidDispose(() => this.dispose()), panel.webview.onDidReceiveMessage((m: FromWebview) => void this.onMessage(m)));
  }

  private async onMessage(m: FromWebview): Promise<void> {
    switch (m.type) {
      case 'ready':
      case 'refresh':
        return this.load(m.type === 'refresh');
      case 'openEvidence': {
        const card = await this.backend.requestWith(P.assess, {});
        const uri = vscode.Uri.file(path.join(card.root, m.file));
        const line = Math.max(0, (m.line ?? 1) - 1);
        await vscode.window.showTextDocument(uri, { selection: new vscode.Range(line, 0, line, 0), viewColumn: vscode.ViewColumn.Beside });
        return;
      }
      case 'scaffold':
        await vscode.commands.executeCommand('mlopsLens.scaffoldFix', m.checkId);
        return;
      case 'runCommand': {
        // Typed into a terminal, not run: the user reads it and presses Enter.
        const terminal = vscode.window.createTerminal({ name: 'MLOps Lens' });
        terminal.show();
        terminal.sendText(m.command, false);
        return;
      }
      case 'showProblems':
        await vscode.commands.executeCommand('workbench.actions.view.problems');
        void vscode.window.setStatusBarMessage(`MLOps Lens: filter the Problems panel by ${m.codes.join(', ')}`, 5000);
        return;
      case 'exportMarkdown':
        await vscode.commands.executeCommand('mlopsLens.exportScorecard');
        return;
    }
  }

  private async load(refresh: boolean): Promise<void> {
    await this.post({ type: 'running' });
    try {
      const card = await this.backend.requestWith(P.assess, { refresh });
      await this.send(card);
    } catch (err) {
      await this.post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  private async send(card: Scorecard): Promise<void> {
    const history = await this.backend.request(P.assessmentHistory).catch(() => []);
    await this.post({ type: 'scorecard', card, history });
  }

  private post(msg: ToWebview): Thenable<boolean> {
    return this.panel.webview.postMessage(msg);
  }

  dispose(): void {
    ScorecardPanel.current = undefined;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
