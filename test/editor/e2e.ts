/**
 * Runs the Playwright UI tests (test/e2e/*.test.ts) with mocha against a code-server that has the staged
 * extension installed like a user's (a folder in --extensions-dir) and no smoke-test driver, so
 * notifications and dialogs behave as they do for a person.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import type { Browser } from 'playwright-core';
import { setE2eContext, closeWorkbench, currentWorkbench } from '../e2e/harness';
import { CodeServer } from './code-server';
import type { Tally } from './tally';
import type { Workspaces } from './workspaces';

export interface E2eOptions {
  workDir: string;
  extensionRoot: string;
  browser: Browser;
  workspaces: Workspaces;
  screenshots: string;
  testFiles: string[];
}

export async function runE2e(opts: E2eOptions): Promise<Tally> {
  const extensionsDir = path.join(opts.workDir, 'e2e-extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(opts.extensionRoot, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  fs.symlinkSync(opts.extensionRoot, path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`));
  fs.rmSync(opts.screenshots, { recursive: true, force: true });
  fs.mkdirSync(opts.screenshots, { recursive: true });

  const server = await CodeServer.start({ name: 'code-server-e2e', workDir: opts.workDir, extensionsDir });
  setE2eContext({ browser: opts.browser, server, workspaces: opts.workspaces, screenshots: opts.screenshots });
  try {
    const mocha = new Mocha({
      ui: 'bdd', color: false, timeout: 90000, reporter: 'spec',
      rootHooks: {
        // One screenshot per test, taken on the state the test ended in; FAILED-<name> when it failed.
        async afterEach(this: Mocha.Context) {
          const test = this.currentTest;
          const wb = currentWorkbench();
          if (test && wb) await wb.screenshot(test.title, test.state === 'failed' ? 'FAILED-' : '').catch(() => undefined);
          await closeWorkbench();
        },
      },
    });
    for (const f of opts.testFiles) mocha.addFile(f);
    await mocha.loadFilesAsync();
    return await new Promise<Tally>((resolve) => {
      const tally: Tally = { passed: 0, failed: 0 };
      const runner = mocha.run(() => resolve(tally));
      runner.on('pass', () => (tally.passed += 1));
      runner.on('fail', () => (tally.failed += 1));
    });
  } finally {
    await closeWorkbench();
    await server.stop();
  }
}
