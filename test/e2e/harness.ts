/**
 * What the e2e runner (test/editor/e2e.ts) hands the UI tests, and the one workbench page a test has open.
 * Kept on globalThis so the runner and the test files share it however the loader instantiates modules.
 */
import type { Browser } from 'playwright-core';
import type { CodeServer } from '../editor/code-server';
import type { Workspaces } from '../editor/workspaces';
import type { Workbench } from './workbench';

export interface E2eContext {
  browser: Browser;
  server: CodeServer;
  workspaces: Workspaces;
  screenshots: string;
}

interface Shared {
  context?: E2eContext;
  workbench?: Workbench;
}
const shared: Shared = ((globalThis as { __mlopsLensE2e?: Shared }).__mlopsLensE2e ??= {});

export function setE2eContext(c: E2eContext): void {
  shared.context = c;
}

export function e2eContext(): E2eContext {
  if (!shared.context) throw new Error('the e2e tests run through test/editor/run.sh (npm run test:editor)');
  return shared.context;
}

export function setCurrentWorkbench(wb: Workbench | undefined): void {
  shared.workbench = wb;
}

export function currentWorkbench(): Workbench | undefined {
  return shared.workbench;
}

export async function closeWorkbench(): Promise<void> {
  const wb = shared.workbench;
  shared.workbench = undefined;
  await wb?.close();
}
