import * as vscode from 'vscode';
import { TERMINAL_RUN_TAG, loggerRunIds } from '../../core/capture/terminal-links';
import { formatNumber } from '../../core/registry/format';
import type { RunDetail, RunRecord, RunStatus } from '../../core/registry/types';
import * as P from '../../protocol';
import type { Backend } from '../backend';
import { settings } from '../settings';
import { relativeTime } from './relative-time';

type Node =
  | { kind: 'experiment'; name: string; runs: number }
  | { kind: 'run'; run: RunRecord; scope?: string }
  | { kind: 'group'; runId: string; group: 'params' | 'metrics' | 'artifacts' | 'inputs' | 'loggers'; scope?: string }
  | { kind: 'leaf'; id: string; label: string; description?: string; tooltip?: string; icon?: string; resource?: string; artifact?: { path: string; runId: string } };

const STATUS_ICON: Record<RunStatus, vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('loading~spin'),
  finished: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  killed: new vscode.ThemeIcon('circle-slash'),
};

/**
 * Experiments → runs → params, metrics, git, artifacts and inputs, read from the backend on demand. A run
 * shown a second time, under the terminal run that wrote it, has its tree ids in that run's `scope`: VS Code
 * refuses two items with one id.
 */
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
        item.id = `run:${node.scope ?? ''}${r.id}`;
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
        const labels = { params: 'Parameters', metrics: 'Metrics', artifacts: 'Artifacts', inputs: 'Inputs', loggers: 'Logged by' } as const;
        const icons = { params: 'settings', metrics: 'graph-line', artifacts: 'package', inputs: 'database', loggers: 'output' } as const;
        const item = new vscode.TreeItem(labels[node.group], vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.group}:${node.scope ?? ''}${node.runId}`;
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
    if (node.kind === 'run') return this.runChildren(node.run, node.scope ?? '');
    if (node.kind === 'group') return this.groupChildren(node);
    return [];
  }

  private detail(id: string): Promise<RunDetail> {
    let d = this.details.get(id);
    if (!d) this.details.set(id, (d = this.backend.requestWith(P.getRun, { id })));
    return d;
  }

  private async runChildren(run: RunRecord, scope: string): Promise<Node[]> {
    const d = await this.detail(run.id);
    const out: Node[] = [];
    if (Object.keys(d.params).length) out.push({ kind: 'group', runId: run.id, group: 'params', scope });
    if (Object.keys(d.metrics).length) out.push({ kind: 'group', runId: run.id, group: 'metrics', scope });
    if (d.git) {
      out.push({ kind: 'leaf', id: `git:${scope}${run.id}`, label: d.git.commit.slice(0, 12), description: [d.git.branch, d.git.dirty ? 'dirty' : ''].filter(Boolean).join(' · '), icon: 'git-commit', tooltip: d.git.commit });
    }
    if (d.artifacts.length) out.push({ kind: 'group', runId: run.id, group: 'artifacts', scope });
    if (d.inputs.length) out.push({ kind: 'group', runId: run.id, group: 'inputs', scope });
    if (d.source.path) out.push({ kind: 'leaf', id: `src:${scope}${run.id}`, label: 'Source', description: d.source.path, icon: 'file', resource: d.source.path });
    // A training command's logger runs stay runs of their own (their importer owns them); they are shown
    // here under the command that wrote them, and the command on each of them (see capture/terminal-links.ts).
    if (loggerRunIds(d.tags).length) out.unshift({ kind: 'group', runId: run.id, group: 'loggers', scope });
    const terminal = d.tags[TERMINAL_RUN_TAG];
    if (terminal) {
      const t = await this.detail(terminal).catch(() => null);
      if (t) out.push({ kind: 'leaf', id: `terminal:${scope}${run.id}`, label: 'Started by', description: t.command ?? t.id.slice(0, 8), icon: 'terminal', tooltip: `terminal run ${t.id}` });
    }
    return out;
  }

  private async groupChildren(node: Extract<Node, { kind: 'group' }>): Promise<Node[]> {
    const d = await this.detail(node.runId);
    const scope = node.scope ?? '';
    const id = (k: string) => `${node.group}:${scope}${node.runId}:${k}`;
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
      case 'loggers': {
        const runs = await Promise.all(loggerRunIds(d.tags).map((rid) => this.detail(rid).catch(() => null)));
        return runs.filter((r): r is RunDetail => r !== null).map((r) => ({ kind: 'run', run: r, scope: `${scope}${node.runId}/` }));
      }
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
