import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LOGGER_RUNS_TAG, TERMINAL_RUN_TAG } from '../../../../src/core/capture/terminal-links';
import { TerminalRunTracker } from '../../../../src/core/capture/terminal-runs';
import { startWatcher, type Watcher, type WatcherOptions } from '../../../../src/core/capture/watcher';
import { defaultConfig, type LensConfig } from '../../../../src/core/config';
import { Registry } from '../../../../src/core/registry';
import { WatchEvents } from './events';
import { tempDir, write } from './repo';

describe('workspace watcher', () => {
  let root: string;
  let reg: Registry;
  let events: WatchEvents;
  let watcher: Watcher | undefined;

  beforeEach(() => {
    root = tempDir('mlops-watch-');
    reg = Registry.open(path.join(root, '.mlops', 'registry.db'));
    events = new WatchEvents();
  });

  afterEach(async () => {
    await watcher?.close();
    watcher = undefined;
    reg.close();
  });

  const start = async (options: WatcherOptions = {}) => {
    watcher = startWatcher(reg, root, { onIngest: events.onIngest, onProblem: events.onProblem, ...options });
    await watcher.ready;
    return watcher;
  };
  const config = (over: Partial<LensConfig>): LensConfig => ({ ...defaultConfig(root), ...over });
  const points = (runName: string, key: string): number => {
    const run = reg.listRuns().find((r) => r.name === runName);
    return run?.metrics[key]?.count ?? 0;
  };

  it('imports a Lightning metrics.csv as it is written, each step within a second', async () => {
    await start();
    const dir = path.join(root, 'lightning_logs', 'version_0');
    write(dir, { 'hparams.yaml': 'lr: 0.01\nbatch_size: 32\n', 'metrics.csv': 'epoch,step,train_loss\n0,0,2.5\n' });
    await events.until('first row imported', () => points('version_0', 'train_loss') === 1);
    const rows = ['0,1,2.25\n', '1,2,2.0\n', '1,3,1.75\n'];
    for (let i = 0; i < rows.length; i++) {
      fs.appendFileSync(path.join(dir, 'metrics.csv'), rows[i]!);
      await events.until(`row ${i + 2} imported`, () => points('version_0', 'train_loss') === i + 2);
    }
    const run = reg.listRuns().find((r) => r.name === 'version_0')!;
    assert.deepEqual(run.params, { lr: '0.01', batch_size: '32' });
    assert.deepEqual(reg.metricHistory(run.id, 'train_loss').map((p) => [p.step, p.value]), [[0, 2.5], [1, 2.25], [2, 2.0], [3, 1.75]]);
  });

  it('imports an MLflow metric file as lines are appended, each within a second', async () => {
    write(root, {
      'mlruns/7/meta.yaml': 'experiment_id: \'7\'\nname: churn\nlifecycle_stage: active\n',
      'mlruns/7/abc123/meta.yaml': 'run_id: abc123\nrun_name: live\nexperiment_id: \'7\'\nstatus: 1\nstart_time: 1700000000000\nlifecycle_stage: active\n',
    });
    await start();
    const metric = path.join(root, 'mlruns/7/abc123/metrics/loss');
    write(root, { 'mlruns/7/abc123/metrics/loss': '1700000001000 0.9 0\n' });
    await events.until('first point imported', () => points('live', 'loss') === 1);
    const lines = ['1700000002000 0.8 1\n', '1700000003000 0.7 2\n', '1700000004000 0.6 3\n'];
    for (let i = 0; i < lines.length; i++) {
      fs.appendFileSync(metric, lines[i]!);
      await events.until(`point ${i + 2} imported`, () => points('live', 'loss') === i + 2);
    }
    const run = reg.listRuns().find((r) => r.name === 'live')!;
    assert.equal(run.experiment, 'churn');
    assert.deepEqual(reg.metricHistory(run.id, 'loss').map((p) => [p.step, p.ts, p.value]),
      [[0, 1700000001000, 0.9], [1, 1700000002000, 0.8], [2, 1700000003000, 0.7], [3, 1700000004000, 0.6]]);
  });

  it('imports what was written while nothing watched before it reports ready', async () => {
    write(root, { 'lightning_logs/version_3/metrics.csv': 'epoch,step,acc\n0,0,0.5\n0,1,0.6\n' });
    await start();
    assert.equal(points('version_3', 'acc'), 2);
    assert.equal(events.ingests[0]?.file, null);
  });

  it('ignores node_modules, .venv and configured exclude globs', async () => {
    await start({ config: config({ exclude: ['scratch', 'tmp/**/old_*'] }) });
    const csv = 'epoch,step,loss\n0,0,1\n';
    write(root, {
      'node_modules/pkg/lightning_logs/version_1/metrics.csv': csv,
      '.venv/lib/lightning_logs/version_2/metrics.csv': csv,
      'scratch/lightning_logs/version_3/metrics.csv': csv,
      'tmp/a/old_logs/version_4/metrics.csv': csv,
    });
    write(root, { 'lightning_logs/version_5/metrics.csv': csv });
    await events.until('the watched run imported', () => points('version_5', 'loss') === 1);
    assert.deepEqual(reg.listRuns().map((r) => r.name), ['version_5']);
    assert.ok(events.ingests.every((e) => e.file === null || !/node_modules|\.venv|scratch|old_logs/.test(e.file)));
  });

  it('watches a folder deleted and made again under the same name', async () => {
    write(root, { 'lightning_logs/version_0/metrics.csv': 'epoch,step,loss\n0,0,1\n' });
    await start();
    fs.rmSync(path.join(root, 'lightning_logs'), { recursive: true });
    write(root, { 'lightning_logs/version_1/metrics.csv': 'epoch,step,loss\n0,0,2\n' });
    await events.until('run in the new folder imported', () => points('version_1', 'loss') === 1);
    fs.appendFileSync(path.join(root, 'lightning_logs/version_1/metrics.csv'), '0,1,1.5\n');
    await events.until('appended row imported', () => points('version_1', 'loss') === 2);
  });

  it('starts and imports in a tree with a symbolic link loop', async () => {
    write(root, { 'a/b/readme.txt': 'x' });
    fs.symlinkSync('..', path.join(root, 'a', 'b', 'up'));
    fs.symlinkSync(path.join(root, 'a'), path.join(root, 'a', 'b', 'again'));
    await start();
    write(root, { 'a/lightning_logs/version_0/metrics.csv': 'epoch,step,loss\n0,0,3\n' });
    await events.until('run in the looped tree imported', () => points('version_0', 'loss') === 1);
  });

  it('reports running out of file watches once and keeps importing the output folders by polling', async () => {
    write(root, { 'lightning_logs/version_0/metrics.csv': 'epoch,step,loss\n0,0,1\n', 'out/keep.txt': '', 'src/a/b.py': '', 'src/c/d.py': '' });
    // The kernel's limit, simulated: the third folder's watch is refused as inotify refuses it.
    let calls = 0;
    const watchDir = (dir: string, listener: (event: string, name: string | Buffer | null) => void) => {
      if (++calls === 3) throw Object.assign(new Error(`ENOSPC: System limit for number of file watchers reached, watch '${dir}'`), { code: 'ENOSPC' });
      return fs.watch(dir, listener);
    };
    const w = await start({ config: config({ outputs: ['out'] }), pollIntervalMs: 100, watchDir });
    await events.until('the fallback reported', () => events.problems.length > 0);
    assert.equal(w.mode, 'polling');
    assert.deepEqual(w.roots, [path.join(root, 'lightning_logs'), path.join(root, 'out')]);
    assert.equal(events.problems.length, 1);
    assert.match(events.problems[0]!.message, /ran out of file watches \(ENOSPC.*\); polling only lightning_logs, out from now on/);
    fs.appendFileSync(path.join(root, 'lightning_logs/version_0/metrics.csv'), '0,1,0.5\n');
    await events.until('appended row imported by polling', () => points('version_0', 'loss') === 2);
    assert.equal(events.problems.length, 1);
  });

  it('polls only the output folders when asked to poll', async () => {
    write(root, { 'results/keep.txt': '', 'elsewhere/keep.txt': '' });
    const w = await start({ polling: true, pollIntervalMs: 100, config: config({ outputs: ['results'] }) });
    assert.deepEqual([w.mode, w.roots], ['polling', [path.join(root, 'results')]]);
    write(root, { 'elsewhere/lightning_logs/version_9/metrics.csv': 'epoch,step,loss\n0,0,1\n' });
    write(root, { 'results/lightning_logs/version_0/metrics.csv': 'epoch,step,loss\n0,0,1\n' });
    await events.until('the polled run imported', () => points('version_0', 'loss') === 1);
    assert.deepEqual(reg.listRuns().map((r) => r.name), ['version_0']);
  });

  it('reports a problem that every poll finds again only once', async () => {
    write(root, {
      'results/dvclive/metrics.json': '{"loss": 1}',
      'results/dvclive/plots/metrics/loss.tsv': 'step\tloss\n0\t1\n',
      'results/dvclive/dvc.yaml': 'artifacts: [unclosed\n',
    });
    await start({ polling: true, pollIntervalMs: 100, config: config({ outputs: ['results'] }) });
    await events.until('the run imported', () => points('dvclive', 'loss') === 1);
    write(root, { 'results/dvclive/plots/metrics/loss.tsv': 'step\tloss\n0\t1\n1\t0.5\n' });
    await events.until('the appended point imported', () => points('dvclive', 'loss') === 2);
    // Several sweeps of the polled folder (one a second at this interval) and a changed file in between.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const yaml = events.problems.filter((p) => p.path === path.join(root, 'results/dvclive/dvc.yaml'));
    assert.equal(yaml.length, 1, JSON.stringify(events.problems));
    assert.match(yaml[0]!.message, /invalid YAML/);
  });

  it('says so when asked to poll and there is no output folder', async () => {
    const w = await start({ polling: true });
    assert.deepEqual(w.roots, []);
    assert.match(events.problems[0]!.message, /^nothing to poll: no output folders found/);
  });

  it('links logger runs and model files written during a tracked terminal run to that run', async () => {
    const tracker = new TerminalRunTracker(reg, { graceMs: 5000 });
    await start({ tracker });
    const terminal = await tracker.start({ commandLine: 'python train.py --epochs 2', cwd: root });
    write(root, { 'lightning_logs/version_0/metrics.csv': 'epoch,step,loss\n0,0,1\n' });
    const weights = Buffer.from('not really a model, just bytes to hash');
    write(root, { 'checkpoints/best.ckpt': weights });
    await events.until('logger run linked', () => reg.getRun(terminal).artifacts.some((a) => a.kind === 'logger'));
    // A model is hashed once its writes stop (1 s of quiet by default), so it may take longer than a metric.
    await events.until('model recorded', () => reg.getRun(terminal).artifacts.some((a) => a.kind === 'model'));
    assert.deepEqual(events.ingests.filter((e) => e.models.length).map((e) => [e.file, e.terminalRun, e.models]),
      [[path.join(root, 'checkpoints/best.ckpt'), terminal, [path.join(root, 'checkpoints/best.ckpt')]]]);
    const logger = reg.listRuns().find((r) => r.name === 'version_0')!;
    assert.equal(reg.getRun(logger.id).tags[TERMINAL_RUN_TAG], terminal);
    const detail = reg.getRun(terminal);
    assert.equal(detail.tags[LOGGER_RUNS_TAG], logger.id);
    assert.deepEqual(detail.artifacts.map((a) => [a.kind, a.path, a.sha256, a.bytes]), [
      ['model', path.join(root, 'checkpoints/best.ckpt'), createHash('sha256').update(weights).digest('hex'), weights.length],
      ['logger', path.join(root, 'lightning_logs/version_0'), null, null],
    ]);
    await tracker.end(terminal, { exitCode: 0 });
  });

  it('links files imported before the backend heard of the command that wrote them, once it does', async () => {
    // The editor reports a command after it began, and a fast script writes its logs before that report arrives.
    const tracker = new TerminalRunTracker(reg, { graceMs: 5000 });
    await start({ tracker, modelQuietMs: 10 });
    const began = Date.now();
    // The model's short quiet time puts it ahead of the logger files in the queue: once they are in, it was seen.
    write(root, { 'checkpoints/best.ckpt': 'weights' });
    // A file written well before the command began is not its output.
    const old = path.join(root, 'lightning_logs/version_9/metrics.csv');
    write(root, { 'lightning_logs/version_9/metrics.csv': 'epoch,step,loss\n0,0,7\n' });
    fs.utimesSync(old, new Date(began - 30_000), new Date(began - 30_000));
    write(root, { 'lightning_logs/version_0/metrics.csv': 'epoch,step,loss\n0,0,1\n' });
    await events.until('logger runs imported', () => points('version_0', 'loss') === 1 && points('version_9', 'loss') === 1);
    const logger = reg.listRuns().find((r) => r.name === 'version_0')!;
    assert.equal(reg.getRun(logger.id).tags[TERMINAL_RUN_TAG], undefined);
    const terminal = await tracker.start({ commandLine: 'python train.py', cwd: root, startedAt: began });
    await events.until('logger run linked', () => reg.getRun(logger.id).tags[TERMINAL_RUN_TAG] === terminal);
    await events.until('model recorded', () => reg.getRun(terminal).artifacts.some((a) => a.kind === 'model'));
    assert.deepEqual(reg.getRun(terminal).artifacts.map((a) => [a.kind, a.path]).sort(), [
      ['logger', path.join(root, 'lightning_logs/version_0')],
      ['model', path.join(root, 'checkpoints/best.ckpt')],
    ]);
    assert.equal(reg.getRun(terminal).tags[LOGGER_RUNS_TAG], logger.id);
    const stale = reg.listRuns().find((r) => r.name === 'version_9')!;
    assert.equal(reg.getRun(stale.id).tags[TERMINAL_RUN_TAG], undefined);
    const late = events.ingests.find((e) => e.terminalRun === terminal && e.runs.length > 0)!;
    assert.deepEqual(late.runs.map((r) => [r.id, r.created, r.metricsAdded]), [[logger.id, false, 0]]);
    await tracker.end(terminal, { exitCode: 0 });
  });

  it('sees a run judged running by recent writes stop, once its files have been quiet for the activity window', async () => {
    // Lightning's CSV has no end marker: a run is running while its files change. The clock jumps past the
    // two-minute window instead of the test waiting for it.
    let skew = 0;
    await start({ settleMs: 300, now: () => Date.now() + skew });
    const status = (name: string) => reg.listRuns().find((r) => r.name === name)?.status;
    write(root, { 'lightning_logs/version_0/metrics.csv': 'epoch,step,loss\n0,0,1\n' });
    await events.until('run imported as running', () => status('version_0') === 'running');
    skew = 121_000;
    await events.until('run finished once quiet', () => status('version_0') === 'finished');
    const run = reg.listRuns().find((r) => r.name === 'version_0')!;
    assert.equal(run.endedAt, new Date(fs.statSync(path.join(root, 'lightning_logs/version_0/metrics.csv')).mtimeMs).toISOString());
    assert.ok(events.ingests.some((e) => e.runs.some((r) => r.id === run.id && !r.created)), 'the change reaches the views');
  });

  it('sees runs imported at start as running stop too', async () => {
    let skew = 0;
    write(root, { 'lightning_logs/version_3/metrics.csv': 'epoch,step,loss\n0,0,1\n' });
    await start({ settleMs: 300, now: () => Date.now() + skew });
    assert.equal(reg.listRuns().find((r) => r.name === 'version_3')?.status, 'running');
    skew = 121_000;
    await events.until('run finished', () => reg.listRuns().find((r) => r.name === 'version_3')?.status === 'finished');
  });

  it('reports a malformed row with its file and line and keeps importing the rest', async () => {
    await start();
    write(root, { 'lightning_logs/version_0/metrics.csv': 'epoch,step,loss\n0,0,1\n0,1\n0,2,0.5\n' });
    write(root, { 'lightning_logs/version_1/metrics.csv': 'epoch,step,loss\n0,0,9\n' });
    await events.until('both runs imported', () => points('version_0', 'loss') === 2 && points('version_1', 'loss') === 1);
    const file = path.join(root, 'lightning_logs/version_0/metrics.csv');
    assert.deepEqual(events.problems.map((p) => [p.path, p.line]), [[file, 3]]);
  });

  it('records no model artifact when no terminal run claims the file', async () => {
    // The model's short quiet time puts it ahead of the logger file in the queue: once the logger run is in, the model was seen.
    await start({ modelQuietMs: 10 });
    write(root, { 'model.onnx': 'bytes' });
    write(root, { 'lightning_logs/version_0/metrics.csv': 'epoch,step,loss\n0,0,1\n' });
    await events.until('logger run imported', () => points('version_0', 'loss') === 1);
    assert.deepEqual(reg.listRuns().flatMap((r) => reg.getRun(r.id).artifacts), []);
    assert.ok(events.ingests.every((e) => e.models.length === 0));
  });

  it('stops when its abort signal fires', async () => {
    const ac = new AbortController();
    const w = await start({ signal: ac.signal });
    ac.abort();
    await w.close();
    assert.equal(events.problems.length, 0);
  });
});
