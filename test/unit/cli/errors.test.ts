import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Registry } from '../../../src/core/registry';
import { VERSION } from '../../../src/version';
import { REPO_ROOT, cleanup, prng, startTs, tempDir } from '../registry/helpers';
import { runCli } from './helpers';

const CLI = path.join(REPO_ROOT, 'src', 'cli', 'index.ts');

function asideFiles(file: string): string[] {
  return fs.readdirSync(path.dirname(file)).filter((n) => n.startsWith(path.basename(file) + '.corrupt-'));
}

describe('mlops-lens with a bad registry', () => {
  afterEach(cleanup);

  it('exits 2 for a file of random bytes, names it on stderr and moves it aside unchanged', async () => {
    const file = path.join(tempDir(), 'registry.db');
    const rand = prng(3);
    const bytes = Buffer.from(Array.from({ length: 5000 }, () => Math.floor(rand() * 256)));
    fs.writeFileSync(file, bytes);
    const r = await runCli(['runs', 'list', '--json', '--registry', file]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    const aside = asideFiles(file);
    assert.equal(aside.length, 1);
    assert.equal(r.stderr, `mlops-lens: registry is damaged: ${file}: the file is not a SQLite database; moved aside to ${path.join(path.dirname(file), aside[0]!)}, a new registry will be created on the next start\n`);
    assert.ok(fs.readFileSync(path.join(path.dirname(file), aside[0]!)).equals(bytes));
  });

  it('exits 2 for a zero-length file and moves it aside', async () => {
    const file = path.join(tempDir(), 'registry.db');
    fs.writeFileSync(file, '');
    const r = await runCli(['status', '--registry', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^mlops-lens: registry is damaged: .*registry\.db: the file is empty \(zero bytes\); moved aside to /);
    assert.equal(asideFiles(file).length, 1);
  });

  it('exits 2 when the registry path is a folder', async () => {
    const file = path.join(tempDir(), 'registry.db');
    fs.mkdirSync(file);
    const r = await runCli(['status', '--registry', file]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `mlops-lens: cannot open registry: ${file}: this path is a folder, expected a SQLite file\n`);
  });

  it('exits 2 for a registry path under a regular file', async () => {
    const r = await runCli(['runs', 'list', '--registry', '/proc/version/registry.db']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'mlops-lens: cannot open registry: /proc/version/registry.db: a parent of this path is a file, not a folder\n');
  });

  it('exits 2 for a registry in a folder it cannot write', async () => {
    // Root ignores permission bits, so as root the unwritable folder is /proc.
    let file = '/proc/registry.db';
    if (process.getuid?.() !== 0) {
      const dir = tempDir();
      fs.chmodSync(dir, 0o555);
      file = path.join(dir, 'registry.db');
    }
    const r = await runCli(['status', '--json', '--registry', file]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.ok(r.stderr.startsWith(`mlops-lens: cannot create registry: ${file}: `), r.stderr);
  });

  it('shows the stack only with --verbose', async () => {
    const file = path.join(tempDir(), 'registry.db');
    fs.mkdirSync(file);
    const quiet = await runCli(['status', '--registry', file]);
    assert.equal(quiet.stderr.split('\n').length, 2);
    const verbose = await runCli(['status', '--verbose', '--registry', file]);
    assert.match(verbose.stderr, /\n\s+at /);
  });
});

describe('mlops-lens as a child process', function () {
  this.timeout(60_000);
  afterEach(cleanup);

  it('finds the workspace registry from a subfolder and prints status as JSON', async () => {
    const ws = tempDir();
    const file = path.join(ws, '.mlops', 'registry.db');
    const reg = Registry.open(file);
    reg.startRun({ experiment: 'e', sourceKind: 'cli' });
    reg.close();
    const sub = path.join(ws, 'src', 'models');
    fs.mkdirSync(sub, { recursive: true });
    const r = await startTs(CLI, ['status', '--json'], sub).done;
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    const status = JSON.parse(r.stdout) as { version: string; registry: string; counts: { runs: number } };
    assert.equal(status.version, VERSION);
    assert.equal(status.registry, file);
    assert.equal(status.counts.runs, 1);
  });

  it('prints runs as JSON with non-finite numbers as strings', async () => {
    const file = path.join(tempDir(), 'registry.db');
    const reg = Registry.open(file);
    const id = reg.startRun({ experiment: 'e', sourceKind: 'cli' });
    reg.logMetrics(id, [{ key: 'loss', step: 0, ts: 0, value: Number.NaN }]);
    reg.close();
    const r = await startTs(CLI, ['runs', 'list', '--json', '--registry', file]).done;
    assert.equal(r.code, 0);
    assert.match(r.stdout, /"last": "NaN"/);
    assert.equal((JSON.parse(r.stdout) as { id: string }[])[0]!.id, id);
  });

  it('exits 2 with the message on stderr for a usage error and for a damaged registry', async () => {
    const usage = await startTs(CLI, ['runs', 'list', '--status', 'bogus']).done;
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /^mlops-lens: usage: option '-s, --status <status>' argument 'bogus' is invalid/);
    const file = path.join(tempDir(), 'registry.db');
    fs.writeFileSync(file, 'not a database');
    const damaged = await startTs(CLI, ['status', '--registry', file]).done;
    assert.equal(damaged.code, 2);
    assert.equal(damaged.stdout, '');
    assert.match(damaged.stderr, /^mlops-lens: registry is damaged: .*registry\.db: the file is not a SQLite database; moved aside to /);
  });
});
