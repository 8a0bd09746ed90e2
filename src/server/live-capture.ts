import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { loadConfig, defaultConfig, type LensConfig } from '../core/config';
import { TerminalRunTracker } from '../core/capture/terminal-runs';
import { startWatcher, type Watcher } from '../core/capture/watcher';
import { describeError, type Problem } from '../core/errors';
import * as P from '../protocol';
import type { RegistryHost } from './registry-host';

/** Views refresh at most this often while a run is writing its logs. */
const NOTIFY_MS = 500;

/**
 * Live capture in the backend: the file watcher that ingests logger output as it grows, and the tracker that
 * turns terminal executions into runs and claims the files they write. Only in a trusted workspace.
 */
export class LiveCapture {
  private watcher: Watcher | undefined;
  private tracker: TerminalRunTracker | undefined;
  private notifyTimer: NodeJS.Timeout | undefined;
  private readonly reported = new Set<string>();
  /** Executions to take over once the tracker exists: the last tracker's, or the editor's after a restart. */
  private carried: string[] = [];

  constructor(private readonly connection: Connection, private readonly host: RegistryHost, private readonly root: string | null, private readonly trusted: boolean) {
    connection.onRequest(P.terminalExecutionStarted, async ({ commandLine, cwd, startedAt }) => {
      const tracker = this.tracker;
      if (!tracker || !tracker.isTraining(commandLine)) return { runId: null };
      const runId = await tracker.start({ commandLine, cwd: cwd ?? this.root ?? process.cwd(), startedAt });
      this.changed();
      return { runId };
    });
    connection.onRequest(P.terminalExecutionEnded, async ({ runId, exitCode, endedAt }) => {
      await this.tracker?.end(runId, { exitCode, endedAt });
      this.changed();
    });
    connection.onRequest(P.terminalExecutionsResumed, ({ runIds }) => {
      if (!Array.isArray(runIds) || runIds.some((id) => typeof id !== 'string')) {
        throw new ResponseError(ErrorCodes.InvalidParams, `runIds: expected a list of run ids, got ${JSON.stringify(runIds)}`);
      }
      const tracker = this.tracker;
      if (!tracker) {
        this.carried.push(...runIds);
        return { resumed: [] };
      }
      const resumed = runIds.filter((id) => tracker.resume(id));
      if (resumed.length > 0) this.changed();
      return { resumed };
    });
  }

  async start(): Promise<void> {
    const reg = this.host.current;
    if (!this.trusted || !this.root || !reg) return;
    const config = this.config();
    const tracker = (this.tracker = new TerminalRunTracker(reg, { config, onProblem: (p) => this.problem(p) }));
    for (const e of this.carried.splice(0)) tracker.resume(e);
    if (tracker.closeOrphans().length > 0) this.changed();
    this.watcher = startWatcher(reg, this.root, {
      config, tracker: this.tracker,
      onIngest: () => this.changed(),
      onProblem: (p) => this.problem(p),
    });
    try {
      await this.watcher.ready;
    } catch (err) {
      this.connection.console.error(`MLOps Lens: the file watcher did not start: ${describeError(err)}`);
    }
  }

  async stop(): Promise<void> {
    clearTimeout(this.notifyTimer);
    await this.watcher?.close();
    this.watcher = undefined;
    // Reopening the registry restarts capture: the commands running now stay tracked by the next tracker.
    this.carried.push(...(this.tracker?.inFlight() ?? []));
    this.tracker = undefined;
  }

  private config(): LensConfig {
    try {
      return loadConfig(this.root!);
    } catch (err) {
      this.connection.console.warn(`MLOps Lens: ${describeError(err)} (capture uses defaults)`);
      return defaultConfig(this.root!);
    }
  }

  private changed(): void {
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      void this.connection.sendNotification(P.registryChanged, { what: ['runs', 'status'] });
    }, NOTIFY_MS);
  }

  /** Each problem is logged; the first of each kind also reaches the user, once per session. */
  private problem(p: Problem): void {
    const text = `${p.path}${p.line !== null ? `:${p.line}` : ''}: ${p.message}`;
    this.connection.console.warn(`MLOps Lens capture: ${text}`);
    const kind = p.message.replace(/[0-9]+/g, '#').slice(0, 60);
    if (this.reported.has(kind)) return;
    this.reported.add(kind);
    void this.connection.window.showWarningMessage(`MLOps Lens capture: ${text}`);
  }
}
