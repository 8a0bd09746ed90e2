import * as vscode from 'vscode';
import * as P from '../../protocol';
import type { FromWebview, ToWebview } from '../../../webview-ui/compare/contract';
import type { Backend } from '../backend';
import { webviewHtml, webviewOptions } from './html';

/** Run compare: params side by side and metric curves overlaid, for two or more runs. */
export class ComparePanel implements vscode.Disposable {
  static readonly viewType = 'mlopsLens.compare';
  private readonly disposables: vscode.Disposable[] = [];

  static async show(context: vscode.ExtensionContext, backend: Backend, ids: string[]): Promise<ComparePanel> {
    const panel = vscode.window.createWebviewPanel(ComparePanel.viewType, `Compare ${ids.length} runs`, vscode.ViewColumn.Active, webviewOptions(context.extensionUri));
    return new ComparePanel(panel, context, backend, ids);
  }

  private constructor(readonly panel: vscode.WebviewPanel, context: vscode.ExtensionContext, private readonly backend: Backend, private readonly ids: string[]) {
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'mlops-lens.svg');
    panel.webview.html = webviewHtml(panel.webview, context.extensionUri, 'compare', 'Run compare');
    this.disposables.push(panel.onDidDispose(() => this.dispose()), panel.webview.onDidReceiveMessage((m: FromWebview) => void this.onMessage(m)));
  }

  private async onMessage(m: FromWebview): Promise<void> {
    if (m.type === 'ready') await this.load();
    else if (m.type === 'openRun') await vscode.commands.executeCommand('mlopsLens.showRun', m.id);
    else if (m.type === 'exportCsv') {
      const target = await vscode.window.showSaveDialog({ filters: { CSV: ['csv'] }, saveLabel: 'Export params', defaultUri: defaultExportUri() });
      if (target) await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(m.csv));
    }
  }

  private async load(): Promise<void> {
    let msg: ToWebview;
    try {
      msg = { type: 'compare', data: await this.backend.requestWith(P.compareRuns, { ids: this.ids }) };
    } catch (err) {
      msg = { type: 'error', message: err instanceof Error ? err.message : String(err) };
    }
    await this.panel.webview.postMessage(msg);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

function defaultExportUri(): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, 'run-params.csv') : undefined;
}
