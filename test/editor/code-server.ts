/**
 * Starts VS Code's own server build (code-server, on Node 24) and Debian's Chromium for the editor tests and
 * `npm run editor`. Every process started here is a process-group leader whose id is appended to
 * `<workDir>/pids`, so run.sh can end whatever a crashed run left behind, by id.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserServer } from 'playwright-core';

export interface CodeServerOptions {
  /** Names the instance's folder under workDir (home, user data, logs). */
  name: string;
  workDir: string;
  /** Extensions installed in this instance (symlinked folders); empty for extension-development runs. */
  extensionsDir?: string;
  /** Honour `?payload=` (extensionDevelopmentPath/extensionTestsPath); hides notification toasts. */
  smokeTestDriver?: boolean;
  /** 0 picks a free port. */
  port?: number;
  env?: Record<string, string>;
}

function requiredEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run through test/editor/run.sh or serve.sh (they source env.sh)`);
  return v;
}

export function recordPid(workDir: string, pid: number | undefined): void {
  if (pid) fs.appendFileSync(path.join(workDir, 'pids'), `${pid}\n`);
}

/** Ends a process group started detached here; resolves when its leader has exited. */
async function endGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // the group is already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // Children that outlive the leader (extension host, backend) share its group.
  signal('SIGKILL');
}

export class CodeServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly dir: string,
  ) {}

  static async start(opts: CodeServerOptions): Promise<CodeServer> {
    const dir = path.join(opts.workDir, opts.name);
    const home = path.join(dir, 'home');
    const userData = path.join(dir, 'user-data');
    for (const d of [home, path.join(dir, 'tmp'), path.join(userData, 'User')]) fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(WORKBENCH_SETTINGS, null, 2));
    const extensionsDir = opts.extensionsDir ?? path.join(dir, 'extensions');
    fs.mkdirSync(extensionsDir, { recursive: true });

    const node24 = requiredEnv('NODE24_HOME');
    const args = [
      // Started through Node 24 explicitly: bin/code-server is `#!/usr/bin/env node`, which would pick the
      // system Node, start, and then fail on the first page.
      requiredEnv('CODE_SERVER_ENTRY'),
      '--bind-addr', `127.0.0.1:${opts.port ?? 0}`,
      '--auth', 'none',
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
      '--user-data-dir', userData,
      '--extensions-dir', extensionsDir,
      ...(opts.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ];
    const log = fs.openSync(path.join(dir, 'code-server.log'), 'a');
    const child = spawn(path.join(node24, 'bin', 'node'), args, {
      detached: true,
      stdio: ['ignore', 'pipe', log],
      env: {
        ...process.env,
        PATH: `${path.join(node24, 'bin')}:${process.env.PATH ?? ''}`,
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, '.config'),
        XDG_DATA_HOME: path.join(home, '.local', 'share'),
        XDG_CACHE_HOME: path.join(home, '.cache'),
        TMPDIR: path.join(dir, 'tmp'),
        ...opts.env,
      },
    });
    fs.closeSync(log);
    recordPid(opts.workDir, child.pid);
    try {
      const url = await listeningUrl(child, path.join(dir, 'code-server.log'));
      return new CodeServer(child, url, dir);
    } catch (err) {
      await endGroup(child);
      throw err;
    }
  }

  /** The workbench URL opening `folder`, optionally with a smoke-test-driver payload. */
  folderUrl(folder: string, payload?: [string, string][]): string {
    const q = new URLSearchParams({ folder });
    if (payload) q.set('payload', JSON.stringify(payload));
    return `${this.url}/?${q.toString()}`;
  }

  /** A path on the server as the workbench addresses it (`vscode-remote://host:port/abs/path`). */
  remoteUri(absPath: string): string {
    return `vscode-remote://${new URL(this.url).host}${absPath}`;
  }

  stop(): Promise<void> {
    return endGroup(this.child);
  }
}

/** Resolves with the server's URL once it says it is listening (its stdout also goes to the log). */
function listeningUrl(child: ChildProcess, logFile: string, timeoutMs = 60000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(`code-server did not start within ${timeoutMs / 1000} s`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`${why}; log: ${logFile}\n${seen.slice(-2000)}`));
    };
    child.once('exit', (code, signal) => fail(`code-server exited (${signal ?? code}) before listening`));
    child.stdout!.on('data', (chunk: Buffer) => {
      fs.appendFileSync(logFile, chunk);
      seen += chunk.toString();
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
}

/** Quiet, deterministic workbench: no welcome page, tips, chat panel or update prompts in the screenshots. */
const WORKBENCH_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a fresh profile; its pid is recorded like code-server's. */
export async function launchBrowser(workDir: string): Promise<LaunchedBrowser> {
  const server: BrowserServer = await chromium.launchServer({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  recordPid(workDir, server.process().pid);
  const browser = await chromium.connect(server.wsEndpoint());
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      await server.close();
    },
  };
}
