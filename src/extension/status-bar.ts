import * as vscode from 'vscode';
import type { StatusResult } from '../protocol';
import type { Backend, BackendPhase } from './backend';

/** One status bar item with the backend's state; clicking it shows the full status. */
export class BackendStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlopsLens.backend', vscode.StatusBarAlignment.Left, 10);

  constructor(private readonly backend: Backend) {
    this.item.name = 'MLOps Lens Backend';
    this.item.command = 'mlopsLens.showStatus';
    this.showPhase('starting');
    this.item.show();
  }

  showPhase(phase: BackendPhase): void {
    if (phase === 'starting') this.set('$(sync~spin) MLOps', 'MLOps Lens: starting the backend…');
    else if (phase === 'stopped') this.set('$(debug-disconnect) MLOps', 'MLOps Lens: the backend is not running (it restarts after a crash)', true);
  }

  showStatus(s: StatusResult): void {
    if (s.state === 'error') {
      this.set('$(error) MLOps', `MLOps Lens: registry unavailable\n${s.error ?? ''}`, true);
    } else if (s.state === 'no-workspace') {
      this.set('$(beaker) MLOps', 'MLOps Lens: open a folder to track runs');
    } else {
      const runs = s.counts?.runs ?? 0;
      const lock = s.trusted ? '' : ' $(shield)';
      this.set(`$(beaker) MLOps · ${runs} run${runs === 1 ? '' : 's'}${lock}`,
        `MLOps Lens ${s.version}: backend ready${s.trusted ? '' : ' (restricted mode: untrusted workspace)'}\nRegistry: ${s.registry ?? 'none yet'}`);
    }
  }

  async refresh(): Promise<void> {
    try {
      this.showStatus(await this.backend.status());
    } catch {
      this.showPhase('stopped');
    }
  }

  private set(text: string, tooltip: string, warn = false): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = warn ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
