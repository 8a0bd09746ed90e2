/**
 * The MLOps Lens backend: one process per window, started (and restarted on crash) by the extension's
 * language client. It owns the registry and every heavy job, so the extension host never blocks on them.
 */
import { createConnection, ProposedFeatures, type InitializeParams, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { fileURLToPath } from 'node:url';
import type { InitializationOptions } from '../protocol';
import { RegistryHost } from './registry-host';
import { registerRegistryHandlers } from './handlers/registry';

const connection = createConnection(ProposedFeatures.all);
let host: RegistryHost | undefined;

connection.onInitialize((params: InitializeParams) => {
  const options = (params.initializationOptions ?? { trusted: false }) as InitializationOptions;
  const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? null;
  const root = folder && folder.startsWith('file:') ? fileURLToPath(folder) : null;
  host = RegistryHost.forWorkspace(root, options.registryPath, options.trusted === true);
  host.open();
  registerRegistryHandlers(connection, host, root, options.trusted === true);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      workspace: { workspaceFolders: { supported: true } },
    },
    serverInfo: { name: 'mlops-lens-backend' },
  };
});

connection.onShutdown(() => host?.close());
connection.onExit(() => host?.close());
connection.listen();
