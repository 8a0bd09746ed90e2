import * as vscode from 'vscode';

/**
 * The Maturity view. Until an assessment exists it has no items, so VS Code shows its welcome content
 * (package.json `viewsWelcome`), which says what the view is for and how to start.
 */
export class MaturityTree implements vscode.TreeDataProvider<never> {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: never): vscode.TreeItem {
    return node;
  }

  getChildren(): never[] {
    return [];
  }
}
