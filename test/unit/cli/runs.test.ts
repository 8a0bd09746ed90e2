import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { LATEST_SCHEMA_VERSION, Registry } from '../../../src/core/registry';
import { VERSION } from '../../../src/version';
import { cleanup, tempDir } from '../registry/helpers';
import { runCli } from './helpers';

const FULL_ID = 'abcd0001-0000-4000-8000-000000000001';
const BARE_ID = 'abcd0002-0000-4000-8000-000000000002';
const RUN_KEYS = ['id', 'name', 'experiment', 'status', 'source', 'command', 'git', 'startedAt', 'endedAt', 'params', 'metrics'];

/** Two runs: one with every field known, one with nothing but the required ones. Ids fixed for prefix tests. */
function seed(file: string): void {
  const reg = Registry.open(file);
  try {
    const full = reg.startRun({
      experiment: 'churn', name: 'baseline', sourceKind: 'import', importer: 'mlflow', sourcePath: 'mlruns/1/abc',
      command: 'python train.py', cwd: '/proj', git: { commit: '0123456789abcdef0123456789abcdef01234567', branch: 'main', dirty: false },
      startedAt: Date.UTC(2024, 2, 1, 12, 0, 0),
    });
    const bare = reg.startRun({ experiment: 'fraud', sourceKind: 'cli', startedAt: null });
    reg.db.prepare('UPDATE runs SET id = ? WHERE id = ?').run(FULL_ID, full);
    reg.db.prepare('UPDATE runs SET id = ? WHERE id = ?').run(BARE_ID, bare);
    reg.endRun(FULL_ID, { status: 'finished', exitCode: 0, endedAt: Date.UTC(2024, 2, 1, 12, 30, 0) });
    reg.setParams(FULL_ID, { lr: '0.1', layers: '[64, 64]' });
    reg.setTags(FULL_ID, { owner: 'ana' });
    reg.logMetrics(FULL_ID, [
      { key: 'acc', step: 0, ts: 1, value: 0.5 }, { key: 'acc', step: 1, ts: 2, value: 0.75 },
      { key: 'loss', step: 0, ts: 1, value: Infinity }, { key: 'loss', step: 1, ts: 2, value: Number.NaN },
      { key: 'gn', step: 0, ts: 1, value: -Infinity },
    ]);
    reg.addArtifact(FULL_ID, { path: 'model.onnx', kind: 'model', sha256: 'e'.repeat(64), bytes: 42 });
    reg.linkInput(FULL_ID, reg.addDataset({ path: 'data/train.csv', sha256: 'd'.repeat(64), rows: 3 }));
  } finally {
    reg.close();
  }
}

