import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { InitializationOptions } from '../../../src/protocol';

const REPO = path.resolve(__dirname, '../../..');

/**
 * Starts the real backend from source over stdio and speaks LSP to it as vscode-languageclient does
 * (initialize, initialized, requests, shutdown, exit): the stand-in for the editor until a test runs in one.
 */
export class BackendUnderTest {
  private constructor(readonly child: ChildProcessWithoutNullStreams, readonly connection: MessageConnection, readonly stderr: string[]) {}

  static async start(workspace: string | null, options: InitializationOptions): Promise<BackendUnderTest> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'src/server/index.ts'), '--stdio'], { cwd: REPO, stdio: 'pipe' });
    const stderr: string[] = [];
    child.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.listen();
    const b = new BackendUnderTest(child, connection, stderr);
    const folders = workspace ? [{ uri: pathToFileURL(workspace).href, name: path.basename(workspace) }] : null;
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: folders?.[0]?.uri ?? null, workspaceFolders: folders, capabilities: {}, initializationOptions: options });
    await connection.sendNotification('initialized', {});
    return b;
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.child.kill('SIGKILL');
    }
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}

/** Resolves with the first diagnostics published for `uri` that satisfy `accept`. */
export function nextDiagnostics(b: BackendUnderTest, uri: string, accept: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
  return new Promise((resolve) => {
    const sub = b.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      if (p.uri === uri && accept(p.diagnostics)) {
        sub.dispose();
        resolve(p.diagnostics);
      }
    });
  });
}
