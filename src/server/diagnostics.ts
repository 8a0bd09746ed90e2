import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind, DiagnosticSeverity, NotebookCellKind, NotebookDocuments, TextDocuments,
  type CodeAction, type Connection, type Diagnostic, type NotebookDocument, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadConfig, defaultConfig, type LensConfig } from '../core/config';
import { describeError } from '../core/errors';
import { lintPaths, lintText, noqaEdit, ruleByCode, type Finding, type Fix } from '../core/lint';
import { ruleDocUrl } from '../core/lint/docs-url';

const DEBOUNCE_MS = 150;

interface DiagnosticData {
  code: string;
  fix?: Fix;
}

/**
 * Lint diagnostics: open files and notebook cells on change (debounced), the whole workspace once in the
 * background with progress, and quick fixes (the rule's own fix, and `# noqa: CODE`).
 */
export class Diagnostics {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly notebooks = new NotebookDocuments(TextDocument);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private config: LensConfig;
  private scan: AbortController | undefined;
  private readonly openNotebooks = new Set<string>();
  private lastScan: Finding[] | undefined;

  constructor(private readonly connection: Connection, private readonly root: string | null) {
    this.config = this.readConfig();
    this.documents.listen(connection);
    this.notebooks.listen(connection);
    this.documents.onDidChangeContent((e) => this.schedule(e.document.uri, () => this.lintDocument(e.document)));
    this.documents.onDidClose((e) => void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));
    this.notebooks.onDidOpen((nb) => {
      this.openNotebooks.add(nb.uri);
      this.schedule(nb.uri, () => this.lintNotebook(nb));
    });
    this.notebooks.onDidChange((e) => this.schedule(e.notebookDocument.uri, () => this.lintNotebook(e.notebookDocument)));
    this.notebooks.onDidClose((nb) => {
      this.openNotebooks.delete(nb.uri);
      for (const c of nb.cells) void connection.sendDiagnostics({ uri: c.document, diagnostics: [] });
    });
    connection.onCodeAction((params) => this.codeActions(params.textDocument.uri, params.context.diagnostics));
  }

  /** Capabilities this part of the server adds to `initialize`'s answer. */
  static capabilities() {
    return {
      notebookDocumentSync: { notebookSelector: [{ notebook: '*', cells: [{ language: 'python' }] }] },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    };
  }

  private readConfig(): LensConfig {
    if (!this.root) return defaultConfig(process.cwd());
    try {
      return loadConfig(this.root);
    } catch (err) {
      this.connection.window.showWarningMessage(`MLOps Lens: ${describeError(err)} (using defaults)`);
      return defaultConfig(this.root);
    }
  }

  /** Re-reads the configuration (pyproject.toml / mlops-lens.toml changed) and re-lints what is open. */
  reloadConfig(): void {
    this.config = this.readConfig();
    for (const d of this.documents.all()) this.schedule(d.uri, () => this.lintDocument(d));
  }

  private schedule(key: string, job: () => Promise<void>): void {
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      job().catch((err: unknown) => this.connection.console.error(`lint failed for ${key}: ${describeError(err)}`));
    }, DEBOUNCE_MS));
  }

  private async lintDocument(doc: TextDocument): Promise<void> {
    if (!doc.uri.startsWith('file:') || this.notebooks.getNotebookCell(doc.uri)) return;
    const findings = await lintText(fileURLToPath(doc.uri), doc.getText(), this.config);
    await this.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: findings.map(toDiagnostic) });
  }

  private async lintNotebook(nb: NotebookDocument): Promise<void> {
    const file = nb.uri.startsWith('file:') ? fileURLToPath(nb.uri) : nb.uri.replace(/^.*\//, '');
    const findings = await lintText(file.endsWith('.ipynb') ? file : `${file}.ipynb`, notebookJson(nb, this.notebooks), this.config);
    const byCell = new Map<string, Diagnostic[]>(nb.cells.map((c) => [c.document, []]));
    for (const f of findings) {
      const cell = f.cell === null ? undefined : nb.cells[f.cell];
      if (cell) byCell.get(cell.document)!.push(toDiagnostic(f));
    }
    for (const [uri, diagnostics] of byCell) await this.connection.sendDiagnostics({ uri, diagnostics });
  }

  /** Lints every file under the workspace once, with progress; open documents keep their live diagnostics. */
  async scanWorkspace(): Promise<void> {
    if (!this.root) return;
    this.scan?.abort();
    const controller = (this.scan = new AbortController());
    const progress = await this.connection.window.createWorkDoneProgress();
    progress.begin('MLOps Lens: linting the workspace', 0, undefined, true);
    progress.token.onCancellationRequested(() => controller.abort());
    try {
      const result = await lintPaths([this.root], {
        config: this.config, signal: controller.signal,
        onProgress: (done, total) => progress.report(Math.round((done / Math.max(1, total)) * 100), `${done}/${total} files`),
      });
      this.lastScan = result.findings;
      const open = new Set([...this.documents.keys(), ...this.openNotebooks]);
      const byFile = new Map<string, Diagnostic[]>();
      for (const f of result.findings) {
        const uri = pathToFileURL(path.resolve(this.root, f.file)).href;
        if (open.has(uri)) continue;
        let list = byFile.get(uri);
        if (!list) byFile.set(uri, (list = []));
        list.push(toDiagnostic(f));
      }
      for (const [uri, diagnostics] of byFile) await this.connection.sendDiagnostics({ uri, diagnostics });
    } catch (err) {
      if (!controller.signal.aborted) this.connection.console.error(`workspace lint failed: ${describeError(err)}`);
    } finally {
      progress.done();
    }
  }

  /** The findings of the last complete workspace scan, for the maturity assessment (undefined before the first). */
  workspaceFindings(): Finding[] | undefined {
    return this.lastScan;
  }

  private codeActions(uri: string, diagnostics: Diagnostic[]): CodeAction[] {
    const doc = this.documents.get(uri) ?? this.notebooks.cellTextDocuments.get(uri);
    const actions: CodeAction[] = [];
    for (const d of diagnostics) {
      const data = d.data as DiagnosticData | undefined;
      if (d.source !== 'mlops-lens' || !data) continue;
      if (data.fix) {
        const edit = this.fixEdit(uri, data.fix);
        if (edit) actions.push({ title: data.fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit, isPreferred: true });
      }
      if (doc) {
        const line = d.range.start.line;
        const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
        const e = noqaEdit(text, line, data.code);
        actions.push({ title: `Suppress ${data.code} on this line (# noqa)`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [uri]: [{ range: e.range, newText: e.newText }] } } });
      }
    }
    return actions;
  }

  /** A rule's fix as a workspace edit; edits naming a notebook cell go to that cell's document. */
  private fixEdit(uri: string, fix: Fix): WorkspaceEdit | undefined {
    const notebook = this.notebooks.findNotebookDocumentForCell(uri);
    const changes: WorkspaceEdit['changes'] = {};
    for (const e of fix.edits) {
      const target = e.cell !== undefined && notebook ? notebook.cells[e.cell]?.document : uri;
      if (!target) return undefined;
      (changes[target] ??= []).push({ range: e.range, newText: e.newText });
    }
    return { changes };
  }
}

function toDiagnostic(f: Finding): Diagnostic {
  const rule = ruleByCode(f.code);
  const data: DiagnosticData = { code: f.code, ...(f.fix ? { fix: f.fix } : {}) };
  return {
    range: f.range,
    severity: f.severity === 'error' ? DiagnosticSeverity.Error : f.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
    code: f.code,
    ...(rule ? { codeDescription: { href: ruleDocUrl(rule) } } : {}),
    source: 'mlops-lens',
    message: f.message,
    data,
  };
}

/**
 * The notebook as the linter reads `.ipynb` files: code cells with their text and execution order, other cells
 * empty. Outputs are not synced over LSP, so output-based checks run in the workspace scan of the saved file.
 */
function notebookJson(nb: NotebookDocument, notebooks: NotebookDocuments<TextDocument>): string {
  const cells = nb.cells.map((c) => {
    const text = notebooks.getCellTextDocument(c)?.getText() ?? '';
    if (c.kind !== NotebookCellKind.Code) return { cell_type: 'markdown', metadata: {}, source: '' };
    return { cell_type: 'code', metadata: {}, execution_count: c.executionSummary?.executionOrder ?? null, outputs: [], source: text };
  });
  return JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 });
}
