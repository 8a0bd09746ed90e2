import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunRecord } from '../../../src/core/registry/types';
import type { MlopsLensApi } from '../../../src/extension/index';
import { activatedByWorkspace, nextPhase, workspaceRoot } from '../helpers';

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

/**
 * The run of a terminal command once `ready` holds for it. Read through the Experiments view's provider, as
 * the view itself does (the test bundle's own copy of the protocol types cannot be sent through the
 * extension's language client).
 */
async function runOf(api: MlopsLensApi, commandLine: string, ready: (r: RunRecord) => boolean): Promise<RunRecord> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    api.views.experiments.refresh();
    for (const exp of await api.views.experiments.getChildren()) {
      for (const node of await api.views.experiments.getChildren(exp)) {
        if (node.kind === 'run' && node.run.command === commandLine && ready(node.run)) return node.run;
      }
    }
    if (Date.now() > deadline) throw new Error(`no run of \`${commandLine}\` in the state expected`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The logger run named `name` that the Experiments view shows under a terminal run ("Logged by"). */
async function loggerRunUnder(api: MlopsLensApi, run: RunRecord, name: string): Promise<RunRecord> {
  const tree = api.views.experiments;
  const deadline = Date.now() + 20_000;
  for (;;) {
    tree.refresh();
    const group = (await tree.getChildren({ kind: 'run', run })).find((n) => n.kind === 'group' && n.group === 'loggers');
    const logged = group && (await tree.getChildren(group)).flatMap((n) => (n.kind === 'run' ? [n.run] : [])).find((r) => r.name === name);
    if (logged) return logged;
    if (Date.now() > deadline) throw new Error(`the ${name} run is not under the terminal run`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A script that logs as Lightning's CSVLogger does, into an output folder the watcher follows; with `waitFor`, only once that file exists. */
function lightningScript(file: string, logDir: string, waitFor?: string): void {
  fs.writeFileSync(file, [
    'import os, sys, time',
    ...(waitFor ? [`while not os.path.exists(${JSON.stringify(waitFor)}): time.sleep(0.1)`] : []),
    `os.makedirs(${JSON.stringify(logDir)}, exist_ok=True)`,
    `open(${JSON.stringify(path.join(logDir, 'metrics.csv'))}, "w").write("epoch,step,loss\\n0,0,1.0\\n0,1,0.5\\n")`,
    'print("training", sys.argv[1:])',
    '',
  ].join('\n'));
}

describe('terminal runs in the real editor', () => {
  it('tracks a training command typed in a terminal as a run with its arguments, exit status and logger run', async function () {
    this.timeout(90_000);
    const api = await activatedByWorkspace();
    const script = path.join(workspaceRoot(), 'train_smoke.py');
    const logDir = path.join(workspaceRoot(), 'lightning_logs', 'version_smoke');
    lightningScript(script, logDir);
    const terminal = vscode.window.createTerminal({ name: 'tracked', cwd: workspaceRoot(), shellPath: '/bin/bash' });
    try {
      const integration = await shellIntegration(terminal);
      const execution = integration.executeCommand('python3 train_smoke.py --lr 0.01 --epochs=2');
      assert.equal(await executionEnd(execution), 0);
      const run = await runOf(api, 'python3 train_smoke.py --lr 0.01 --epochs=2', (r) => r.status !== 'running');
      assert.equal(run.source.kind, 'terminal');
      assert.equal(run.status, 'finished');
      assert.deepEqual(run.params, { epochs: '2', lr: '0.01' });
      // The Lightning run the command wrote is shown under it, and the command on the Lightning run.
      const tree = api.views.experiments;
      const logged = await loggerRunUnder(api, run, 'version_smoke');
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

  it('keeps tracking a command across a backend crash: the run ends with its exit status and claims the logs written after', async function () {
    this.timeout(120_000);
    const api = await activatedByWorkspace();
    const script = path.join(workspaceRoot(), 'train_crash.py');
    const go = path.join(workspaceRoot(), '.train_crash_go');
    const logDir = path.join(workspaceRoot(), 'lightning_logs', 'version_crash');
    lightningScript(script, logDir, go);
    const command = 'python3 train_crash.py --seed 3';
    const terminal = vscode.window.createTerminal({ name: 'tracked across a crash', cwd: workspaceRoot(), shellPath: '/bin/bash' });
    try {
      const execution = (await shellIntegration(terminal)).executeCommand(command);
      const ended = executionEnd(execution);
      await runOf(api, command, (r) => r.status === 'running');
      const killedPid = (await api.backend.status()).pid;
      const restarted = nextPhase(api, 'running');
      process.kill(killedPid, 'SIGKILL');
      await restarted;
      assert.notEqual((await api.backend.status()).pid, killedPid);
      fs.writeFileSync(go, '');
      assert.equal(await ended, 0);
      const run = await runOf(api, command, (r) => r.status !== 'running');
      assert.equal(run.status, 'finished', 'the new backend records the exit the editor saw');
      const logged = await loggerRunUnder(api, run, 'version_crash');
      assert.equal(logged.metrics.loss?.last, 0.5);
    } finally {
      terminal.dispose();
      for (const f of [script, go, logDir]) fs.rmSync(f, { recursive: true, force: true });
    }
  });
});
