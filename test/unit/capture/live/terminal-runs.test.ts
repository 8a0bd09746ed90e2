import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT_UNKNOWN_TAG, TRACKER_TAG, TerminalRunTracker, dataFilesInArgs, statusOfExit, trainingPatterns } from '../../../../src/core/capture/terminal-runs';
import { defaultConfig, loadConfig } from '../../../../src/core/config';
import { MlopsError, type Problem } from '../../../../src/core/errors';
import { Registry } from '../../../../src/core/registry';
import { gitIn, makeRepo, tempDir, write } from './repo';

const sha256sum = (file: string) => execFileSync('sha256sum', ['-b', file], { encoding: 'utf8' }).split(' ')[0]!;

describe('terminal runs', () => {
  let regDir: string;
  let reg: Registry;

  beforeEach(() => {
    regDir = tempDir('mlops-reg-');
    reg = Registry.open(path.join(regDir, 'registry.db'));
  });
  afterEach(() => reg.close());

  it('creates a running terminal run with command, cwd, git and params', async () => {
    const repo = makeRepo({ 'train.py': 'print(1)\n' });
    const tracker = new TerminalRunTracker(reg, { registryDir: regDir });
    const line = 'python train.py --lr 0.01 --epochs 3 trainer.precision=16 --amp';
    const id = await tracker.start({ commandLine: line, cwd: repo, startedAt: 1_700_000_000_000 });
    await tracker.settled(id);
    const run = reg.getRun(id);
    assert.equal(run.status, 'running');
    assert.deepEqual(run.source, { kind: 'terminal', importer: null, path: null });
    assert.equal(run.command, line);
    assert.equal(run.cwd, repo);
    assert.equal(run.startedAt, '2023-11-14T22:13:20.000Z');
    assert.deepEqual(run.git, { commit: gitIn(repo, 'rev-parse', 'HEAD'), branch: 'main', dirty: false });
    assert.deepEqual(run.params, { lr: '0.01', epochs: '3', 'trainer.precision': '16', amp: 'true' });
    assert.equal(run.experiment, 'train.py');
    assert.deepEqual(run.artifacts, []);
  });

  it('saves the uncommitted changes of a dirty repository as a patch artifact', async () => {
    const repo = makeRepo({ 'train.py': 'lr = 0.1\n' });
    write(repo, { 'train.py': 'lr = 0.5\n', 'helper.py': 'x = 1\n' });
    const tracker = new TerminalRunTracker(reg, { registryDir: regDir });
    const id = await tracker.start({ commandLine: 'python train.py', cwd: repo });
    await tracker.settled(id);
    const run = reg.getRun(id);
    assert.equal(run.git?.dirty, true);
    const patch = run.artifacts.find((a) => a.kind === 'patch');
    assert.ok(patch, 'a patch artifact');
    assert.equal(path.dirname(patch.path), path.join(regDir, 'artifacts'));
    assert.equal(patch.sha256, sha256sum(patch.path));
    assert.equal(patch.bytes, fs.statSync(patch.path).size);
    const text = fs.readFileSync(patch.path, 'utf8');
    assert.match(text, /^-lr = 0\.1$/m);
    assert.match(text, /^\+lr = 0\.5$/m);
    assert.match(text, /^\+x = 1$/m);
  });

  it('runs in the config folder when the shell did not say where', async () => {
    const dir = tempDir();
    const tracker = new TerminalRunTracker(reg, { config: defaultConfig(dir) });
    const id = await tracker.start({ commandLine: 'python train.py', cwd: null });
    assert.equal(reg.getRun(id).cwd, dir);
  });

  it('reports a patch that cannot be written and keeps the run', async () => {
    const repo = makeRepo({ 'a.py': 'a = 1\n' });
    write(repo, { 'a.py': 'a = 2\n' });
    const blocked = path.join(tempDir(), 'not-a-folder');
    fs.writeFileSync(blocked, '');
    const problems: Problem[] = [];
    const tracker = new TerminalRunTracker(reg, { registryDir: blocked, onProblem: (p) => problems.push(p) });
    const id = await tracker.start({ commandLine: 'python a.py', cwd: repo });
    await tracker.settled(id);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /^cannot save the uncommitted changes: .*ENOTDIR/);
    assert.deepEqual([reg.getRun(id).git?.dirty, reg.getRun(id).artifacts], [true, []]);
  });

  it('records no git outside a repository', async () => {
    const dir = tempDir();
    const tracker = new TerminalRunTracker(reg);
    const id = await tracker.start({ commandLine: 'python train.py', cwd: dir });
    assert.equal(reg.getRun(id).git, null);
  });

  it('hashes data files named in the arguments and links them as inputs', async () => {
    const dir = tempDir();
    write(dir, { 'data/train.csv': 'x,y\n1,2\n', 'cfg.yaml': 'a: 1\n' });
    const tracker = new TerminalRunTracker(reg);
    const id = await tracker.start({ commandLine: 'python train.py --data data/train.csv config=cfg.yaml --out results/ --resume old.pt', cwd: dir });
    await tracker.settled(id);
    assert.deepEqual(reg.inputs(id).map((d) => [path.relative(dir, d.path), d.sha256, d.bytes]), [
      ['cfg.yaml', sha256sum(path.join(dir, 'cfg.yaml')), 5],
      ['data/train.csv', sha256sum(path.join(dir, 'data/train.csv')), 8],
    ]);
  });

  it('links the files of the configured data folders as inputs', async () => {
    const dir = tempDir();
    write(dir, { 'mlops-lens.toml': 'data = ["datasets"]\n', 'datasets/a.parquet': 'PAR1', 'datasets/sub/b.csv': 'b\n', 'datasets/.hidden': 'h' });
    const tracker = new TerminalRunTracker(reg, { config: loadConfig(dir) });
    const id = await tracker.start({ commandLine: 'python train.py', cwd: dir });
    await tracker.settled(id);
    assert.deepEqual(reg.inputs(id).map((d) => path.relative(dir, d.path)), ['datasets/a.parquet', 'datasets/sub/b.csv']);
  });

  it('reports a configured data folder that does not exist, and still creates the run', async () => {
    const dir = tempDir();
    const problems: Problem[] = [];
    const tracker = new TerminalRunTracker(reg, { config: { ...defaultConfig(dir), data: ['nowhere'] }, onProblem: (p) => problems.push(p) });
    const id = await tracker.start({ commandLine: 'python train.py', cwd: dir });
    await tracker.settled(id);
    assert.deepEqual(problems, [{ path: path.join(dir, 'nowhere'), line: null, message: 'configured data path cannot be read: ENOENT' }]);
  });

  describe('end', () => {
    const cases: [number | undefined, string][] = [[0, 'finished'], [1, 'failed'], [2, 'failed'], [130, 'killed'], [137, 'killed'], [143, 'killed'], [undefined, 'killed']];
    for (const [code, status] of cases) {
      it(`marks exit code ${code} as ${status}`, async () => {
        const tracker = new TerminalRunTracker(reg);
        const id = await tracker.start({ commandLine: 'python train.py', cwd: tempDir(), startedAt: 1000 });
        await tracker.end(id, { exitCode: code, endedAt: 5000 });
        const run = reg.getRun(id);
        assert.deepEqual([run.status, run.exitCode, run.endedAt], [status, code ?? null, '1970-01-01T00:00:05.000Z']);
      });
    }

    it('maps exit codes without a tracker instance too, null as unknown', () => {
      assert.deepEqual([0, 1, 130, undefined, null].map(statusOfExit), ['finished', 'failed', 'killed', 'killed', 'killed']);
    });
  });

  describe('claimsFile', () => {
    it('claims files written from shortly before the start until the grace period after the end', async () => {
      const dir = tempDir();
      const tracker = new TerminalRunTracker(reg, { graceMs: 1000 });
      const id = await tracker.start({ commandLine: 'python train.py', cwd: dir, startedAt: 100_000 });
      const f = path.join(dir, 'lightning_logs/version_0/metrics.csv');
      assert.equal(tracker.claimsFile(f, 90_000), undefined);
      assert.equal(tracker.claimsFile(f, 99_000), id);
      assert.equal(tracker.claimsFile(f, 500_000), id, 'open-ended while running');
      await tracker.end(id, { exitCode: 0, endedAt: 200_000 });
      assert.equal(tracker.claimsFile(f, 200_900), id);
      assert.equal(tracker.claimsFile(f, 201_100), undefined);
    });

    it('gives a file to the run whose cwd holds it when two run at once', async () => {
      const root = tempDir();
      const tracker = new TerminalRunTracker(reg);
      const a = await tracker.start({ commandLine: 'python train.py', cwd: path.join(root, 'proj-a'), startedAt: 1000 });
      const b = await tracker.start({ commandLine: 'python train.py', cwd: path.join(root, 'proj-b'), startedAt: 2000 });
      const outer = await tracker.start({ commandLine: 'python train.py', cwd: root, startedAt: 3000 });
      assert.equal(tracker.claimsFile(path.join(root, 'proj-a', 'runs/x.csv'), 5000), a);
      assert.equal(tracker.claimsFile(path.join(root, 'proj-b', 'runs/x.csv'), 5000), b);
      assert.equal(tracker.claimsFile(path.join(root, 'proj-ab', 'x.csv'), 5000), outer);
    });
  });

  describe('a backend that goes away while a command runs', () => {
    // Each tracker stands for one backend process; the tag says which, by host and pid.
    const deadPid = (): number => {
      const child = spawnSync('true');
      assert.equal(child.status, 0);
      return child.pid;
    };

    it('leaves runs to a backend still alive or on another machine, and closes those of a backend that died', async () => {
      const dir = tempDir();
      const old = new TerminalRunTracker(reg);
      const [orphan, alive, elsewhere] = await Promise.all([1, 2, 3].map((n) => old.start({ commandLine: `python train.py --n ${n}`, cwd: dir, startedAt: 1000 })));
      const sleeper = spawn('sleep', ['30']);
      try {
        reg.setTags(orphan!, { [TRACKER_TAG]: `${os.hostname()} ${deadPid()}` });
        reg.setTags(alive!, { [TRACKER_TAG]: `${os.hostname()} ${sleeper.pid}` });
        reg.setTags(elsewhere!, { [TRACKER_TAG]: `gpu-box-7 ${deadPid()}` });
        const fresh = new TerminalRunTracker(reg);
        const mine = await fresh.start({ commandLine: 'python train.py', cwd: dir });
        assert.deepEqual(fresh.closeOrphans(), [orphan]);
        const closed = reg.getRun(orphan!);
        assert.deepEqual([closed.status, closed.exitCode, closed.endedAt], ['killed', null, null]);
        assert.match(closed.tags[EXIT_UNKNOWN_TAG]!, /stopped before the command ended/);
        for (const id of [alive!, elsewhere!, mine]) assert.equal(reg.getRun(id).status, 'running');
        assert.equal(reg.getRun(mine).tags[TRACKER_TAG], `${os.hostname()} ${process.pid}`);
      } finally {
        sleeper.kill();
      }
    });

    it('opens a closed orphan again when the editor hands its execution to the new backend, which then claims its files', async () => {
      const dir = tempDir();
      const old = new TerminalRunTracker(reg);
      const id = await old.start({ commandLine: 'python train.py', cwd: dir, startedAt: 50_000 });
      reg.setTags(id, { [TRACKER_TAG]: `${os.hostname()} ${deadPid()}` });
      const fresh = new TerminalRunTracker(reg);
      const announced: string[] = [];
      fresh.onStart((runId) => announced.push(runId));
      fresh.closeOrphans();
      assert.equal(fresh.claimsFile(path.join(dir, 'out/metrics.csv'), 60_000), undefined);
      assert.equal(fresh.resume(id), true);
      const run = reg.getRun(id);
      assert.deepEqual([run.status, run.endedAt, run.tags[EXIT_UNKNOWN_TAG], run.tags[TRACKER_TAG]], ['running', null, undefined, `${os.hostname()} ${process.pid}`]);
      assert.deepEqual(announced, [id], 'the watcher hears of it, to claim what was written meanwhile');
      assert.equal(fresh.claimsFile(path.join(dir, 'out/metrics.csv'), 60_000), id);
      assert.equal(fresh.claimsFile(path.join(dir, 'out/metrics.csv'), 40_000), undefined, 'from the run\'s own start time');
      assert.deepEqual(fresh.inFlight(), [id]);
      await fresh.end(id, { exitCode: 0, endedAt: 90_000 });
      assert.deepEqual(fresh.inFlight(), []);
      const ended = reg.getRun(id);
      assert.deepEqual([ended.status, ended.exitCode, ended.endedAt], ['finished', 0, new Date(90_000).toISOString()]);
    });

    it('records the exit of a closed orphan that ends without being handed over, and forgets why it was closed', async () => {
      const old = new TerminalRunTracker(reg);
      const id = await old.start({ commandLine: 'python train.py', cwd: tempDir() });
      reg.setTags(id, { [TRACKER_TAG]: `${os.hostname()} ${deadPid()}` });
      const fresh = new TerminalRunTracker(reg);
      fresh.closeOrphans();
      await fresh.end(id, { exitCode: 1 });
      const run = reg.getRun(id);
      assert.deepEqual([run.status, run.exitCode, run.tags[EXIT_UNKNOWN_TAG]], ['failed', 1, undefined]);
    });

    it('resumes only terminal runs that exist, and leaves a run that ended normally ended', async () => {
      const fresh = new TerminalRunTracker(reg);
      assert.equal(fresh.resume('00000000-0000-0000-0000-000000000000'), false);
      const imported = reg.startRun({ experiment: 'e', sourceKind: 'import', importer: 'mlflow' });
      assert.equal(fresh.resume(imported), false);
      const id = await fresh.start({ commandLine: 'python train.py', cwd: tempDir() });
      await fresh.end(id, { exitCode: 0 });
      assert.equal(new TerminalRunTracker(reg).resume(id), true);
      assert.equal(reg.getRun(id).status, 'finished');
    });
  });

  describe('training patterns from the configuration', () => {
    it('replaces the defaults with terminal_patterns', () => {
      const dir = tempDir();
      write(dir, { 'pyproject.toml': '[tool.mlops-lens.capture]\nterminal_patterns = ["^make fit"]\n' });
      const tracker = new TerminalRunTracker(reg, { config: loadConfig(dir) });
      assert.deepEqual([tracker.isTraining('make fit'), tracker.isTraining('python train.py')], [true, false]);
    });

    it('adds extend_terminal_patterns to the defaults', () => {
      const dir = tempDir();
      write(dir, { 'mlops-lens.toml': '[capture]\nextend_terminal_patterns = ["^just train"]\n' });
      const tracker = new TerminalRunTracker(reg, { config: loadConfig(dir) });
      assert.deepEqual([tracker.isTraining('just train'), tracker.isTraining('python train.py')], [true, true]);
    });

    it('names the config file and line of an invalid pattern', () => {
      const dir = tempDir();
      write(dir, { 'mlops-lens.toml': 'exclude = []\n\n[capture]\nterminal_patterns = ["(unclosed"]\n' });
      const config = loadConfig(dir);
      assert.throws(() => trainingPatterns(config), (err: unknown) => err instanceof MlopsError
        && err.where === `${path.join(dir, 'mlops-lens.toml')}:4` && err.why!.startsWith('invalid pattern "(unclosed"'));
    });

    it('rejects terminal_patterns that is not a list of strings', () => {
      const dir = tempDir();
      write(dir, { 'mlops-lens.toml': '[capture]\nterminal_patterns = "python"\n' });
      assert.throws(() => trainingPatterns(loadConfig(dir)), /"terminal_patterns" must be a list of regular expressions/);
    });
  });

  it('finds only existing, non-code files among the arguments', () => {
    const dir = tempDir();
    write(dir, { 'd.csv': '1', 'train.py': '', 'm.pt': '', 'sub/e.json': '{}' });
    assert.deepEqual(dataFilesInArgs(['train.py', '--data', 'd.csv', 'ckpt=m.pt', 'extra=sub/e.json', 'sub', '--lr', '0.1', 'missing.csv'], dir),
      [path.join(dir, 'd.csv'), path.join(dir, 'sub/e.json')]);
  });
});
