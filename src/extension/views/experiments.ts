import * as vscode from 'vscode';
import { formatNumber } from '../../core/registry/format';
import type { RunDetail, RunRecord, RunStatus } from '../../core/registry/types';
import * as P from '../../protocol';
import type { Backend } from '../backend';
import { settings } from '../settings';
import { relativeTime } from './relative-time';

type Node =
  | { kind: 'experiment'; name: string; runs: number }
  | { kind: 'run'; run: RunRecord }
  | { kind: 'group'; runId: string; group: 'params' | 'metrics' | 'artifacts' | 'inputs' }
  | { kind: 'leaf'; id: string; label: string; description?: string; tooltip?: string; icon?: string; resource?: string; artifact?: { path: string; runId: string } };

const STATUS_ICON: Record<RunStatus, vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('loading~spin'),
  finished: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  killed: new vscode.ThemeIcon('circle-slash'),
};

/** Experiments → runs → params, metrics, git, artifacts and inputs, read from the backend on demand. */
export class ExperimentsTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private details = new Map<string, Promise<RunDetail>>();

  constructor(private readonly backend: Backend) {}

  refresh(): void {
    this.details.clear();
    this.changed.fire(undefined);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'experiment': {
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `exp:${node.name}`;
        item.description = `${node.runs} run${node.runs === 1 ? '' : 's'}`;
        item.iconPath = new vscode.ThemeIcon('beaker');
        item.contextValue = 'experiment';
        return item;
      }
      case 'run': {
        const r = node.run;
        const item = new vscode.TreeItem(r.name ?? r.id.slice(0, 8), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `run:${r.id}`;
        const metric = keyMetric(r);
        item.description = [metric, relativeTime(r.startedAt)].filter(Boolean).join(' · ');
        item.tooltip = new vscode.MarkdownString(`**${r.name ?? r.id}** — ${r.status}\n\n` +
          `id \`${r.id}\`\n\nsource ${r.source.kind}${r.source.importer ? ` (${r.source.importer})` : ''}` +
          (r.command ? `\n\n\`${r.command}\`` : '') + (r.git ? `\n\ncommit \`${r.git.commit.slice(0, 12)}\`${r.git.dirty ? ' (dirty)' : ''}` : ''));
        item.iconPath = STATUS_ICON[r.status];
        item.contextValue = 'run';
        return item;
      }
      case 'group': {
        const labels = { params: 'Parameters', metrics: 'Metrics', artifacts: 'Artifacts', inputs: 'Inputs' } as const;
        const icons = { params: 'settings', metrics: 'graph-line', artifacts: 'package', inputs: 'database' } as const;
        const item = new vscode.TreeItem(labels[node.group], vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.group}:${node.runId}`;
        item.iconPath = new vscode.ThemeIcon(icons[node.group]);
        return item;
      }
      case 'leaf': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = node.description;
        item.tooltip = node.tooltip;
        if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
        if (node.artifact) item.contextValue = 'artifact.model';
        if (node.resource) {
          item.resourceUri = vscode.Uri.file(node.resource);
          item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(node.resource)] };
        }
        return item;
      }
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      const exps = await this.backend.request(P.listExperiments);
      return exps.filter((e) => e.runs > 0).map((e) => ({ kind: 'experiment', name: e.name, runs: e.runs }));
    }
    if (node.kind === 'experiment') {
      const runs = await this.backend.requestWith(P.listRuns, { experiment: node.name });
      return runs.map((run) => ({ kind: 'run', run }));
    }
    if (node.kind === 'run') return this.runChildren(node.run);
    if (node.kind === 'group') return this.groupChildren(node);
    return [];
  }

  private detail(id: string): Promise<RunDetail> {
    let d = this.details.get(id);
    if (!d) this.details.set(id, (d = this.backend.requestWith(P.getRun, { id })));
    return d;
  }

  private async runChildren(run: RunRecord): Promise<Node[]> {
    const d = await this.detail(run.id);
    const out: Node[] = [];
    if (Object.keys(d.params).length) out.push({ kind: 'group', runId: run.id, group: 'params' });
    if (Object.keys(d.metrics).length) out.push({ kind: 'group', runId: run.id, group: 'metrics' });
    if (d.git) {
      out.push({ kind: 'leaf', id: `git:${run.id}`, label: d.git.commit.slice(0, 12), description: [d.git.branch, d.git.dirty ? 'dirty' : ''].filter(Boolean).join(' · '), icon: 'git-commit', tooltip: d.git.commit });
    }
    if (d.artifacts.length) out.push({ kind: 'group', runId: run.id, group: 'artifacts' });
    if (d.inputs.length) out.push({ kind: 'group', runId: run.id, group: 'inputs' });
    if (d.source.path) out.push({ kind: 'leaf', id: `src:${run.id}`, label: 'Source', description: d.source.path, icon: 'file', resource: d.source.path });
    return out;
  }

  private async groupChildren(node: Extract<Node, { kind: 'group' }>): Promise<Node[]> {
    const d = await this.detail(node.runId);
    const id = (k: string) => `${node.group}:${node.runId}:${k}`;
    switch (node.group) {
      case 'params':
        return Object.entries(d.params).map(([k, v]) => ({ kind: 'leaf', id: id(k), label: k, description: v, tooltip: `${k} = ${v}` }));
      case 'metrics':
        return Object.entries(d.metrics).map(([k, m]) => ({
          kind: 'leaf', id: id(k), label: k, description: `${formatNumber(m.last)} @ step ${m.step}`,
          tooltip: `last ${formatNumber(m.last)} at step ${m.step}\nmin ${formatNumber(m.min)} · max ${formatNumber(m.max)} · ${m.count} points`,
        }));
      case 'artifacts':
        return d.artifacts.map((a) => ({ kind: 'leaf', id: id(a.path), label: a.path.split(/[\\/]/).pop() ?? a.path, description: a.kind, tooltip: `${a.path}${a.sha256 ? `\nsha256 ${a.sha256}` : ''}`, icon: a.kind === 'model' ? 'symbol-class' : 'file-binary', resource: a.path,
          ...(a.kind === 'model' ? { artifact: { path: a.path, runId: node.runId } } : {}) }));
      case 'inputs':
        return d.inputs.map((ds) => ({ kind: 'leaf', id: id(ds.path), label: ds.path.split(/[\\/]/).pop() ?? ds.path, description: `sha256 ${ds.sha256.slice(0, 12)}`, tooltip: ds.path, icon: 'database', resource: ds.path }));
    }
  }
}

function keyMetric(r: RunRecord): string {
  const wanted = settings.keyMetric();
  const key = wanted && r.metrics[wanted] ? wanted : Object.keys(r.metrics)[0];
  return key ? `${key} ${formatNumber(r.metrics[key]!.last)}` : '';
}

export type ExperimentsNode = Node;
