/**
 * `npm run test:editor` after set-up and staging (run.sh): both kinds of editor tests, one browser.
 * usage: node --import tsx test/editor/main.ts WORK_DIR STAGED_EXTENSION
 * Prints each kind's tally and writes the sum to WORK_DIR/summary (run.sh prints it last, after clean-up).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser } from './code-server';
import { runE2e } from './e2e';
import { runIntegration } from './integration';
import { add, summary, type Tally } from './tally';
import { prepareWorkspaces } from './workspaces';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Tests counted so far: a run that breaks off half-way still reports them, plus one failure. */
let total: Tally = { passed: 0, failed: 0 };

async function main(workDir: string, extensionRoot: string): Promise<void> {
  const workspaces = prepareWorkspaces(repoRoot, workDir);
  const { browser, close } = await launchBrowser(workDir);
  try {
    const t0 = Date.now();
    const integration = await runIntegration({ workDir, extensionRoot, browser, workspaces: { sample: workspaces.sample, empty: workspaces.empty } });
    console.log(`integration: ${summary(integration)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    total = add(total, integration);

    const t1 = Date.now();
    const e2eDir = path.join(repoRoot, 'test', 'e2e');
    const testFiles = fs.readdirSync(e2eDir).filter((f) => f.endsWith('.test.ts')).sort().map((f) => path.join(e2eDir, f));
    const e2e = await runE2e({ workDir, extensionRoot, browser, workspaces, screenshots: path.join(e2eDir, 'screenshots'), testFiles });
    console.log(`e2e: ${summary(e2e)} (${((Date.now() - t1) / 1000).toFixed(0)} s)`);
    total = add(total, e2e);
  } finally {
    await close();
  }
}

const [workDir, extensionRoot] = process.argv.slice(2);
if (!workDir || !extensionRoot) {
  console.error('usage: node --import tsx test/editor/main.ts WORK_DIR STAGED_EXTENSION');
  process.exit(2);
}
main(workDir, extensionRoot).catch((err: unknown) => {
  console.error('editor tests broke off:', err instanceof Error ? err.stack : err);
  total = add(total, { passed: 0, failed: 1 });
}).finally(() => {
  fs.writeFileSync(path.join(workDir, 'summary'), `${summary(total)}\n`);
  process.exit(total.failed === 0 && total.passed > 0 ? 0 : 1);
});
