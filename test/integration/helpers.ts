import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BackendPhase } from '../../src/extension/backend';
import type { MlopsLensApi } from '../../src/extension/index';

export const EXTENSION_ID = 'mlops-lens.mlops-lens';
export const VIEW_IDS = ['mlopsLens.experiments', 'mlopsLens.models', 'mlopsLens.maturity'] as const;

interface Contributions {
  commands: { command: string; title: string }[];
  views: Record<string, { id: string; name: string }[]>;
  viewsWelcome: { view: string; contents: string }[];
}

export function extension(): vscode.Extension<MlopsLensApi> {
  const ext = vscode.extensions.getExtension<MlopsLensApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

/** package.json `contributes`, as the extension host read it. */
export function contributions(): Contributions {
  return (extension().packageJSON as { contributes: Contributions }).contributes;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test window has no workspace folder');
  return folder.uri.fsPath;
}

/** Resolves on the next time the backend reaches `phase`. */
export function nextPhase(api: MlopsLensApi, phase: BackendPhase): Promise<void> {
  return new Promise((resolve) => {
    const sub = api.backend.onDidChangePhase((p) => {
      if (p === phase) {
        sub.dispose();
        resolve();
      }
    });
  });
}

/**
 * Waits until VS Code has activated the extension through its own activation events. There is no event
 * for another extension's activation, so this polls `isActive`.
 */
export async function activatedByWorkspace(timeoutMs = 15000): Promise<MlopsLensApi> {
  const ext = extension();
  const deadline = Date.now() + timeoutMs;
  while (!ext.isActive) {
    if (Date.now() > deadline) assert.fail(`${EXTENSION_ID} was not activated within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return ext.exports;
}

interface Tree<T> {
  getChildren(): T[] | Thenable<T[]>;
  onDidChangeTreeData: vscode.Event<unknown>;
}

/**
 * The tree's top-level items once `ok` holds for them: the backend captures the workspace after it
 * starts, and every registry change makes the tree fire its change event, so this re-reads on each event.
 */
export async function childrenWhen<T>(tree: Tree<T>, ok: (items: T[]) => boolean, timeoutMs = 20000): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  let last: T[] = [];
  for (;;) {
    const changed = new Promise<void>((resolve) => {
      const sub = tree.onDidChangeTreeData(() => {
        sub.dispose();
        resolve();
      });
      setTimeout(() => {
        sub.dispose();
        resolve();
      }, Math.max(0, deadline - Date.now()));
    });
    last = await tree.getChildren();
    if (ok(last)) return last;
    if (Date.now() >= deadline) return last;
    await changed;
  }
}