describe('mlops-lens status and runs (in process)', () => {
  let file: string;
  beforeEach(() => {
    file = path.join(tempDir(), 'registry.db');
    seed(file);
  });
  afterEach(cleanup);

  it('prints status as JSON with the version, the registry path, the schema and the counts', async () => {
    const r = await runCli(['status', '--json', '--registry', file]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.deepEqual(JSON.parse(r.stdout), {
      version: VERSION, registry: file, schemaVersion: LATEST_SCHEMA_VERSION,
      counts: { experiments: 2, runs: 2, metrics: 5, models: 0, modelVersions: 0 },
    });
  });

  it('prints status for people with the registry path', async () => {
    const r = await runCli(['--registry', file, 'status']);
    assert.equal(r.code, 0);
    assert.ok(r.stdout.includes(`registry  ${file} (schema ${LATEST_SCHEMA_VERSION}/${LATEST_SCHEMA_VERSION})`), r.stdout);
    assert.match(r.stdout, /^runs\s+2$/m);
  });

  it('checks every page on request and says so, in JSON and for people', async () => {
    const json = await runCli(['status', '--check', '--json', '--registry', file]);
    assert.equal(json.code, 0, json.stderr);
    assert.equal((JSON.parse(json.stdout) as { integrity: string }).integrity, 'ok');
    const text = await runCli(['--registry', file, 'status', '--check']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^integrity ok \(every page checked\)$/m);
  });

  it('lists runs as JSON in the shape of the issue, with ISO times, nulls and non-finite numbers as strings', async () => {
    const r = await runCli(['runs', 'list', '--json', '--registry', file]);
    assert.equal(r.code, 0);
    const list = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.equal(list.length, 2);
    for (const run of list) assert.deepEqual(Object.keys(run), RUN_KEYS);
    assert.deepEqual(list[0], {
      id: FULL_ID, name: 'baseline', experiment: 'churn', status: 'finished',
      source: { kind: 'import', importer: 'mlflow', path: 'mlruns/1/abc' },
      command: 'python train.py',
      git: { commit: '0123456789abcdef0123456789abcdef01234567', branch: 'main', dirty: false },
      startedAt: '2024-03-01T12:00:00.000Z', endedAt: '2024-03-01T12:30:00.000Z',
      params: { layers: '[64, 64]', lr: '0.1' },
      metrics: {
        acc: { last: 0.75, step: 1, min: 0.5, max: 0.75, count: 2 },
        gn: { last: '-Infinity', step: 0, min: '-Infinity', max: '-Infinity', count: 1 },
        loss: { last: 'NaN', step: 1, min: 'Infinity', max: 'Infinity', count: 2 },
      },
    });
    assert.deepEqual(list[1], {
      id: BARE_ID, name: null, experiment: 'fraud', status: 'running', source: { kind: 'cli', importer: null, path: null },
      command: null, git: null, startedAt: null, endedAt: null, params: {}, metrics: {},
    });
  });

  it('filters the list by experiment, status and text', async () => {
    const ids = async (...args: string[]) => (JSON.parse((await runCli(['runs', 'list', '--json', '--registry', file, ...args])).stdout) as { id: string }[]).map((x) => x.id);
    assert.deepEqual(await ids('--experiment', 'fraud'), [BARE_ID]);
    assert.deepEqual(await ids('-s', 'finished'), [FULL_ID]);
    assert.deepEqual(await ids('--search', 'TRAIN.PY'), [FULL_ID]);
    assert.deepEqual(await ids('--search', 'nothing-like-this'), []);
    assert.deepEqual(await ids('--sort', 'acc', '--asc'), [FULL_ID, BARE_ID]);
    assert.deepEqual(await ids('-n', '1', '--sort', 'acc'), [FULL_ID]);
  });

  it('lists runs as a table sorted by a metric, with a dash where the metric is missing', async () => {
    const r = await runCli(['runs', 'list', '--sort', 'acc', '--registry', file]);
    assert.equal(r.code, 0);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^ID\s+EXPERIMENT\s+NAME\s+STATUS\s+STARTED\s+ACC$/);
    assert.match(lines[1]!, /^abcd0001\s+churn\s+baseline\s+finished\s+2024-03-01 12:00:00\s+0\.75$/);
    assert.match(lines[2]!, /^abcd0002\s+fraud\s+running\s+-$/);
  });

  it('says so when no run matches', async () => {
    const r = await runCli(['runs', 'list', '--experiment', 'none', '--registry', file]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'no runs\n');
  });

  it('shows one run as JSON by a prefix of its id, with tags, artifacts and inputs', async () => {
    const r = await runCli(['runs', 'show', 'abcd0001', '--json', '--registry', file]);
    assert.equal(r.code, 0);
    const run = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(run), [...RUN_KEYS, 'cwd', 'exitCode', 'tags', 'artifacts', 'inputs']);
    assert.equal(run.id, FULL_ID);
    assert.equal(run.cwd, '/proj');
    assert.equal(run.exitCode, 0);
    assert.deepEqual(run.tags, { owner: 'ana' });
    assert.deepEqual((run.artifacts as { path: string; bytes: number }[]).map((a) => [a.path, a.bytes]), [['model.onnx', 42]]);
    assert.deepEqual((run.inputs as { path: string; rows: number }[]).map((d) => [d.path, d.rows]), [['data/train.csv', 3]]);
  });

  it('shows one run for people with its params, tags and metric summaries', async () => {
    const r = await runCli(['--registry', file, 'runs', 'show', FULL_ID]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`^run\\s+${FULL_ID}$`, 'm'));
    assert.match(r.stdout, /^git\s+0123456789ab \(main\)$/m);
    assert.match(r.stdout, /^\s+lr\s+0\.1$/m);
    assert.match(r.stdout, /^tags\n\s+owner\s+ana$/m);
    assert.match(r.stdout, /^\s+loss\s+NaN\s+1\s+inf\s+inf\s+2$/m);
    assert.match(r.stdout, /^\s+model\s+model\.onnx\s+sha256:eeeeeeeeeeee$/m);
  });

  it('exits 2 naming the id when no run has it', async () => {
    const r = await runCli(['runs', 'show', 'ffff9999', '--registry', file]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'mlops-lens: no such run: ffff9999\n');
  });

  it('exits 2 when a prefix matches two runs', async () => {
    const r = await runCli(['runs', 'show', 'abcd', '--registry', file]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'mlops-lens: ambiguous run id: abcd: more than one run starts with it; give more characters\n');
  });

  describe('usage errors', () => {
    for (const [what, argv, message] of [
      ['an unknown status', ['runs', 'list', '--status', 'bogus'], /^mlops-lens: usage: option '-s, --status <status>' argument 'bogus' is invalid/],
      ['an unknown command', ['frobnicate'], /^mlops-lens: usage: unknown command 'frobnicate'/],
      ['an unknown option', ['runs', 'list', '--colour'], /^mlops-lens: usage: unknown option '--colour'/],
      ['a limit that is not a number', ['runs', 'list', '--limit', 'ten'], /^mlops-lens: usage: option '-n, --limit <n>' argument 'ten' is invalid\. expected a whole number\./],
      ['a missing run argument', ['runs', 'show'], /^mlops-lens: usage: missing required argument 'run'/],
    ] as [string, string[], RegExp][]) {
      it(`exits 2 with a usage message for ${what}`, async () => {
        const r = await runCli([...argv, '--registry', file]);
        assert.equal(r.code, 2);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, message);
      });
    }

    it('exits 2 with the help on stderr when a command group is given no subcommand', async () => {
      const r = await runCli(['runs']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /Usage: mlops-lens runs/);
    });

    it('exits 0 for --help and --version', async () => {
      const help = await runCli(['--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /Usage: mlops-lens/);
      const version = await runCli(['--version']);
      assert.equal(version.code, 0);
      assert.equal(version.stdout, `${VERSION}\n`);
    });
  });
});
