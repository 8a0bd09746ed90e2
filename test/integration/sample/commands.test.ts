import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedByWorkspace, contributions, VIEW_IDS } from '../helpers';

describe('contributions', () => {
  it('registers every command contributed in package.json', async () => {
    await activatedByWorkspace();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = contributions().commands.map((c) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes no command');
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), []);
  });

  it('puts the Experiments, Models and Maturity views in the MLOps Lens container', () => {
    assert.deepEqual(contributions().views.mlopsLens?.map((v) => [v.id, v.name]), [
      [VIEW_IDS[0], 'Experiments'], [VIEW_IDS[1], 'Models'], [VIEW_IDS[2], 'Maturity'],
    ]);
  });

  it('shows each of the three views when asked to focus it', async () => {
    await activatedByWorkspace();
    // VS Code registers `<view id>.focus` for every view it knows; it throws for an unknown view.
    for (const id of VIEW_IDS) await vscode.commands.executeCommand(`${id}.focus`);
  });
});
