import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckResult, EvidenceItem, LevelResult, ProjectScore, Scorecard, Status } from '../../core/maturity/types';

/**
 * `scope` is '' for the workspace's levels and a project's root for its own: it keeps tree ids unique when
 * a workspace of several projects shows the same levels and checks once per project.
 */
export type MaturityNode =
  | { kind: 'summary'; card: Scorecard }
  | { kind: 'pooled'; card: Scorecard }
  | { kind: 'project'; project: ProjectScore }
  | { kind: 'level'; level: LevelResult; current: number; scope: string }
  | { kind: 'check'; check: CheckResult; scope: string }
  | { kind: 'evidence'; item: EvidenceItem; id: string }
  | { kind: 'fix'; check: CheckResult; scope: string };

function idOf(scope: string, rest: string): string {
  return scope ? `maturity:${scope}:${rest}` : `maturity:${rest}`;
}

function levelsOf(levels: LevelResult[], current: number, scope: string): MaturityNode[] {
  return levels.map((level) => ({ kind: 'level', level, current, scope }));
}

const ICONS: Record<Status, vscode.ThemeIcon> = {
  pass: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  partial: new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('testing.iconQueued')),
  fail: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  unknown: new vscode.ThemeIcon('question'),
};

/**
 * The Maturity view: the current level at the top, then levels → checks with status icons → evidence that opens
 * the file at the line. A workspace of several projects shows each project, then the pooled workspace, each
 * holding its levels. Empty (so the welcome content shows) until the first assessment arrives.
 */
export class MaturityTree implements vscode.TreeDataProvider<MaturityNode> {
  private readonly changed = new vscode.EventEmitter<MaturityNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private card: Scorecard | undefined;

  update(card: Scorecard | undefined): void {
    this.card = card;
    this.changed.fire(undefined);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  get current(): Scorecard | undefined {
    return this.card;
  }

  getTreeItem(node: MaturityNode): vscode.TreeItem {
    switch (node.kind) {
      case 'summary': {
        const c = node.card;
        const name = c.levels.find((l) => l.level === c.level)?.name ?? '';
        // With several projects the lowest one leads, as it does for `score --min-level`; the pooled level follows.
        const lowest = c.projectScores ? Math.min(...c.projectScores.map((p) => p.level)) : null;
        const item = new vscode.TreeItem(lowest === null ? `Current: level ${c.level} · ${name}` : `${c.projectScores!.length} projects · lowest at level ${lowest}`, vscode.TreeItemCollapsibleState.None);
        item.id = 'maturity:summary';
        item.description = lowest !== null ? `pooled level ${c.level}` : c.level < 5 ? `${Math.round(c.progressToNext)}% to level ${c.level + 1}` : 'top level';
        item.iconPath = new vscode.ThemeIcon('dashboard');
        item.command = { command: 'mlopsLens.openScorecard', title: 'Open Scorecard' };
        item.tooltip = `Assessed ${c.at}${c.commit ? ` at ${c.commit.slice(0, 12)}` : ''} · ${c.filesScanned} files`;
        return item;
      }
      case 'pooled': {
        const item = new vscode.TreeItem('Whole workspace, pooled', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = 'maturity:pooled';
        item.description = `level ${node.card.level}`;
        item.tooltip = 'Every project\'s evidence together: one mature project can lift the level of the others here.';
        item.iconPath = new vscode.ThemeIcon('layers');
        return item;
      }
      case 'project': {
        const p = node.project;
        const item = new vscode.TreeItem(p.root, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `maturity:project:${p.root}`;
        item.description = `level ${p.level}${p.level < 5 ? ` · ${Math.round(p.progressToNext)}% to level ${p.level + 1}` : ''}`;
        item.tooltip = new vscode.MarkdownString(`Scored on its own files${p.shared.length ? ` and on:\n\n${p.shared.map((e) => `- ${e.file ? `\`${e.file}\` ` : ''}${e.detail}`).join('\n')}` : '.'}`);
        item.iconPath = new vscode.ThemeIcon('folder');
        return item;
      }
      case 'level': {
        const l = node.level;
        const item = new vscode.TreeItem(`Level ${l.level} · ${l.name}`, l.level === node.current + 1 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = idOf(node.scope, `level:${l.level}`);
        item.description = `${Math.round(l.score * 100)}%${l.reached ? ' · reached' : ''}${l.blocking.length ? ` · ${l.blocking.length} to do` : ''}`;
        item.iconPath = new vscode.ThemeIcon(l.reached ? 'verified-filled' : 'milestone');
        return item;
      }
      case 'check': {
        const c = node.check;
        const item = new vscode.TreeItem(c.title, c.evidence.length || c.status !== 'pass' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = idOf(node.scope, `check:${c.id}`);
        item.description = `${c.status}${c.weight !== 1 ? ` · weight ${c.weight}` : ''}`;
        item.tooltip = new vscode.MarkdownString(`**${c.id}** — ${c.status}\n\n${c.why ?? ''}\n\n**Fix:** ${c.fix}`);
        item.iconPath = ICONS[c.status];
        item.contextValue = c.scaffold ? 'check.scaffold' : 'check';
        return item;
      }
      case 'evidence': {
        const e = node.item;
        const item = new vscode.TreeItem(e.detail, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = e.file ? `${e.file}${e.line ? `:${e.line}` : ''}` : undefined;
        item.iconPath = new vscode.ThemeIcon(e.file ? 'file' : 'database');
        const root = this.card?.root;
        if (e.file && root) {
          const uri = vscode.Uri.file(path.join(root, e.file));
          const line = Math.max(0, (e.line ?? 1) - 1);
          item.command = { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: new vscode.Range(line, 0, line, 0) }] };
        }
        return item;
      }
      case 'fix': {
        const c = node.check;
        const item = new vscode.TreeItem(c.scaffold ? c.scaffold.title : 'How to fix', vscode.TreeItemCollapsibleState.None);
        item.id = idOf(node.scope, `fix:${c.id}`);
        item.description = c.scaffold ? c.scaffold.path : undefined;
        item.tooltip = c.fix;
        item.iconPath = new vscode.ThemeIcon(c.scaffold ? 'wand' : 'lightbulb');
        if (c.scaffold) item.command = { command: 'mlopsLens.scaffoldFix', title: c.scaffold.title, arguments: [c.id] };
        return item;
      }
    }
  }

  getChildren(node?: MaturityNode): MaturityNode[] {
    const card = this.card;
    if (!card) return [];
    if (!node) {
      if (!card.projectScores) return [{ kind: 'summary', card }, ...levelsOf(card.levels, card.level, '')];
      return [{ kind: 'summary', card }, ...card.projectScores.map((project) => ({ kind: 'project' as const, project })), { kind: 'pooled', card }];
    }
    if (node.kind === 'pooled') return levelsOf(card.levels, card.level, '');
    if (node.kind === 'project') return levelsOf(node.project.levels, node.project.level, node.project.root);
    if (node.kind === 'level') return node.level.checks.map((check) => ({ kind: 'check', check, scope: node.scope }));
    if (node.kind === 'check') {
      const items: MaturityNode[] = node.check.evidence.map((item, i) => ({ kind: 'evidence', item, id: idOf(node.scope, `ev:${node.check.id}:${i}`) }));
      if (node.check.status !== 'pass') items.push({ kind: 'fix', check: node.check, scope: node.scope });
      return items;
    }
    return [];
  }
}
