import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Command } from 'commander';
import { registerDrift } from '../../../src/cli/commands/drift';
import type { GlobalOptions } from '../../../src/cli/context';
import { MlopsError } from '../../../src/core/errors';
import { Registry } from '../../../src/core/registry';
import { tempDir, writeFile } from './helpers';

/** Runs `mlops-lens drift ...` in-process and returns what it printed. */
async function cli(args: string[], globals: GlobalOptions): Promise<{ out: string; error: unknown }> {
  const program = new Command('mlops-lens').exitOverride();
  registerDrift(program, () => globals);
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => {
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  let error: unknown = null;
  try {
    await program.parseAsync(['drift', ...args], { from: 'user' });
  } catch (err) {
    error = err;
  } finally {
    process.stdout.write = write;
  }
  return { out, error };
}

function datasets(dir: string) {
  const rows = (shift: number) => 'x,c\n' + Array.from({ length: 60 }, (_, i) => `${i + shift},${'ab'[i % 2]}`).join('\n') + '\n';
  return { ref: writeFile(dir, 'ref.csv', rows(0)), cur: writeFile(dir, 'cur.csv', rows(40)) };
}

const reportCount = (db: string) => {
  const reg = Registry.open(db);
  try {
    return (reg.db.prepare('SELECT count(*) AS n FROM drift_reports').get() as { n: number }).n;
  } finally {
    reg.close();
  }
};

describe('mlops-lens drift', () => {
  it('prints the JSON report and stores it in the registry', async () => {
    const dir = tempDir();
    const { ref, cur } = datasets(dir);
    const db = path.join(dir, 'reg.db');
    const { out, error } = await cli([ref, cur], { json: true, registry: db });
    assert.equal(error, null);
    const report = JSON.parse(out);
    assert.deepEqual(Object.keys(report), ['reference', 'current', 'columns', 'driftedColumns', 'driftShare', 'driftShareThreshold', 'datasetDrift', 'predictions']);
    assert.deepEqual(Object.keys(report.columns[0]), ['name', 'type', 'test', 'statistic', 'pValue', 'threshold', 'drifted', 'missing', 'note', 'stats', 'histogram']);
    assert.equal(report.reference.path, ref);
    assert.equal(reportCount(db), 1);
  });

  it('prints a table in text mode and stores nothing with --no-save', async () => {
    const dir = tempDir();
    const { ref, cur } = datasets(dir);
    const db = path.join(dir, 'reg.db');
    const { out } = await cli([ref, cur, '--no-save', '--columns', 'x'], { registry: db });
    assert.match(out, /^COLUMN +TYPE +TEST +STATISTIC/m);
    assert.match(out, /^x +numeric +ks +/m);
    assert.doesNotMatch(out, /^c /m);
    assert.match(out, /dataset drift: yes \(1 of 1 tested columns drifted/);
    assert.equal(reportCount(db), 0);
  });

  it('fails the check with --fail-on-drift when the dataset drifts', async () => {
    const dir = tempDir();
    const { ref, cur } = datasets(dir);
    const { error } = await cli([ref, cur, '--fail-on-drift', '--no-save'], { json: true });
    assert.ok(error instanceof MlopsError);
    assert.equal(error.kind, 'check');
    assert.match(error.message, /dataset drift detected/);
    const same = await cli([ref, ref, '--fail-on-drift', '--no-save'], { json: true });
    assert.equal(same.error, null);
  });

  it('adds prediction drift with --model, reading the features from [tool.mlops-lens.inference]', async () => {
    const ex = path.resolve(__dirname, '../../../examples');
    const cwd = process.cwd();
    process.chdir(ex);
    try {
      const { out, error } = await cli(['data/reference.csv', 'data/current.csv', '--model', 'models/churn.onnx', '--no-save'], { json: true });
      assert.equal(error, null);
      const report = JSON.parse(out) as { predictions: { name: string }[] };
      assert.deepEqual(report.predictions.map((c) => c.name), ['label', 'probabilities[0]', 'probabilities[1]']);
    } finally {
      process.chdir(cwd);
    }
  });

  it('names the model file when --model is not a model', async () => {
    const dir = tempDir();
    const { ref, cur } = datasets(dir);
    const { error } = await cli([ref, cur, '--model', path.join(dir, 'm.onnx'), '--no-save'], { json: true });
    assert.ok(error instanceof MlopsError);
    assert.equal(error.kind, 'input');
    assert.match(error.message, /m\.onnx/);
  });

  it('applies --categorical to a numeric-looking column', async () => {
    const dir = tempDir();
    const { ref, cur } = datasets(dir);
    const { out } = await cli([ref, cur, '--categorical', 'x', '--no-save'], { json: true });
    assert.equal(JSON.parse(out).columns[0].type, 'categorical');
  });

  it('leaves out the columns of --ignore-columns and refuses one that neither file has', async () => {
    const dir = tempDir();
    const { ref, cur } = datasets(dir);
    const { out } = await cli([ref, cur, '--ignore-columns', 'x', '--no-save'], { json: true });
    const x = (JSON.parse(out) as { columns: { name: string; drifted: boolean | null; note: string | null }[] }).columns.find((c) => c.name === 'x')!;
    assert.deepEqual([x.drifted, x.note], [null, 'not tested: named in ignore_columns']);
    const typo = await cli([ref, cur, '--ignore-columns', 'xx', '--no-save'], { json: true });
    assert.ok(typo.error instanceof MlopsError);
    assert.equal(typo.error.kind, 'input');
    assert.match(typo.error.message, /^no such column: xx: neither /);
  });
});
