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
  it('tracks a training command typed in a terminal as a run with its arguments, exit status and logger run', async function () {
    this.timeout(90_000);
    const api = await activatedByWorkspace();
    const script = path.join(workspaceRoot(), 'train_smoke.py');
    // The script logs as Lightning's CSVLogger does, into an output folder the watcher follows.
    const logDir = path.join(workspaceRoot(), 'lightning_logs', 'version_smoke');
    fs.writeFileSync(script, [
      'import os, sys',
      `os.makedirs(${JSON.stringify(logDir)}, exist_ok=True)`,
      `open(${JSON.stringify(path.join(logDir, 'metrics.csv'))}, "w").write("epoch,step,loss\\n0,0,1.0\\n0,1,0.5\\n")`,
      'print("training", sys.argv[1:])',
      '',
    ].join('\n'));
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
      // The Lightning run the command wrote is shown under it, and the command on the Lightning run.
      const tree = api.views.experiments;
      const runNode = { kind: 'run' as const, run };
      let logged: RunRecord | undefined;
      const until = Date.now() + 20_000;
      while (Date.now() < until && !logged) {
        tree.refresh();
        const group = (await tree.getChildren(runNode)).find((n) => n.kind === 'group' && n.group === 'loggers');
        if (group) logged = (await tree.getChildren(group)).flatMap((n) => (n.kind === 'run' ? [n.run] : [])).find((r) => r.name === 'version_smoke');
        if (!logged) await new Promise((r) => setTimeout(r, 250));
      }
      assert.ok(logged, 'the Lightning run is not under the terminal run');
      assert.equal(logged.metrics.loss?.last, 0.5);
      const nested = (await tree.getChildren({ kind: 'run', run: logged, scope: `${run.id}/` })).map((n) => tree.getTreeItem(n));
      const startedBy = nested.find((i) => i.label === 'Started by');
      assert.equal(startedBy?.description, 'python3 train_smoke.py --lr 0.01 --epochs=2');
      assert.ok(nested.every((i) => typeof i.id === 'string' && i.id.includes(`${run.id}/`)), 'items under the terminal run have ids of their own');
    } finally {
      terminal.dispose();
      fs.rmSync(script, { force: true });
      fs.rmSync(path.join(workspaceRoot(), 'lightning_logs', 'version_smoke'), { recursive: true, force: true });
    }
  });
});
