import * as vscode from 'vscode';
import type { Scorecard } from '../core/maturity/types';
import * as P from '../protocol';
import type { Backend } from './backend';
import type { MaturityTree } from './views/maturity';
import { ScorecardPanel } from './webviews/scorecard';

/**
 * Keeps the Maturity view, its status bar item ("MLOps L2 · 64%") and the scorecard on the latest assessment,
 * which the backend pushes whenever files change.
 */
export class MaturityPresenter implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlopsLens.maturity', vscode.StatusBarAlignment.Left, 9);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext, private readonly backend: Backend, private readonly tree: MaturityTree) {
    this.item.name = 'MLOps Maturity';
    this.item.command = 'mlopsLens.openScorecard';
    this.disposables.push(backend.onNotification(P.maturityChanged, (card) => this.show(card)));
  }

  /**
   * Asks for the assessment (the backend caches it) and shows it. Unasked (`refresh` false), a folder with no
   * ML project in it is not shown, so the Maturity view keeps its welcome content there.
   */
  async load(refresh = false): Promise<Scorecard | undefined> {
    try {
      const card = await this.backend.requestWith(P.assess, { refresh });
      if (refresh || card.projects.length > 0) this.show(card);
      return card;
    } catch {
      return undefined;
    }
  }

  show(card: Scorecard): void {
    this.tree.update(card);
    const pct = card.level < 5 ? ` · ${Math.round(card.progressToNext)}%` : '';
    this.item.text = `$(dashboard) MLOps L${card.level}${pct}`;
    const name = card.levels.find((l) => l.level === card.level)?.name ?? '';
    this.item.tooltip = `MLOps maturity: level ${card.level} (${name})${card.level < 5 ? `, ${Math.round(card.progressToNext)}% of the way to level ${card.level + 1}` : ''}. Click for the scorecard.`;
    this.item.show();
    ScorecardPanel.update(card);
  }

  commands(): Record<string, (...args: never[]) => unknown> {
    return {
      'mlopsLens.openScorecard': () => ScorecardPanel.show(this.context, this.backend),
      'mlopsLens.assessMaturity': async () => {
        const card = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'MLOps Lens: assessing maturity' }, () => this.load(true));
        if (card) ScorecardPanel.show(this.context, this.backend);
        return card;
      },
      'mlopsLens.scaffoldFix': async (checkId?: string | { check?: { id: string } }) => {
        const id = typeof checkId === 'string' ? checkId : checkId?.check?.id;
        if (!id) return;
        const { file } = await this.backend.requestWith(P.scaffoldFix, { checkId: id });
        await vscode.window.showTextDocument(vscode.Uri.file(file));
        void vscode.window.showInformationMessage(`MLOps Lens: wrote ${vscode.workspace.asRelativePath(file)}. Review it, then commit it.`);
        return file;
      },
      'mlopsLens.exportScorecard': async () => {
        const markdown = await this.backend.request(P.scorecardMarkdown);
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        const target = await vscode.window.showSaveDialog({ filters: { Markdown: ['md'] }, defaultUri: folder ? vscode.Uri.joinPath(folder, 'MLOPS-MATURITY.md') : undefined });
        if (!target) return;
        await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(markdown));
        await vscode.window.showTextDocument(target);
        return target.fsPath;
      },
    };
  }

  dispose(): void {
    this.item.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
