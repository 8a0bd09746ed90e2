/**
 * The MLOps Lens backend: one process per window, started (and restarted on crash) by the extension's
 * language client. It owns the registry and every heavy job, so the extension host never blocks on them.
 */
import { createConnection, ProposedFeatures, type InitializeParams, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { fileURLToPath } from 'node:url';
import { closeModels } from '../core/inference';
import type { InitializationOptions } from '../protocol';
import { RegistryHost } from './registry-host';
import { registerRegistryHandlers } from './handlers/registry';
import { registerCaptureHandlers } from './handlers/capture';
import { registerModelHandlers } from './handlers/models';
import { registerAnalysisHandlers } from './handlers/analysis';
import { Diagnostics } from './diagnostics';
import { LiveCapture } from './live-capture';
import { MaturityService } from './maturity';

const connection = createConnection(ProposedFeatures.all);
let host: RegistryHost | undefined;
let diagnostics: Diagnostics | undefined;
let capture: LiveCapture | undefined;
let maturity: MaturityService | undefined;

connection.onInitialize((params: InitializeParams) => {
  const options = (params.initializationOptions ?? { trusted: false }) as InitializationOptions;
  const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? null;
  const root = folder && folder.startsWith('file:') ? fileURLToPath(folder) : null;
  host = RegistryHost.forWorkspace(root, options.registryPath, options.trusted === true);
  host.open();
  registerRegistryHandlers(connection, host, root, options.trusted === true, () => void capture?.stop().then(() => capture?.start()));
  registerCaptureHandlers(connection, host, root, options.trusted === true);
  registerModelHandlers(connection, host, root, options.trusted === true);
  registerAnalysisHandlers(connection, host, root, options.trusted === true);
  diagnostics = new Diagnostics(connection, root);
  capture = new LiveCapture(connection, host, root, options.trusted === true);
  maturity = new MaturityService(connection, host, root, options.trusted === true, diagnostics);
  return {
    capabilities: {
      ...Diagnostics.capabilities(),
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      workspace: { workspaceFolders: { supported: true } },
    },
    serverInfo: { name: 'mlops-lens-backend' },
  };
});

connection.onInitialized(() => {
  // The background scan starts once the client is up; open documents are linted as they arrive.
  void capture?.start();
  // The assessment reuses the scan's findings, so it waits for the scan.
  void diagnostics?.scanWorkspace().then(() => maturity?.start());
});

connection.onDidChangeWatchedFiles((e) => {
  if (e.changes.some((c) => /(pyproject|mlops-lens)\.toml$/.test(c.uri))) diagnostics?.reloadConfig();
  maturity?.filesChanged(e.changes.map((c) => c.uri));
});

// One shutdown handler (the connection keeps only the last one registered): release models, then the registry.
connection.onShutdown(async () => {
  maturity?.dispose();
  await capture?.stop();
  closeModels();
  host?.close();
});
connection.onExit(() => host?.close());
connection.listen();
