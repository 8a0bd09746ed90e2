import * as vscode from 'vscode';
import * as P from '../../protocol';
import type { Backend } from '../backend';
import { relativeTime } from './relative-time';

type Node = { kind: 'model'; model: P.ModelSummary } | { kind: 'version'; model: string; version: P.ModelSummary['versions'][number] };

/** Registered models → versions with their aliases. */
export class ModelsTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly backend: Backend) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'model') {
      const item = new vscode.TreeItem(node.model.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `model:${node.model.name}`;
      item.description = `${node.model.versions.length} version${node.model.versions.length === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon('symbol-class');
      item.contextValue = 'model';
      return item;
    }
    const v = node.version;
    const item = new vscode.TreeItem(`v${v.version}`, vscode.TreeItemCollapsibleState.None);
    item.id = `version:${node.model}:${v.version}`;
    item.description = [v.aliases.map((a) => `@${a}`).join(' '), v.format ?? '', relativeTime(v.createdAt)].filter(Boolean).join(' · ');
    item.tooltip = `${node.model} v${v.version}\nsha256 ${v.sha256}${v.run ? `\nrun ${v.run}` : ''}`;
    item.iconPath = new vscode.ThemeIcon(v.aliases.length ? 'verified-filled' : 'versions');
    item.contextValue = 'modelVersion';
    return item;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return (await this.backend.request(P.listModels)).map((model) => ({ kind: 'model', model }));
    if (node.kind === 'model') return [...node.model.versions].reverse().map((version) => ({ kind: 'version', model: node.model.name, version }));
    return [];
  }
}
