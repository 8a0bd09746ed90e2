import * as vscode from 'vscode';

export const TEXT_SCHEME = 'mlops-lens-text';

/**
 * Read-only documents for results people read (model facts, benchmark, inference outputs): they open like
 * files, can be searched and copied, and never ask to be saved.
 */
export class ResultDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  async show(name: string, content: string, language?: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: TEXT_SCHEME, path: `/${++this.counter}/${name}` });
    this.contents.set(uri.toString(), content);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
    return vscode.window.showTextDocument(doc, { preview: true });
  }
}
