import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BackendUnderTest, nextDiagnostics } from './backend-client';

const UNSAFE = 'import pickle\n\nmodel = pickle.load(open("model.pkl", "rb"))\n';

describe('backend lint diagnostics (LSP over stdio)', () => {
  let dir: string;
  let backend: BackendUnderTest | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-diag-'));
  });
  afterEach(async () => {
    if (backend) await backend.stop();
    backend = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes a finding for an open Python document, with the rule code and its docs link', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: true });
    const uri = pathToFileURL(path.join(dir, 'serve.py')).href;
    const published = nextDiagnostics(backend, uri, (d) => d.length > 0);
    await backend.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: UNSAFE } });
    const diags = await published;
    const unsafe = diags.find((d) => d.code === 'MLO102');
    assert.ok(unsafe, `MLO102 expected, got ${JSON.stringify(diags.map((d) => d.code))}`);
    assert.equal(unsafe.range.start.line, 2);
    assert.equal(unsafe.source, 'mlops-lens');
    assert.match(unsafe.codeDescription?.href ?? '', /rules\.md#/);
  });

  it('offers a noqa quick fix that inserts the code at the end of the line', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: true });
    const uri = pathToFileURL(path.join(dir, 'serve.py')).href;
    const published = nextDiagnostics(backend, uri, (d) => d.some((x) => x.code === 'MLO102'));
    await backend.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: UNSAFE } });
    const diag = (await published).find((d) => d.code === 'MLO102')!;
    const actions = await backend.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } }) as { title: string; edit: { changes: Record<string, { newText: string; range: { start: { line: number; character: number } } }[]> } }[];
    const noqa = actions.find((a) => a.title.includes('# noqa'));
    assert.ok(noqa, `noqa action expected, got ${JSON.stringify(actions.map((a) => a.title))}`);
    const [edit] = noqa.edit.changes[uri]!;
    assert.equal(edit!.newText, '  # noqa: MLO102');
    assert.deepEqual(edit!.range.start, { line: 2, character: 'model = pickle.load(open("model.pkl", "rb"))'.length });
  });

  it('clears the findings once the document is fixed', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: true });
    const uri = pathToFileURL(path.join(dir, 'serve.py')).href;
    const first = nextDiagnostics(backend, uri, (d) => d.length > 0);
    await backend.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: UNSAFE } });
    await first;
    const cleared = nextDiagnostics(backend, uri, (d) => d.length === 0);
    await backend.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'import json\n' }] });
    assert.deepEqual(await cleared, []);
  });

  it('publishes findings on the notebook cell that holds them (LSP notebook sync)', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: true });
    const nbUri = pathToFileURL(path.join(dir, 'explore.ipynb')).href;
    const cells = [`${nbUri}#cell0`, `${nbUri}#cell1`].map((u) => u.replace('file:', 'vscode-notebook-cell:'));
    const onCell1 = nextDiagnostics(backend, cells[1]!, (d) => d.some((x) => x.code === 'MLO102'));
    await backend.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: nbUri, notebookType: 'jupyter-notebook', version: 1, cells: cells.map((document) => ({ kind: 2, document })) },
      cellTextDocuments: [
        { uri: cells[0], languageId: 'python', version: 1, text: 'import pickle\n' },
        { uri: cells[1], languageId: 'python', version: 1, text: 'm = pickle.load(open("m.pkl", "rb"))\n' },
      ],
    });
    const diags = await onCell1;
    assert.equal(diags.find((d) => d.code === 'MLO102')!.range.start.line, 0);
  });

  it('lints the workspace in the background and publishes findings for files that are not open', async () => {
    fs.writeFileSync(path.join(dir, 'load.py'), UNSAFE);
    const uri = pathToFileURL(path.join(dir, 'load.py')).href;
    const start = BackendUnderTest.start(dir, { trusted: true });
    backend = await start;
    const diags = await nextDiagnostics(backend, uri, (d) => d.some((x) => x.code === 'MLO102'));
    assert.ok(diags.length > 0);
  });
});
