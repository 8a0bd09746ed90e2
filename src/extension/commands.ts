import * as vscode from 'vscode';
import * as P from '../protocol';
import type { Backend } from './backend';
import { analysisCommands } from './analysis-commands';
import { modelCommands } from './model-commands';
import { RunDocumentProvider } from './run-document';
import { runCommands } from './run-commands';
import type { ExperimentsNode } from './views/experiments';
import type { TerminalCapture } from './terminal-capture';
import type { ResultDocuments } from './text-documents';
import { ComparePanel } from './webviews/compare';
import { OverviewPanel } from './webviews/overview';

export interface CommandDeps {
  context: vscode.ExtensionContext;
  backend: Backend;
  refreshAll: () => void;
  terminal: TerminalCapture;
  docs: ResultDocuments;
  /** Commands owned by other parts of the client (the maturity presenter). */
  extra: Record<string, (...args: never[]) => unknown>;
}

/** Every contributed command, in one table: id → handler. */
export function registerCommands({ context, backend, refreshAll, terminal, docs, extra }: CommandDeps): vscode.Disposable[] {
  const handlers: Record<string, (...args: never[]) => unknown> = {
    'mlopsLens.openOverview': () => OverviewPanel.show(context, backend),
    'mlopsLens.showStatus': async () => {
      const s = await backend.status();
      const detail = s.state === 'error' ? s.error ?? '' : `Registry ${s.registry ?? 'none'}\n` +
        (s.counts ? `${s.counts.experiments} experiments · ${s.counts.runs} runs · ${s.counts.metrics} metric points · ${s.counts.models} models` : '');
      const choice = await vscode.window.showInformationMessage(`MLOps Lens ${s.version}: ${s.state === 'ready' ? 'backend ready' : s.state}`, { modal: false, detail }, 'Open Overview');
      if (choice === 'Open Overview') OverviewPanel.show(context, backend);
      return s;
    },
    'mlopsLens.refresh': () => refreshAll(),
    'mlopsLens.restartBackend': async () => {
      await backend.restart();
      refreshAll();
    },
    'mlopsLens.reopenRegistry': async () => {
      const s = await backend.request(P.reopenRegistry);
      refreshAll();
      if (s.state === 'error') void vscode.window.showErrorMessage(`MLOps Lens: ${s.error ?? 'registry unavailable'}`);
      return s;
    },
    'mlopsLens.revealRegistry': async () => {
      const s = await backend.status();
      if (!s.registry) return vscode.window.showWarningMessage('MLOps Lens: no registry (open a folder first).');
      return vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(s.registry));
    },
    'mlopsLens.ingest': () => vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'MLOps Lens: importing runs from logger files…', cancellable: true },
      async (_progress, token) => {
        const r = await backend.requestWith(P.ingest, {}, token);
        refreshAll();
        const summary = `${r.runsCreated} runs created, ${r.runsUpdated} updated, ${r.metricsAdded} metric points added`;
        if (r.errors.length === 0) void vscode.window.showInformationMessage(`MLOps Lens: ${summary}.`);
        else void vscode.window.showWarningMessage(`MLOps Lens: ${summary}; ${r.errors.length} problem(s), first: ${r.errors[0]!.path}${r.errors[0]!.line !== null ? `:${r.errors[0]!.line}` : ''}: ${r.errors[0]!.message}`);
        return r;
      }),
    'mlopsLens.showRun': async (node?: ExperimentsNode | string) => {
      const id = typeof node === 'string' ? node : node?.kind === 'run' ? node.run.id : undefined;
      if (!id) return;
      const doc = await vscode.workspace.openTextDocument(RunDocumentProvider.uri(id));
      return vscode.window.showTextDocument(doc, { preview: true });
    },
    'mlopsLens.copyRunId': async (node?: ExperimentsNode) => {
      if (node?.kind !== 'run') return;
      await vscode.env.clipboard.writeText(node.run.id);
      vscode.window.setStatusBarMessage(`Copied run id ${node.run.id}`, 3000);
    },
    'mlopsLens.compareRuns': async (clicked?: ExperimentsNode, selected?: ExperimentsNode[]) => {
      let ids = [...new Set([...(selected ?? []), ...(clicked ? [clicked] : [])].flatMap((n) => (n.kind === 'run' ? [n.run.id] : [])))];
      // From the palette, or with one run selected: pick the runs here.
      if (ids.length < 2) ids = await pickRuns(backend, ids);
      if (ids.length < 2) return;
      return ComparePanel.show(context, backend, ids);
    },
    'mlopsLens.runAndTrack': () => terminal.runActiveScript(),
    ...modelCommands(context, backend),
    ...runCommands(backend, refreshAll),
    ...analysisCommands(context, backend, docs),
    ...extra,
  };
  return Object.entries(handlers).map(([id, fn]) => vscode.commands.registerCommand(id, fn));
}

/** Two or more runs picked from the registry's, newest first, with `preselected` ticked; none when cancelled. */
async function pickRuns(backend: Backend, preselected: string[]): Promise<string[]> {
  const runs = await backend.requestWith(P.listRuns, {});
  if (runs.length < 2) {
    void vscode.window.showInformationMessage(`MLOps Lens: comparing needs two or more runs; the registry holds ${runs.length}.`);
    return [];
  }
  const items = runs.map((r) => ({
    label: r.name ?? r.id.slice(0, 8),
    description: `${r.experiment} · ${r.status}${r.startedAt ? ` · ${r.startedAt.slice(0, 16).replace('T', ' ')}` : ''}`,
    detail: Object.entries(r.metrics).slice(0, 4).map(([k, m]) => `${k} ${Number(m.last.toPrecision(4))}`).join('  '),
    picked: preselected.includes(r.id),
    id: r.id,
  }));
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Compare runs', placeHolder: 'Tick two or more runs', matchOnDescription: true });
  if (!picked) return [];
  if (picked.length < 2) void vscode.window.showInformationMessage('MLOps Lens: tick two or more runs to compare them.');
  return picked.map((p) => p.id);
}
