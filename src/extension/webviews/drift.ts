import * as path from 'node:path';
import * as vscode from 'vscode';
import * as P from '../../protocol';
import type { FromWebview, ToWebview } from '../../../webview-ui/drift/contract';
import type { Backend } from '../backend';
import { webviewHtml, webviewOptions } from './html';

/** The Drift report: dataset verdict, sortable column table and per-column histograms; runs in the backend, cancellable. */
export class DriftPanel implements vscode.Disposable {
  static readonly viewType = 'mlopsLens.drift';
  private readonly disposables: vscode.Disposable[] = [];
  private running: vscode.CancellationTokenSource | undefined;

  static show(context: vscode.ExtensionContext, backend: Backend, params: P.DriftParams): DriftPanel {
    const panel = vscode.window.createWebviewPanel(DriftPanel.viewType, `Drift: ${path.basename(params.current)}`, vscode.ViewColumn.Active, webviewOptions(context.extensionUri));
    return new DriftPanel(panel, context, backend, params);
  }

  private constructor(readonly panel: vscode.WebviewPanel, context: vscode.ExtensionContext, private readonly backend: Backend, private readonly params: P.DriftParams) {
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'mlops-lens.svg');
    panel.webview.html = webviewHtml(panel.webview, context.extensionUri, 'drift', 'Drift report');
    this.disposables.push(panel.onDidDispose(() => this.dispose()), panel.webview.onDidReceiveMessage((m: FromWebview) => void this.onMessage(m)));
  }

  private async onMessage(m: FromWebview): Promise<void> {
    if (m.type === 'ready' || m.type === 'rerun') await this.run();
    else if (m.type === 'cancel') this.running?.cancel();
  }

  private async run(): Promise<void> {
    this.running?.cancel();
    const cts = (this.running = new vscode.CancellationTokenSource());
    const rel = (p: string) => vscode.workspace.asRelativePath(p);
    await this.post({ type: 'running', reference: rel(this.params.reference), current: rel(this.params.current), model: this.params.model ? rel(this.params.model) : null });
    try {
      const report = await this.backend.requestWith(P.checkDrift, this.params, cts.token);
      await this.post({ type: 'report', report: { ...report, reference: { ...report.reference, path: rel(report.reference.path) }, current: { ...report.current, path: rel(report.current.path) } } });
    } catch (err) {
      await this.post({ type: 'error', message: cts.token.isCancellationRequested ? 'Cancelled.' : err instanceof Error ? err.message : String(err) });
    } finally {
      cts.dispose();
      if (this.running === cts) this.running = undefined;
    }
  }

  private post(msg: ToWebview): Thenable<boolean> {
    return this.panel.webview.postMessage(msg);
  }

  dispose(): void {
    this.running?.cancel();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
