import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readMlflowStore } from '../../editor/sample-mlflow';
import { activatedByWorkspace, childrenWhen, workspaceRoot } from '../helpers';

describe('run compare in the real editor', () => {
  it('opens the Run compare webview for two runs selected in the Experiments view', async function () {
    this.timeout(60_000);
    const store = readMlflowStore(workspaceRoot());
    const api = await activatedByWorkspace();
    const { experiments } = api.views;
    const top = await childrenWhen(experiments, (items) => items.some((n) => n.kind === 'experiment' && n.name === store[0]!.name));
    const exp = top.find((n) => n.kind === 'experiment' && n.name === store[0]!.name)!;
    const runs = (await experiments.getChildren(exp)).filter((n) => n.kind === 'run');
    assert.ok(runs.length >= 2, 'the sample experiment has fewer than two runs');
    const [a, b] = runs;
    // As VS Code calls a context-menu command of a multi-select tree: the clicked item, then the selection.
    await vscode.commands.executeCommand('mlopsLens.compareRuns', b, [a, b]);
    // The tab model reaches the extension host after the window has opened the panel.
    const find = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('mlopsLens.compare'));
    const deadline = Date.now() + 10_000;
    while (!find() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const tab = find();
    assert.ok(tab, `no Run compare tab; tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', ')}`);
    assert.equal(tab.label, 'Compare 2 runs');
  });
});
