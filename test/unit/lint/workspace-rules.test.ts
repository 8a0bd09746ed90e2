import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { lintPaths, lintText } from '../../../src/core/lint';
import { config, tempDir, workspace } from './helpers';

const SCHEDULED = 'on:\n  schedule:\n    - cron: "0 3 * * 1"\njobs:\n  retrain:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./bin/check-batch data/latest.csv\n      - run: python src/train.py\n';

describe('MLO2xx/MLO3xx engine integration', () => {
  it('accepts a command listed in [tool.mlops-lens.lint] validation_commands as data validation', async () => {
    const dir = tempDir();
    const file = path.join(dir, '.github/workflows/retrain.yml');
    assert.equal((await lintText(file, SCHEDULED, config(dir))).filter((f) => f.code === 'MLO201').length, 1);
    const configured = config(dir, { raw: { lint: { validation_commands: ['bin/check-batch'] } } });
    assert.deepEqual((await lintText(file, SCHEDULED, configured)).filter((f) => f.code === 'MLO201'), []);
  });

  it('reads every document of a multi-document YAML file instead of reporting it as unreadable', async () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\nmetadata:\n  name: b\nspec:\n  schedule: "0 2 * * *"\n  workflowSpec:\n    entrypoint: train\n    templates:\n      - name: train\n        container:\n          command: [python, train.py]\n';
    const found = await lintText('k8s/retrain.yaml', text, config());
    assert.deepEqual(found.map((f) => [f.code, f.range.start.line]), [['MLO201', 14]]);
  });

  it('applies per-file-ignores to findings of cross-file rules', async () => {
    const dir = workspace({ 'requirements.txt': 'mlflow==2.17.0\nwandb==0.18.5\nneptune==1.13.0\n' });
    const found = await lintPaths([dir], { config: config(dir), select: ['MLO302'] });
    assert.equal(found.findings.length, 1);
    const ignored = await lintPaths([dir], { config: config(dir, { perFileIgnores: { 'requirements.txt': ['MLO302'] } }), select: ['MLO302'] });
    assert.deepEqual(ignored.findings, []);
  });

  it('drops a cross-file finding whose line carries "# noqa: CODE"', async () => {
    const dir = workspace({ 'requirements.txt': 'mlflow==2.17.0\nwandb==0.18.5\nneptune==1.13.0  # noqa: MLO302\n' });
    assert.deepEqual((await lintPaths([dir], { config: config(dir), select: ['MLO302'] })).findings, []);
  });

  it('runs cross-file rules per project root: two projects with two trackers each are not overloaded', async () => {
    const dir = workspace({
      'a/requirements.txt': 'mlflow==2.17.0\nwandb==0.18.5\n',
      'b/pyproject.toml': '[project]\nname = "b"\nversion = "0"\ndependencies = ["neptune==1.13.0", "comet-ml==3.47.0"]\n',
    });
    assert.deepEqual((await lintPaths([dir], { config: config(dir), select: ['MLO302'] })).findings, []);
  });

  it('names both places in a training-serving skew message', async () => {
    const body = (v: string) => `    ${v}["bmi"] = ${v}["weight"] / (${v}["height"] / 100) ** 2\n    ${v}["ratio"] = ${v}["a"] / (${v}["b"] + 1)\n    ${v}["flag"] = (${v}["c"] > 3).astype(int)\n    ${v}["d2"] = ${v}["d"] ** 2\n    return ${v}\n`;
    const dir = workspace({ 'features.py': `def build(df):\n${body('df')}`, 'serving/handler.py': `def prep(x):\n${body('x')}` });
    const [f] = (await lintPaths([dir], { config: config(dir), select: ['MLO301'] })).findings;
    assert.equal(f?.file, path.join(dir, 'serving/handler.py'));
    assert.equal(f?.message, 'prep() re-implements build() of features.py:1 (same normalised body): import it from the training code instead, so both paths compute the same features');
  });

  it('does not compare functions that only differ in a literal as equal bodies', async () => {
    const fn = (name: string, v: string, bins: string) => `def ${name}(${v}):\n    ${v}["b"] = pd.cut(${v}["age"], bins=${bins})\n    ${v}["c"] = ${v}["x"] * 2\n    ${v}["d"] = ${v}["y"] - 1\n    ${v}["e"] = ${v}["z"] / 3\n    return ${v}\n`;
    const dir = workspace({ 'features.py': fn('build', 'df', '[0, 18, 35, 60]'), 'app.py': fn('prep', 'x', '[0, 21, 40, 65]') });
    const found = (await lintPaths([dir], { config: config(dir), select: ['MLO301'] })).findings;
    // Not the same body; still near (one literal list differs), so it is reported as a near copy, not an exact one.
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /% of normalised tokens shared/);
  });
});
