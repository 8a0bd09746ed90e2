import * as vscode from 'vscode';
import * as P from '../../protocol';
import type { FromWebview, ToWebview } from '../../../webview-ui/overview/contract';
import type { Backend } from '../backend';
import { webviewHtml, webviewOptions } from './html';

/** The Overview webview: backend and registry state, experiments and the latest runs, refreshed live. */
export class OverviewPanel implements vscode.Disposable {
  static readonly viewType = 'mlopsLens.overview';
  private static current: OverviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static show(context: vscode.ExtensionContext, backend: Backend): OverviewPanel {
    if (OverviewPanel.current) {
      OverviewPanel.current.panel.reveal();
      void OverviewPanel.current.update();
      return OverviewPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(OverviewPanel.viewType, 'MLOps Lens', vscode.ViewColumn.Active, webviewOptions(context.extensionUri));
    OverviewPanel.current = new OverviewPanel(panel, context, backend);
    return OverviewPanel.current;
  }

  /** Refreshes the open panel, if any (registry changes, backend restarts). */
  static refresh(): void {
    void OverviewPanel.current?.update();
  }

  private constructor(readonly panel: vscode.WebviewPanel, context: vscode.ExtensionContext, private readonly backend: Backend) {
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'mlops-lens.svg');
    panel.webview.html = webviewHtml(panel.webview, context.extensionUri, 'overview', 'MLOps Lens');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m)),
    );
  }

  private onMessage(m: FromWebview): void {
    if (m.type === 'ready' || m.type === 'refresh') void this.update();
    else if (m.type === 'command') void vscode.commands.executeCommand(m.command);
  }

  async update(): Promise<void> {
    let msg: ToWebview;
    try {
      const [status, experiments, runs] = await Promise.all([
        this.backend.status(),
        this.backend.request(P.listExperiments),
        this.backend.requestWith(P.listRuns, { limit: 10 }),
      ]);
      msg = { type: 'overview', status, experiments, runs };
    } catch (err) {
      msg = { type: 'error', message: err instanceof Error ? err.message : String(err) };
    }
    await this.panel.webview.postMessage(msg);
  }

  dispose(): void {
    OverviewPanel.current = undefined;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
