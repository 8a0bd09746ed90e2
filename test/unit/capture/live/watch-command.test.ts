import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Command } from 'commander';
import { registerWatch } from '../../../../src/cli/commands/watch';
import type { GlobalOptions } from '../../../../src/cli/context';
import { Registry } from '../../../../src/core/registry';
import { tempDir, write } from './repo';

/** Runs `watch` in this process; `lines` fills as it prints and `waitFor` resolves on a matching line. */
function runWatch(argv: string[]) {
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (line: string) => void }[] = [];
  const real = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) {
      lines.push(line);
      for (const w of waiters.filter((x) => x.re.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
    return true;
  }) as typeof process.stdout.write;
  const program = new Command('mlops-lens').option('--json').option('--registry <path>').exitOverride();
  registerWatch(program, () => program.opts<GlobalOptions>());
  const done = program.parseAsync(argv, { from: 'user' }).finally(() => {
    process.stdout.write = real;
  });
  const waitFor = (re: RegExp, deadlineMs = 2000) => new Promise<string>((resolve, reject) => {
    const hit = lines.find((l) => re.test(l));
    if (hit) return resolve(hit);
    const timer = setTimeout(() => reject(new Error(`no line matching ${re} within ${deadlineMs} ms; got ${JSON.stringify(lines)}`)), deadlineMs);
    waiters.push({ re, resolve: (l) => { clearTimeout(timer); resolve(l); } });
  });
  return { lines, done, waitFor };
}

describe('mlops-lens watch', () => {
  it('prints a JSON line per run ingested and stops cleanly on SIGTERM', async () => {
    const root = tempDir('mlops-watch-cli-');
    const registry = path.join(root, '.mlops', 'registry.db');
    const w = runWatch(['--json', '--registry', registry, 'watch', root]);
    const ready = JSON.parse(await w.waitFor(/"type":"ready"/));
    assert.deepEqual([ready.root, ready.mode, ready.registry], [root, 'events', registry]);
    write(root, { 'lightning_logs/version_0/metrics.csv': 'epoch,step,loss\n0,0,1\n0,1,0.5\n' });
    const line = JSON.parse(await w.waitFor(/"type":"ingest"/));
    assert.equal(line.file, path.join(root, 'lightning_logs/version_0/metrics.csv'));
    assert.deepEqual([line.run.importer, line.run.name, line.run.created, line.run.metricsAdded], ['lightning', 'version_0', true, 4]);
    process.emit('SIGTERM');
    await w.done;
    assert.deepEqual(JSON.parse(w.lines[w.lines.length - 1]!), { type: 'stopped' });
    const reg = Registry.open(registry);
    try {
      assert.equal(reg.listRuns()[0]?.metrics.loss?.count, 2);
    } finally {
      reg.close();
    }
  });

  it('prints the catch-up import of runs written before it started as text', async () => {
    const root = tempDir('mlops-watch-cli-');
    write(root, { 'lightning_logs/version_2/metrics.csv': 'epoch,step,acc\n0,0,0.5\n' });
    const w = runWatch(['--registry', path.join(root, 'reg.db'), 'watch', root, '--exclude', 'ignored']);
    const line = await w.waitFor(/created/);
    assert.match(line, /^\d\d:\d\d:\d\d {2}created {2}lightning {3}lightning_logs\/version_2 {2}\+2 points {2}/);
    process.emit('SIGTERM');
    await w.done;
  });

  it('refuses a folder that does not exist', async () => {
    const missing = path.join(tempDir(), 'nope');
    await assert.rejects(runWatch(['watch', missing]).done, /no such folder/);
  });
});
