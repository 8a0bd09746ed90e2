import * as vscode from 'vscode';

/** Every `mlopsLens.*` setting is read here and nowhere else (vscode-eslint's habit). */
export const settings = {
  registryPath(): string | undefined {
    const v = vscode.workspace.getConfiguration('mlopsLens').get<string>('registryPath', '').trim();
    return v === '' ? undefined : v;
  },
  keyMetric(): string | undefined {
    const v = vscode.workspace.getConfiguration('mlopsLens').get<string>('experiments.keyMetric', '').trim();
    return v === '' ? undefined : v;
  },
};
