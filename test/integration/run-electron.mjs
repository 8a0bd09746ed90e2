// npm run test:electron: the integration suites in desktop VS Code through @vscode/test-electron, for
// machines that can download VS Code. It cannot run on the project's own machines and CI (only the npm
// registry and Debian are reachable there): `npm run test:editor` runs the same suites in code-server.
//
// Desktop VS Code forks the backend with its Electron binary (process.execPath), so better-sqlite3 must be
// built for that Electron, not for the system Node the unit tests use. The release packaging step does this
// with @electron/rebuild; before running these tests do the same, e.g.
//   npx @electron/rebuild --version <Electron version printed below> --only better-sqlite3
// (and `npm rebuild better-sqlite3` afterwards to get the unit tests' build back).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { tsImport } from 'tsx/esm/api';
import { buildIntegrationTests, suites } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-electron-'));
const resultsDir = path.join(work, 'results');

const vscodeExecutablePath = await downloadAndUnzipVSCode(process.env.VSCODE_TEST_VERSION ?? 'stable');
const asNode = (args) => execFileSync(vscodeExecutablePath, args, { cwd: root, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8' });
const electron = asNode(['-p', 'process.versions.electron']).trim();
try {
  asNode(['-e', "new (require('better-sqlite3'))(':memory:').close()"]);
} catch {
  console.error(`mlops-lens: test:electron: node_modules/better-sqlite3: not built for VS Code's Electron ${electron}; ` +
    `run npx @electron/rebuild --version ${electron} --only better-sqlite3 first`);
  process.exit(2);
}

const testsRoot = await buildIntegrationTests(root);
const { prepareWorkspaces } = await tsImport('../editor/workspaces.ts', import.meta.url);
const workspaces = prepareWorkspaces(root, work);

let passed = 0;
let failed = 0;
for (const suite of suites()) {
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(testsRoot, suite, 'index.js'),
      extensionTestsEnv: { MLOPS_LENS_TEST_RESULTS: resultsDir },
      launchArgs: [workspaces[suite], '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } catch (err) {
    console.error(`integration/${suite}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const file = path.join(resultsDir, `${suite}.json`);
  if (!fs.existsSync(file)) {
    failed += 1;
    continue;
  }
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += r.passes.length;
  failed += r.failures.length;
}
fs.rmSync(work, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
