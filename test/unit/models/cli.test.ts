import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../cli/helpers';
import { cleanup, EXPECTED, makeRun, workspace } from './helpers';

const PYPROJECT = `[project]
name = "demo"

[tool.mlops-lens.gates]
staging = ["accuracy >= 0.5"]
production = [
  "accuracy >= 0.85",
  "require_git_clean",
]
`;

/** A workspace holding pyproject.toml and two versions of `churn` (accuracy 0.9 on a clean commit, then 0.6). */
async function setup(pyproject = PYPROJECT) {
  const ws = workspace();
  fs.writeFileSync(path.join(ws.dir, 'pyproject.toml'), pyproject);
  const git = { commit: 'a'.repeat(40), branch: 'main', dirty: false };
  const runs = [makeRun(ws.reg, { metrics: { accuracy: 0.9 }, git }), makeRun(ws.reg, { metrics: { accuracy: 0.6 }, git })];
  ws.file('linear.onnx');
  ws.file('linear_v2.onnx');
  ws.reg.close();
  return { ...ws, runs };
}

const json = (s: string): unknown => JSON.parse(s);

describe('models: CLI', () => {
  const home = process.cwd();
  afterEach(() => {
    process.chdir(home);
    cleanup();
  });
  async function cli(dir: string, ...argv: string[]) {
    process.chdir(dir);
    return runCli(argv);
  }

  it('models register prints {name, version, sha256, path}', async () => {
    const ws = await setup();
    const r = await cli(ws.dir, 'models', 'register', 'linear.onnx', '--name', 'churn', '--run', ws.runs[0]!, '--json');
    assert.deepEqual([r.code, json(r.stdout)], [0, { name: 'churn', version: 1, sha256: EXPECTED['linear.onnx']!.sha256, path: path.join(fs.realpathSync(ws.dir), '.mlops/models/churn/1/linear.onnx') }]);
  });

  it('models register of content already registered names the existing version and exits 0', async () => {
    const ws = await setup();
    await cli(ws.dir, 'models', 'register', 'linear.onnx', '--name', 'churn');
    fs.copyFileSync(path.join(ws.dir, 'linear.onnx'), path.join(ws.dir, 'copy.onnx'));
    const r = await cli(ws.dir, 'models', 'register', 'copy.onnx', '--name', 'churn', '--json');
    assert.deepEqual([r.code, (json(r.stdout) as { version: number }).version], [0, 1]);
    assert.equal(r.stderr, `mlops-lens: already registered: churn version 1 has the same content (sha256 ${EXPECTED['linear.onnx']!.sha256.slice(0, 12)})\n`);
  });

  it('models register of a missing file exits 2 with the error on stderr', async () => {
    const ws = await setup();
    const r = await cli(ws.dir, 'models', 'register', 'gone.onnx', '--name', 'churn', '--json');
    assert.deepEqual([r.code, r.stdout, r.stderr], [2, '', `mlops-lens: cannot register model: ${path.join(fs.realpathSync(ws.dir), 'gone.onnx')}: the file does not exist\n`]);
  });

  it('models register refuses a name with a path separator (exit 2)', async () => {
    const ws = await setup();
    const r = await cli(ws.dir, 'models', 'register', 'linear.onnx', '--name', '../x');
    assert.deepEqual([r.code, r.stderr.startsWith('mlops-lens: invalid model name: "../x"')], [2, true]);
  });

  it('models list prints [{name, versions: [{version, sha256, format, createdAt, aliases, stage, run}]}]', async () => {
    const ws = await setup();
    await cli(ws.dir, 'models', 'register', 'linear.onnx', '--name', 'churn', '--run', ws.runs[0]!);
    await cli(ws.dir, 'models', 'promote', 'churn', '1', '--to', 'Production');
    const r = await cli(ws.dir, 'models', 'list', '--json');
    const list = json(r.stdout) as { versions: { createdAt: string }[] }[];
    assert.match(list[0]!.versions[0]!.createdAt, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual([r.code, list], [0, [{ name: 'churn', versions: [{
      version: 1, sha256: EXPECTED['linear.onnx']!.sha256, format: 'onnx', createdAt: list[0]!.versions[0]!.createdAt, aliases: ['production'], stage: 'Production', run: ws.runs[0],
    }] }]]);
  });

  it('models show NAME@ALIAS prints the version with its lineage', async () => {
    const ws = await setup();
    await cli(ws.dir, 'models', 'register', 'linear.onnx', '--name', 'churn', '--run', ws.runs[0]!);
    await cli(ws.dir, 'models', 'promote', 'churn', '1', '--to', 'staging');
    const r = await cli(ws.dir, 'models', 'show', 'churn@staging', '--json');
    const shown = json(r.stdout) as Record<string, unknown> & { run: { id: string; metrics: Record<string, { last: number }> }; promotions: unknown[] };
    assert.deepEqual([r.code, Object.keys(shown), shown.run.id, shown.run.metrics.accuracy!.last, shown.promotions.length],
      [0, ['name', 'version', 'sha256', 'format', 'bytes', 'createdAt', 'path', 'sourcePath', 'aliases', 'stage', 'run', 'datasets', 'promotions'], ws.runs[0], 0.9, 1]);
  });

  it('models show of an unknown version exits 2', async () => {
    const ws = await setup();
    await cli(ws.dir, 'models', 'register', 'linear.onnx', '--name', 'churn');
    const r = await cli(ws.dir, 'models', 'show', 'churn:9');
    assert.deepEqual([r.code, r.stderr], [2, 'mlops-lens: no such model version: churn version 9\n']);
  });

  it('models promote prints {promoted, gates} and exits 0 when every gate passes', async () => {
    const ws = await setup();
    await cli(ws.dir, 'models', 'register', 'linear.onnx', '--name', 'churn', '--run', ws.runs[0]!);
    const r = await cli(ws.dir, 'models', 'promote', 'churn', '1', '--to', 'production', '--json');
    const out = json(r.stdout) as { promoted: boolean; gates: { name: string; value: unknown; threshold: unknown; passed: boolean }[] };
    assert.deepEqual([r.code, out.promoted, out.gates.map((g) => [g.name, g.value, g.threshold, g.passed])],
      [0, true, [['accuracy >= 0.85', 0.9, 0.85, true], ['require_git_clean', 'clean', 'clean', true]]]);
  });

  it('models promote exits 1 when a gate blocks it, listing the failing gate', async () => {
    const ws = await setup();
    await cli(ws.dir, 'models', 'register', 'linear_v2.onnx', '--name', 'churn', '--run', ws.runs[1]!);
    const r = await cli(ws.dir, 'models', 'promote', 'churn', '1', '--to', 'production', '--json');
    assert.deepEqual([r.code, (json(r.stdout) as { promoted: boolean }).promoted], [1, false]);
    assert.match(r.stderr, /^mlops-lens: promotion blocked by gates: churn version 1 to production: accuracy >= 0\.85 \(accuracy = 0\.6 .*\); use --force to promote anyway\n$/);
  });

  it('models promote --force promotes past a failing gate and records it as forced', async () => {
    const ws = await setup();
    await cli(ws.dir, 'models', 'register', 'linear_v2.onnx', '--name', 'churn', '--run', ws.runs[1]!);
    const r = await cli(ws.dir, 'models', 'promote', 'churn', '1', '--to', 'production', '--force', '--json');
    const shown = json((await cli(ws.dir, 'models', 'show', 'churn@production', '--json')).stdout) as { promotions: { forced: boolean }[] };
    assert.deepEqual([r.code, (json(r.stdout) as { promoted: boolean }).promoted, shown.promotions.map((p) => p.forced)], [0, true, [true]]);
  });

  it('models promote names the config line of a gate that does not parse (exit 2)', async () => {
    const ws = await setup(PYPROJECT.replace('"require_git_clean"', '"accuracy >>= 0.9"'));
    await cli(ws.dir, 'models', 'register', 'linear.onnx', '--name', 'churn');
    const r = await cli(ws.dir, 'models', 'promote', 'churn', '1', '--to', 'production');
    assert.deepEqual([r.code, r.stderr], [2, 'mlops-lens: invalid gate: pyproject.toml:8: "accuracy >>= 0.9": expected an operator (>=, <=, >, <, ==)\n']);
  });

  it('models rollback moves the alias back to its previous holder', async () => {
    const ws = await setup();
    await cli(ws.dir, 'models', 'register', 'linear.onnx', '--name', 'churn', '--run', ws.runs[0]!);
    await cli(ws.dir, 'models', 'register', 'linear_v2.onnx', '--name', 'churn', '--run', ws.runs[1]!);
    await cli(ws.dir, 'models', 'promote', 'churn', '1', '--to', 'staging');
    await cli(ws.dir, 'models', 'promote', 'churn', '2', '--to', 'staging');
    const r = await cli(ws.dir, 'models', 'rollback', 'churn', 'staging', '--json');
    assert.deepEqual([r.code, json(r.stdout)], [0, { name: 'churn', alias: 'staging', version: 1, replaced: 2 }]);
  });

  it('gate prints every check and exits 0 when all pass', async () => {
    const ws = await setup();
    await cli(ws.dir, 'models', 'register', 'linear.onnx', '--name', 'churn', '--run', ws.runs[0]!);
    const r = await cli(ws.dir, 'gate', '--model', 'churn', '--json');
    const out = json(r.stdout) as { passed: boolean; results: { name: string; version: number; to: string; passed: boolean; gates: unknown[] }[] };
    assert.deepEqual([r.code, out.passed, out.results.map((c) => [c.name, c.version, c.to, c.passed, c.gates.length])],
      [0, true, [['churn', 1, 'staging', true, 1], ['churn', 1, 'production', true, 2]]]);
  });

  it('gate exits 1 listing every failing gate, and promotes nothing', async () => {
    const ws = await setup();
    await cli(ws.dir, 'models', 'register', 'linear.onnx', '--name', 'churn', '--run', ws.runs[0]!);
    await cli(ws.dir, 'models', 'register', 'linear_v2.onnx', '--name', 'churn', '--run', ws.runs[1]!);
    const r = await cli(ws.dir, 'gate', '--model', 'churn', '--version', '2', '--to', 'production', '--json');
    const list = json((await cli(ws.dir, 'models', 'list', '--json')).stdout) as { versions: { aliases: string[] }[] }[];
    assert.deepEqual([r.code, (json(r.stdout) as { passed: boolean }).passed, list[0]!.versions.flatMap((v) => v.aliases)], [1, false, []]);
    assert.match(r.stderr, /^mlops-lens: gate failed: 1 failing gate: churn version 2 → production: accuracy >= 0\.85 \(accuracy = 0\.6 .*\)\n$/);
  });

  it('gate refuses a target with no gates configured (exit 2)', async () => {
    const ws = await setup();
    await cli(ws.dir, 'models', 'register', 'linear.onnx', '--name', 'churn');
    const r = await cli(ws.dir, 'gate', '--to', 'champion');
    assert.deepEqual([r.code, r.stderr.startsWith('mlops-lens: no gates configured: ') && r.stderr.includes('champion')], [2, true]);
  });
});
