import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import type { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import * as P from '../protocol';
import { settings } from './settings';

export type BackendPhase = 'starting' | 'running' | 'stopped';

/** A notification handler asked for before the client existed, and its registration once it does. */
interface PendingHandler {
  register(client: LanguageClient): vscode.Disposable;
  registration?: vscode.Disposable;
}

/**
 * The backend process as the extension sees it: started with the extension host's own Node
 * (`process.execPath`, which `fork` uses), so native modules must match that runtime; restarted by the
 * language client's error handler when it crashes. The language client library is loaded when the backend
 * starts, not when the extension activates: evaluating it is most of the bundle's start-up cost.
 */
export class Backend implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly pendingNotifications: PendingHandler[] = [];
  private readonly phaseEmitter = new vscode.EventEmitter<BackendPhase>();
  readonly onDidChangePhase = this.phaseEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private startPromise: Promise<void> | undefined;

  constructor(private readonly context: vscode.ExtensionContext, private readonly output: vscode.LogOutputChannel) {}

  private async createClient(): Promise<LanguageClient> {
    const { LanguageClient, State, TransportKind } = await import('vscode-languageclient/node');
    const module = this.context.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc, options: { execArgv: [...P.BACKEND_NODE_FLAGS] } },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: [...P.BACKEND_NODE_FLAGS, '--nolazy', '--inspect=6011'] } },
    };
    const initializationOptions: P.InitializationOptions = {
      registryPath: settings.registryPath(),
      trusted: vscode.workspace.isTrusted,
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'python' },
        { notebook: '*', language: 'python' },
        { scheme: 'file', pattern: '**/*.{yml,yaml}' },
        { scheme: 'file', pattern: '**/{requirements*.txt,pyproject.toml}' },
      ],
      // Every file counts as evidence for the maturity assessment; the backend ignores .mlops/ and .git/.
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*') },
      outputChannel: this.output,
      initializationOptions,
    };
    const client = new LanguageClient('mlopsLens', 'MLOps Lens Backend', serverOptions, clientOptions);
    this.disposables.push(client.onDidChangeState((e) => {
      this.phaseEmitter.fire(e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped');
    }));
    this.isRunning = () => client.state === State.Running;
    for (const pending of this.pendingNotifications.splice(0)) {
      pending.registration = pending.register(client);
      this.disposables.push(pending.registration);
    }
    this.client = client;
    return client;
  }

  private isRunning: () => boolean = () => false;

  /** Starts the process without waiting for it: activation must return at once. */
  start(): Promise<void> {
    this.startPromise ??= this.createClient().then((client) => client.start());
    return this.startPromise;
  }

  async restart(): Promise<void> {
    await this.start().catch(() => undefined);
    this.startPromise = this.client!.restart();
    return this.startPromise;
  }

  get running(): boolean {
    return this.isRunning();
  }

  async request<R>(type: RequestType0<R, void>): Promise<R> {
    await this.ready();
    return this.client!.sendRequest(type);
  }

  async requestWith<Params, R>(type: RequestType<Params, R, void>, params: Params, token?: vscode.CancellationToken): Promise<R> {
    await this.ready();
    // RequestParam<P> is a conditional type TypeScript cannot resolve for a generic P.
    return this.client!.sendRequest<Params, R, void>(type, params as never, token);
  }

  private async ready(): Promise<void> {
    await this.start();
    await this.whenRunning();
  }

  /** Registers a handler now, or as soon as the client exists; disposing it unregisters it either way. */
  onNotification<Params>(type: NotificationType<Params>, handler: (p: Params) => void): vscode.Disposable {
    const register = (client: LanguageClient) => client.onNotification(type, handler);
    if (this.client) return register(this.client);
    const pending: PendingHandler = { register };
    this.pendingNotifications.push(pending);
    return new vscode.Disposable(() => {
      const i = this.pendingNotifications.indexOf(pending);
      if (i >= 0) this.pendingNotifications.splice(i, 1);
      pending.registration?.dispose();
    });
  }

  status(): Promise<P.StatusResult> {
    return this.request(P.status);
  }

  /** Resolves once the client is running again (after a crash the error handler restarts it). */
  private whenRunning(): Promise<void> {
    if (this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const sub = this.onDidChangePhase((p) => {
        if (p === 'running') {
          sub.dispose();
          resolve();
        }
      });
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.phaseEmitter.dispose();
    void this.client?.stop().catch(() => undefined);
  }
}
