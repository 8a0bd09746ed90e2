import * as path from 'node:path';
import * as vscode from 'vscode';
import { tokenize } from '../core/capture/command-line';
import type { RunDetail } from '../core/registry/types';
import * as P from '../protocol';
import type { Backend } from './backend';
import type { ExperimentsNode } from './views/experiments';

type RunNode = Extract<ExperimentsNode, { kind: 'run' }>;
const isRun = (n?: ExperimentsNode): n is RunNode => n?.kind === 'run';

/** The Experiments view's run actions: open the source at its commit, reveal the logger folder, delete. */
export function runCommands(backend: Backend, refresh: () => void): Record<string, (...args: never[]) => unknown> {
  return {
    'mlopsLens.openRunSource': async (node?: ExperimentsNode) => {
      if (!isRun(node)) return;
      const run = await backend.requestWith(P.getRun, { id: node.run.id });
      const script = sourceScript(run);
      if (!script) return vscode.window.showInformationMessage('MLOps Lens: this run does not name its script (no command line or mlflow.source.name tag).');
      const file = vscode.Uri.file(script);
      if (!run.git) return vscode.window.showTextDocument(file);
      // The built-in Git extension serves a file as it was at a commit under the `git:` scheme.
      const atCommit = file.with({ scheme: 'git', query: JSON.stringify({ path: file.fsPath, ref: run.git.commit }) });
      return vscode.commands.executeCommand('vscode.open', atCommit, {}, `${path.basename(script)} @ ${run.git.commit.slice(0, 8)}`);
    },
    'mlopsLens.revealRunSource': async (node?: ExperimentsNode) => {
      if (!isRun(node) || !node.run.source.path) return;
      return vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(node.run.source.path));
    },
    'mlopsLens.deleteRun': async (node?: ExperimentsNode) => {
      if (!isRun(node)) return;
      const label = node.run.name ?? node.run.id.slice(0, 8);
      const ok = await vscode.window.showWarningMessage(`Delete run ${label} from the registry?`, {
        modal: true, detail: 'Its params, metrics, tags and lineage records go; files on disk stay. An importer re-creates it from its logger files on the next import unless they are removed too.',
      }, 'Delete');
      if (ok !== 'Delete') return;
      await backend.requestWith(P.deleteRun, { id: node.run.id });
      refresh();
    },
  };
}

/** The training script of a run: MLflow's source tag, else the first `.py` argument of its command line. */
function sourceScript(run: RunDetail): string | undefined {
  const base = run.cwd ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const tagged = run.tags['mlflow.source.name'];
  const fromCommand = run.command ? tokenize(run.command).find((t) => t.kind === 'word' && t.text.endsWith('.py'))?.text : undefined;
  const script = tagged && tagged.endsWith('.py') ? tagged : fromCommand;
  return script ? path.resolve(base, script) : undefined;
}
