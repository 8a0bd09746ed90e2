import * as vscode from 'vscode';
import { scriptCommandLine } from '../core/capture/command-line';
import * as P from '../protocol';
import type { Backend } from './backend';

/**
 * Turns terminal executions into runs through VS Code's shell integration: every execution's command line goes
 * to the backend, which decides whether it is training (configurable patterns) and creates the run; the end of the
 * execution closes it with the exit code. Nothing is captured in an untrusted workspace.
 */
export class TerminalCapture implements vscode.Disposable {
  /** Executions started and not yet ended, with the run the backend made for each (null: not training). */
  private readonly runs = new Map<vscode.TerminalShellExecution, Promise<string | null>>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly backend: Backend, private readonly onRunChanged: () => void) {
    this.disposables = [
      vscode.window.onDidStartTerminalShellExecution((e) => this.started(e)),
      vscode.window.onDidEndTerminalShellExecution((e) => void this.ended(e)),
      // Handing over a run the backend already tracks changes nothing, so every start of the backend may do it.
      backend.onDidChangePhase((phase) => void (phase === 'running' && this.resume())),
    ];
  }

  /** A restarted backend knows nothing of the commands still running: hand them over, so it keeps tracking them. */
  private async resume(): Promise<void> {
    const runIds = (await Promise.all(this.runs.values())).filter((id): id is string => id !== null);
    if (runIds.length === 0) return;
    const { resumed } = await this.backend.requestWith(P.terminalExecutionsResumed, { runIds }).catch(() => ({ resumed: [] as string[] }));
    if (resumed.length > 0) this.onRunChanged();
  }

  private started(e: vscode.TerminalShellExecutionStartEvent): void {
    if (!vscode.workspace.isTrusted) return;
    const commandLine = e.execution.commandLine.value;
    if (!commandLine.trim()) return;
    const cwd = e.execution.cwd?.scheme === 'file' ? e.execution.cwd.fsPath : e.shellIntegration.cwd?.fsPath ?? null;
    const run = this.backend
      .requestWith(P.terminalExecutionStarted, { commandLine, cwd, startedAt: Date.now() })
      .then((r) => {
        if (r.runId) this.onRunChanged();
        return r.runId;
      }, () => null);
    this.runs.set(e.execution, run);
  }

  private async ended(e: vscode.TerminalShellExecutionEndEvent): Promise<void> {
    const runId = await this.runs.get(e.execution);
    this.runs.delete(e.execution);
    if (!runId) return;
    await this.backend.requestWith(P.terminalExecutionEnded, { runId, exitCode: e.exitCode ?? null, endedAt: Date.now() });
    this.onRunChanged();
  }

  /**
   * "MLOps: Run and Track Current Script": runs the active Python file in a terminal with shell integration, so
   * the execution is captured like any other. Without shell integration the command still runs, untracked, and
   * the user is told why.
   */
  async runActiveScript(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'python' || editor.document.uri.scheme !== 'file') {
      void vscode.window.showWarningMessage('MLOps Lens: open a Python file to run and track it.');
      return;
    }
    if (editor.document.isDirty) await editor.document.save();
    const file = editor.document.uri.fsPath;
    const cwd = vscode.workspace.getWorkspaceFolder(editor.document.uri)?.uri.fsPath;
    const terminal = vscode.window.createTerminal({ name: 'MLOps: tracked run', cwd });
    terminal.show();
    const integration = terminal.shellIntegration ?? (await waitForShellIntegration(terminal, 5000));
    if (integration) {
      integration.executeCommand('python', [file]);
    } else {
      terminal.sendText(scriptCommandLine('python', file));
      void vscode.window.showWarningMessage('MLOps Lens: this terminal has no shell integration, so the run is not tracked. Enable "terminal.integrated.shellIntegration.enabled".');
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function waitForShellIntegration(terminal: vscode.Terminal, timeoutMs: number): Promise<vscode.TerminalShellIntegration | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      sub.dispose();
      resolve(undefined);
    }, timeoutMs);
    const sub = vscode.window.onDidChangeTerminalShellIntegration((e) => {
      if (e.terminal !== terminal) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e.shellIntegration);
    });
  });
}
