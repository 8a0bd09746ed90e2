import * as vscode from 'vscode';
import { formatNumber } from '../../core/registry/format';
import * as P from '../../protocol';
import type { Backend } from '../backend';
import { settings } from '../settings';
import { relativeTime } from './relative-time';

type Version = P.ModelSummary['versions'][number];
export type ModelsNode =
  | { kind: 'model'; model: P.ModelSummary }
  | { kind: 'version'; model: string; version: Version }
  | { kind: 'lineage'; id: string; label: string; description?: string; tooltip?: string; icon: string; runId?: string; file?: string; children?: ModelsNode[] };

/** Registered models → versions (aliases, stage, key metric, age) → lineage (run, commit, datasets, last gates). */
export class ModelsTree implements vscode.TreeDataProvider<ModelsNode> {
  private readonly changed = new vscode.EventEmitter<ModelsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly backend: Backend) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: ModelsNode): vscode.TreeItem {
    if (node.kind === 'model') {
      const item = new vscode.TreeItem(node.model.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `model:${node.model.name}`;
      item.description = `${node.model.versions.length} version${node.model.versions.length === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon('symbol-class');
      item.contextValue = 'model';
      return item;
    }
    if (node.kind === 'version') {
      const v = node.version;
      const item = new vscode.TreeItem(`v${v.version}`, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `version:${node.model}:${v.version}`;
      const badges = v.aliases.map((a) => `@${a}`).join(' ');
      item.description = [badges, v.format ?? '', relativeTime(v.createdAt)].filter(Boolean).join(' · ');
      item.tooltip = new vscode.MarkdownString(`**${node.model} v${v.version}** — stage ${v.stage}\n\nsha256 \`${v.sha256}\`${v.run ? `\n\nrun \`${v.run}\`` : ''}`);
      item.iconPath = new vscode.ThemeIcon(v.aliases.length ? 'verified-filled' : 'versions');
      item.contextValue = v.format === 'onnx' ? 'modelVersion.onnx' : 'modelVersion';
      return item;
    }
    const item = new vscode.TreeItem(node.label, node.children?.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.iconPath = new vscode.ThemeIcon(node.icon);
    if (node.runId) {
      item.contextValue = 'lineageRun';
      item.command = { command: 'mlopsLens.showRun', title: 'Show Run', arguments: [node.runId] };
    } else if (node.file) {
      item.resourceUri = vscode.Uri.file(node.file);
      item.command = { command: 'revealInExplorer', title: 'Reveal', arguments: [vscode.Uri.file(node.file)] };
    }
    return item;
  }

  async getChildren(node?: ModelsNode): Promise<ModelsNode[]> {
    if (!node) return (await this.backend.request(P.listModels)).filter((m) => m.versions.length > 0).map((model) => ({ kind: 'model', model }));
    if (node.kind === 'model') return [...node.model.versions].reverse().map((version) => ({ kind: 'version', model: node.model.name, version }));
    if (node.kind === 'version') return this.lineageNodes(node.model, node.version.version);
    return node.children ?? [];
  }

  private async lineageNodes(model: string, version: number): Promise<ModelsNode[]> {
    const l = await this.backend.requestWith(P.modelLineage, { name: model, version });
    const id = (k: string) => `lineage:${model}:${version}:${k}`;
    const out: ModelsNode[] = [];
    if (l.run) {
      const key = settings.keyMetric();
      const metricKey = key && l.run.metrics[key] ? key : Object.keys(l.run.metrics)[0];
      out.push({
        kind: 'lineage', id: id('run'), label: `run ${l.run.name ?? l.run.id.slice(0, 8)}`, icon: 'beaker', runId: l.run.id,
        description: [l.run.experiment, metricKey ? `${metricKey} ${formatNumber(l.run.metrics[metricKey]!.last)}` : ''].filter(Boolean).join(' · '),
        tooltip: `run ${l.run.id}\n${l.run.command ?? ''}`,
      });
      if (l.run.git) {
        out.push({ kind: 'lineage', id: id('git'), label: l.run.git.commit.slice(0, 12), icon: 'git-commit',
          description: [l.run.git.branch, l.run.git.dirty ? 'dirty' : 'clean', l.run.git.patch ? 'patch saved' : ''].filter(Boolean).join(' · '), tooltip: l.run.git.commit, file: l.run.git.patch?.path });
      }
    } else {
      out.push({ kind: 'lineage', id: id('norun'), label: 'no producing run known', icon: 'question' });
    }
    if (l.datasets.length) {
      out.push({ kind: 'lineage', id: id('data'), label: 'Datasets', icon: 'database', description: String(l.datasets.length),
        children: l.datasets.map((d) => ({ kind: 'lineage', id: id(`data:${d.path}`), label: d.path.split(/[\\/]/).pop() ?? d.path, icon: 'file', description: `sha256 ${d.sha256.slice(0, 12)}`, tooltip: d.path, file: d.path })) });
    }
    const last = l.promotions[l.promotions.length - 1];
    if (last) {
      out.push({ kind: 'lineage', id: id('gates'), label: `Last promotion → ${last.to}`, icon: last.forced ? 'warning' : 'pass',
        description: `${last.forced ? 'forced · ' : ''}${relativeTime(last.at)}`,
        children: last.gates.map((g, i) => ({ kind: 'lineage', id: id(`gate:${i}`), label: g.name, icon: g.passed ? 'pass' : 'error', description: g.reason })) });
    }
    if (l.path) out.push({ kind: 'lineage', id: id('file'), label: 'Stored copy', icon: 'file-binary', description: l.path, file: l.path });
    return out;
  }
}
