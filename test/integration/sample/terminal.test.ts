import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunRecord } from '../../../src/core/registry/types';
import { activatedByWorkspace, workspaceRoot } from '../helpers';

/** Resolves with the terminal's shell integration once VS Code has injected it into the shell. */
function shellIntegration(terminal: vscode.Terminal, timeoutMs = 30_000): Promise<vscode.TerminalShellIntegration> {
  if (terminal.shellIntegration) return Promise.resolve(terminal.shellIntegration);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no shell integration in the terminal within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = vscode.window.onDidChangeTerminalShellIntegration((e) => {
      if (e.terminal !== terminal) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e.shellIntegration);
    });
  });
}

function executionEnd(execution: vscode.TerminalShellExecution): Promise<number | undefined> {
  return new Promise((resolve) => {
    const sub = vscode.window.onDidEndTerminalShellExecution((e) => {
      if (e.execution !== execution) return;
      sub.dispose();
      resolve(e.exitCode);
    });
  });
}

describe('terminal runs in the real editor', () => {
  it('tracks a training command typed in a terminal as a run with its arguments and exit status', async function () {
    this.timeout(90_000);
    const api = await activatedByWorkspace();
    const script = path.join(workspaceRoot(), 'train_smoke.py');
    fs.writeFileSync(script, 'import sys\nprint("training", sys.argv[1:])\n');
    const terminal = vscode.window.createTerminal({ name: 'tracked', cwd: workspaceRoot(), shellPath: '/bin/bash' });
    try {
      const integration = await shellIntegration(terminal);
      const execution = integration.executeCommand('python3 train_smoke.py --lr 0.01 --epochs=2');
      assert.equal(await executionEnd(execution), 0);
      // The extension sends the execution to the backend, which creates and then closes the run.
      // Read through the Experiments view's provider, as the view itself does (the test bundle's own copy of
      // the protocol types cannot be sent through the extension's language client).
      const deadline = Date.now() + 20_000;
      let run: RunRecord | undefined;
      while (Date.now() < deadline && !run) {
        for (const exp of await api.views.experiments.getChildren()) {
          for (const node of await api.views.experiments.getChildren(exp)) {
            if (node.kind === 'run' && node.run.command === 'python3 train_smoke.py --lr 0.01 --epochs=2' && node.run.status !== 'running') run = node.run;
          }
        }
        if (!run) await new Promise((r) => setTimeout(r, 250));
      }
      assert.ok(run, 'no finished run for the terminal command');
      assert.equal(run.source.kind, 'terminal');
      assert.equal(run.status, 'finished');
      assert.deepEqual(run.params, { epochs: '2', lr: '0.01' });
    } finally {
      terminal.dispose();
      fs.rmSync(script, { force: true });
    }
  });
});
