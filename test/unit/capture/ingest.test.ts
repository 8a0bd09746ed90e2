import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Registry } from '../../../src/core/registry';
import { Command } from 'commander';
import { registerIngest } from '../../../src/cli/commands/ingest';
import { findSources, ingestFile } from '../../../src/core/capture/ingest';
import { FIXTURES, LATER, workspace, type Workspace } from './helpers';

const ALL = ['mlflow', 'dvclive', 'huggingface', 'lightning', 'keras', 'ultralytics', 'tensorboard'];

describe('ingest', () => {
  let ws: Workspace;
  afterEach(() => ws.close());

  it('imports every fixture run once, with the problems of the malformed ones', async () => {
    ws = workspace(...ALL);
    const rep = await ws.ingest();
    // mlflow 2 (the deleted run is left out), dvclive 1, huggingface 1, lightning 1, keras 1, ultralytics 2, tensorboard 2.
    assert.equal(rep.runsCreated, 10);
    assert.equal(rep.runsUpdated, 0);
    // 4+2 mlflow, 7 dvclive, 25 huggingface, 12 lightning, 10 keras, 10+8 ultralytics, 8+2 tensorboard.
    assert.equal(rep.metricsAdded, 88);
    assert.deepEqual(rep.errors.map((e) => path.basename(e.path)).sort(), ['events.out.tfevents.1700000000.host.2.0', 'loss']);
  });

  it('adds nothing when run again on the same files', async () => {
    ws = workspace(...ALL);
    await ws.ingest();
    const before = ws.reg.counts();
    const rep = await ws.ingest();
    assert.deepEqual([rep.runsCreated, rep.runsUpdated, rep.metricsAdded], [0, 0, 0]);
    assert.deepEqual(ws.reg.counts(), before);
  });

  it('does not look into node_modules, .git, virtualenvs or excluded globs', async () => {
    ws = workspace();
    for (const d of ['node_modules/pkg', '.git/x', '.venv/lib', 'venv', 'skipme/deep']) {
      fs.cpSync(path.join(FIXTURES, 'keras'), path.join(ws.root, d), { recursive: true });
    }
    fs.cpSync(path.join(FIXTURES, 'keras'), path.join(ws.root, 'kept'), { recursive: true });
    const sources = findSources(ws.root, ['skipme']);
    assert.deepEqual(sources.map((s) => path.relative(ws.root, s.runPath)), ['kept/training.log']);
  });

  it('ends on a symlink loop', async () => {
    ws = workspace('keras');
    fs.symlinkSync(ws.root, path.join(ws.root, 'keras', 'loop'));
    const sources = findSources(ws.root);
    assert.deepEqual(sources.map((s) => s.importer.name), ['keras']);
  });

  it('imports the run of any one of its files (the watcher entry point)', async () => {
    ws = workspace('mlflow');
    const rep = await ingestFile(ws.reg, path.join(ws.root, 'mlflow/mlruns/1/a1b2c3d4e5f60718293a4b5c6d7e8f90/metrics/val/acc'), { now: LATER });
    assert.deepEqual([rep.runsCreated, rep.metricsAdded], [1, 4]);
  });

  it('ignores a file no importer claims', async () => {
    ws = workspace('keras');
    const rep = await ingestFile(ws.reg, path.join(ws.root, 'keras/notes.csv'));
    assert.deepEqual(rep, { runsCreated: 0, runsUpdated: 0, metricsAdded: 0, errors: [], runs: [] });
  });

  it('keeps a run that failed to write unchanged and reports it', async () => {
    ws = workspace('lightning');
    await ws.ingest();
    const run = ws.run('lightning', 'lightning/lightning_logs/version_0');
    const before = ws.reg.counts();
    ws.reg.db.exec(`CREATE TRIGGER no_more BEFORE INSERT ON metric_points BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    fs.appendFileSync(path.join(ws.root, 'lightning/lightning_logs/version_0/metrics.csv'), '2,4,0.4,,\r\n');
    const rep = await ws.ingest();
    assert.match(rep.errors[0]!.message, /not imported, registry unchanged: disk full/);
    assert.deepEqual(ws.reg.counts(), before);
    ws.reg.db.exec('DROP TRIGGER no_more');
    const retry = await ws.ingest();
    assert.equal(retry.metricsAdded, 2);
    assert.equal(ws.reg.getRun(run.id).metrics.train_loss!.count, 4);
  });
});

describe('mlops-lens ingest', () => {
  let ws: Workspace;
  afterEach(() => ws.close());

  async function run(args: string[]): Promise<{ out: string; err: string; code: number }> {
    const program = new Command().exitOverride().option('--json').option('--registry <path>');
    registerIngest(program, () => program.opts());
    let out = '';
    let err = '';
    const w1 = process.stdout.write.bind(process.stdout);
    const w2 = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((s: string) => { out += s; return true; }) as typeof process.stdout.write;
    process.stderr.write = ((s: string) => { err += s; return true; }) as typeof process.stderr.write;
    process.exitCode = undefined;
    try {
      await program.parseAsync(args, { from: 'user' });
    } finally {
      process.stdout.write = w1;
      process.stderr.write = w2;
    }
    const code = Number(process.exitCode ?? 0);
    process.exitCode = undefined;
    return { out, err, code };
  }

  it('prints the result as JSON and exits 1 when some files had problems', async () => {
    ws = workspace('tensorboard');
    const r = await run(['--json', '--registry', path.join(ws.root, '..', 'cli.db'), 'ingest', ws.root]);
    const json = JSON.parse(r.out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['runsCreated', 'runsUpdated', 'metricsAdded', 'errors']);
    assert.equal(json.runsCreated, 2);
    assert.equal(r.code, 1);
  });

  it('prints a line per run and problems as path:line on stderr, exit 0 when all imported', async () => {
    ws = workspace('keras');
    const r = await run(['--registry', path.join(ws.root, '..', 'cli.db'), 'ingest', ws.root]);
    assert.match(r.out, /^created {2}keras +keras\/training {2}\+10 points/m);
    assert.match(r.out, /1 runs created, 0 updated, 10 points added/);
    assert.equal(r.code, 0);
    fs.appendFileSync(path.join(ws.root, 'keras/training.log'), 'x,y\r\n');
    const again = await run(['--registry', path.join(ws.root, '..', 'cli.db'), 'ingest', ws.root]);
    assert.equal(again.err, `${path.join(ws.root, 'keras/training.log')}:5: row has 2 fields, the header has 5; row skipped\n`);
    assert.equal(again.code, 1);
  });

  it('records runs with no end marker as finished with --ended, as running without it while their files are fresh', async () => {
    ws = workspace('lightning');
    // Written just now, as in CI right after training.
    for (const f of fs.readdirSync(path.join(ws.root, 'lightning'), { recursive: true, withFileTypes: true })) {
      if (f.isFile()) fs.utimesSync(path.join(f.parentPath, f.name), new Date(), new Date());
    }
    const db = (name: string) => path.join(ws.root, '..', name);
    const status = (file: string) => {
      const reg = Registry.open(file);
      try {
        return reg.listRuns().map((x) => [x.status, x.endedAt !== null]);
      } finally {
        reg.close();
      }
    };
    assert.equal((await run(['--registry', db('fresh.db'), 'ingest', ws.root])).code, 0);
    assert.deepEqual(status(db('fresh.db')), [['running', false]]);
    assert.equal((await run(['--registry', db('ended.db'), 'ingest', '--ended', ws.root])).code, 0);
    assert.deepEqual(status(db('ended.db')), [['finished', true]]);
  });
});
