/**
 * The in-host test runner (the `extensionTestsPath` contract shared by code-server's smoke-test driver and
 * `@vscode/test-electron`): VS Code loads this module inside the extension host and awaits `run()`.
 * Each suite folder is bundled with its own copy of this runner, which runs the `*.test.js` beside it and
 * writes `<results dir>/<suite>.json` for the driver to read (the host's stdout is not always visible).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface SuiteResults {
  suite: string;
  passes: string[];
  failures: { title: string; error: string }[];
  durationMs: number;
}

export function run(): Promise<void> {
  const suite = path.basename(__dirname);
  const dir = process.env.MLOPS_LENS_TEST_RESULTS ?? path.join(os.tmpdir(), 'mlops-lens-test-results');
  const results: SuiteResults = { suite, passes: [], failures: [], durationMs: 0 };
  const t0 = Date.now();
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30000, reporter: 'spec' });
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      results.durationMs = Date.now() - t0;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${suite}.json`), `${JSON.stringify(results, null, 2)}\n`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed in ${suite}`));
      else resolve();
    });
    runner.on('pass', (t) => results.passes.push(t.fullTitle()));
    runner.on('fail', (t, err: unknown) => results.failures.push({ title: t.fullTitle(), error: err instanceof Error ? err.stack ?? err.message : String(err) }));
  });
}
