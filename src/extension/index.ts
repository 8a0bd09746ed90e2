import * as vscode from 'vscode';
import * as P from '../protocol';
import { Backend } from './backend';
import { registerCommands } from './commands';
import { RUN_SCHEME, RunDocumentProvider } from './run-document';
import { BackendStatusItem } from './status-bar';
import { TerminalCapture } from './terminal-capture';
import { ResultDocuments, TEXT_SCHEME } from './text-documents';
import { ExperimentsTree } from './views/experiments';
import { MaturityTree } from './views/maturity';
import { ModelsTree } from './views/models';
import { OverviewPanel } from './webviews/overview';
import { MaturityPresenter } from './maturity';

/** What `activate` returns: used by the integration tests and by other extensions. */
export interface MlopsLensApi {
  backend: Backend;
  views: { experiments: ExperimentsTree; models: ModelsTree; maturity: MaturityTree };
}

/** Starts the backend and wires the UI to it; does no heavy work itself. */
export function activate(context: vscode.ExtensionContext): MlopsLensApi {
  const output = vscode.window.createOutputChannel('MLOps Lens', { log: true });
  const backend = new Backend(context, output);
  const views = { experiments: new ExperimentsTree(backend), models: new ModelsTree(backend), maturity: new MaturityTree() };
  const statusItem = new BackendStatusItem(backend);
  const refreshAll = () => {
    views.experiments.refresh();
    views.models.refresh();
    views.maturity.refresh();
    OverviewPanel.refresh();
    void statusItem.refresh();
  };

  const terminal = new TerminalCapture(backend, () => views.experiments.refresh());
  const docs = new ResultDocuments();
  const maturity = new MaturityPresenter(context, backend, views.maturity);

  context.subscriptions.push(
    output,
    terminal,
    maturity,
    backend,
    statusItem,
    vscode.window.createTreeView('mlopsLens.experiments', { treeDataProvider: views.experiments, showCollapseAll: true, canSelectMany: true }),
    vscode.window.createTreeView('mlopsLens.models', { treeDataProvider: views.models, showCollapseAll: true, canSelectMany: true }),
    vscode.window.createTreeView('mlopsLens.maturity', { treeDataProvider: views.maturity }),
    vscode.workspace.registerTextDocumentContentProvider(RUN_SCHEME, new RunDocumentProvider(backend)),
    vscode.workspace.registerTextDocumentContentProvider(TEXT_SCHEME, docs),
    ...registerCommands({ context, backend, refreshAll, terminal, docs, extra: maturity.commands() }),
    backend.onDidChangePhase((phase) => {
      statusItem.showPhase(phase);
      // After a crash the client restarts the process; the views re-read everything from the new one.
      if (phase === 'running') {
        refreshAll();
        void maturity.load();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void backend.restart()),
  );
  backend.onNotification(P.registryChanged, () => refreshAll());
  void backend.start().catch((err: unknown) => output.error(`backend failed to start: ${String(err)}`));
  return { backend, views };
}

export function deactivate(): void {
  // The backend is a subscription: VS Code disposes it, which stops the process.
}
