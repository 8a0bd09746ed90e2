/**
 * Runs the integration suites inside code-server's extension host: one window per suite, opened on the
 * suite's workspace with the smoke-test driver's payload (extensionDevelopmentPath + extensionTestsPath,
 * the @vscode/test-electron contract). The workbench calls `window.codeAutomationExit(code)` when the
 * extension host running the tests ends.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import type { Browser } from 'playwright-core';
import type { SuiteResults } from '../integration/index';
import { CodeServer } from './code-server';
import type { Tally } from './tally';

export interface IntegrationOptions {
  workDir: string;
  extensionRoot: string;
  browser: Browser;
  /** Suite folder name → the workspace its window opens. */
  workspaces: Record<string, string>;
  timeoutMs?: number;
}

export async function runIntegration(opts: IntegrationOptions): Promise<Tally> {
  const resultsDir = path.join(opts.workDir, 'integration-results');
  const server = await CodeServer.start({
    name: 'code-server-integration', workDir: opts.workDir, smokeTestDriver: true, env: { MLOPS_LENS_TEST_RESULTS: resultsDir },
  });
  const tally: Tally = { passed: 0, failed: 0 };
  try {
    for (const [suite, workspace] of Object.entries(opts.workspaces)) {
      const outcome = await runSuite(server, opts, suite, workspace);
      const file = path.join(resultsDir, `${suite}.json`);
      if (!fs.existsSync(file)) {
        console.log(`  ✗ integration/${suite}: the extension host ended (${outcome}) without results; see ${server.dir}`);
        tally.failed += 1;
        continue;
      }
      const r = JSON.parse(fs.readFileSync(file, 'utf8')) as SuiteResults;
      for (const t of r.passes) console.log(`  ✓ integration/${suite}: ${t}`);
      for (const f of r.failures) console.log(`  ✗ integration/${suite}: ${f.title}\n${indent(f.error)}`);
      tally.passed += r.passes.length;
      tally.failed += r.failures.length;
    }
  } finally {
    await server.stop();
  }
  return tally;
}

async function runSuite(server: CodeServer, opts: IntegrationOptions, suite: string, workspace: string): Promise<string> {
  const testsDir = path.join(opts.extensionRoot, 'out', 'test', 'integration', suite);
  const log = path.join(server.dir, `window-${suite}.log`);
  const page = await opts.browser.newPage();
  try {
    let exit!: (outcome: string) => void;
    const ended = new Promise<string>((resolve) => (exit = resolve));
    // The driver forwards the window's and the extension host's console here (the mocha spec output too).
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) =>
      fs.appendFileSync(log, `[${type}] ${format(...(args ?? []))}\n`));
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(`exit code ${code}`));
    page.on('crash', () => exit('page crashed'));
    const timer = setTimeout(() => exit('timed out'), opts.timeoutMs ?? 180000);
    await page.goto(server.folderUrl(workspace, [
      ['extensionDevelopmentPath', server.remoteUri(opts.extensionRoot)],
      ['extensionTestsPath', server.remoteUri(path.join(testsDir, 'index.js'))],
    ]));
    const outcome = await ended;
    clearTimeout(timer);
    return outcome;
  } finally {
    await page.close();
  }
}

function indent(s: string): string {
  return s.split('\n').slice(0, 12).map((l) => `      ${l}`).join('\n');
}
