import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assess, assessmentHistory, saveAssessment, scaffoldFix } from '../../../src/core/maturity';
import { Registry } from '../../../src/core/registry';
import { parse } from 'yaml';
import { fixture, tempDir, workspace } from './helpers';

function registry(): Registry {
  const reg = Registry.open(path.join(tempDir(), 'registry.db'));
  return reg;
}

describe('assessment trend', () => {
  it('stores assessments with their commit and returns them oldest first', async () => {
    const reg = registry();
    const one = await assess(fixture('level-1'));
    const two = await assess(fixture('level-2'));
    saveAssessment(reg, { ...one, at: '2026-01-01T00:00:00.000Z' }, 'aaa');
    saveAssessment(reg, { ...two, at: '2026-02-01T00:00:00.000Z' }, 'bbb');
    const h = assessmentHistory(reg);
    assert.deepEqual(h.map((r) => [r.at, r.commit, r.level, r.progress]), [['2026-01-01T00:00:00.000Z', 'aaa', 1, 9], ['2026-02-01T00:00:00.000Z', 'bbb', 2, 0]]);
    assert.equal(h[1]!.scores.levels['2'], 1);
    reg.close();
  });

  it('does not add a row for the same commit with the same result', async () => {
    const reg = registry();
    const card = await assess(fixture('level-1'));
    assert.notEqual(saveAssessment(reg, card, 'aaa'), null);
    assert.equal(saveAssessment(reg, card, 'aaa'), null);
    assert.equal(assessmentHistory(reg).length, 1);
    reg.close();
  });

  it('says which migration is missing on a registry without the table', async () => {
    const reg = Registry.open(path.join(tempDir(), 'registry.db'));
    if (reg.schemaVersion >= 5) return reg.close();
    assert.throws(() => assessmentHistory(reg), /schema version 5/);
    reg.close();
  });
});

describe('evidence from the registry', () => {
  it('passes tracking and counts clean-commit runs from registry runs', async () => {
    const reg = registry();
    reg.startRun({ experiment: 'e', sourceKind: 'cli', git: { commit: 'a'.repeat(40), branch: 'main', dirty: false } });
    reg.startRun({ experiment: 'e', sourceKind: 'cli' });
    const card = await assess(workspace({ 'train.py': 'x = 1\n' }), { registry: reg, findings: [] });
    const c = card.levels[1]!.checks.find((x) => x.id === 'L2.tracking')!;
    assert.equal(c.status, 'pass');
    assert.deepEqual(c.evidence, [{ file: null, line: null, detail: 'registry: 2 runs, 1 linked to a clean commit' }]);
    reg.close();
  });
});

describe('scaffolds', () => {
  it('writes the CI quality gate workflow with lint as SARIF and the gate', () => {
    const dir = workspace({});
    assert.deepEqual(scaffoldFix(dir, 'L3.quality-gates'), { path: '.github/workflows/mlops-quality.yml', title: 'Add a CI quality gate' });
    const text = fs.readFileSync(path.join(dir, '.github/workflows/mlops-quality.yml'), 'utf8');
    assert.match(text, /mlops-lens lint --format sarif/);
    assert.match(text, /upload-sarif/);
    const gate = (parse(text) as { jobs: { quality: { steps: { run?: string; if?: string }[] } } }).jobs.quality.steps.find((st) => /mlops-lens gate/.test(st.run ?? ''));
    assert.equal(gate?.if, "hashFiles('.mlops/registry.db') != ''", 'skipped in a checkout without the registry, where there is nothing to judge');
  });

  it('writes the drift workflow with the data paths of the gates config', () => {
    const dir = workspace({ 'mlops-lens.toml': '[gates]\nreference = "data/ref.parquet"\ncurrent = "data/now.parquet"\n' });
    scaffoldFix(dir, 'L4.data-drift');
    assert.match(fs.readFileSync(path.join(dir, '.github/workflows/mlops-drift.yml'), 'utf8'), /mlops-lens drift data\/ref\.parquet data\/now\.parquet --fail-on-drift/);
  });

  it('writes a retraining workflow that records the run and registers its model before the gates judge it', () => {
    const dir = workspace({});
    scaffoldFix(dir, 'L2.retraining');
    const text = fs.readFileSync(path.join(dir, '.github/workflows/mlops-retrain.yml'), 'utf8');
    const steps = (parse(text) as { jobs: { retrain: { steps: { name?: string; run?: string }[] } } }).jobs.retrain.steps;
    const at = (re: RegExp) => steps.findIndex((s) => re.test(s.run ?? ''));
    assert.deepEqual([at(/mlops-lens drift/), at(/python train\.py/), at(/mlops-lens ingest --ended/), at(/mlops-lens models register/), at(/mlops-lens gate/)].map((i) => i >= 0), [true, true, true, true, true]);
    assert.ok(at(/python train\.py/) < at(/mlops-lens ingest --ended/) && at(/mlops-lens ingest --ended/) < at(/mlops-lens gate/), 'train, then record and register, then gate');
    for (const id of ['L3.quality-gates', 'L4.data-drift']) {
      const written = scaffoldFix(dir, id).path;
      assert.ok(parse(fs.readFileSync(path.join(dir, written), 'utf8')), `${written} is YAML`);
    }
  });

  it('never overwrites an existing file', () => {
    const dir = workspace({ '.github/workflows/mlops-quality.yml': 'mine\n' });
    assert.throws(() => scaffoldFix(dir, 'L3.ci-tests'), /file already exists, not overwritten: \.github\/workflows\/mlops-quality\.yml/);
    assert.equal(fs.readFileSync(path.join(dir, '.github/workflows/mlops-quality.yml'), 'utf8'), 'mine\n');
  });

  it('says which checks have a scaffold when asked for another', () => {
    assert.throws(() => scaffoldFix(workspace({}), 'L5.hpo'), /no scaffold for this check: L5\.hpo/);
  });

  it('writes a workflow the assessment then counts', async () => {
    const dir = fixture('level-1');
    scaffoldFix(dir, 'L3.quality-gates');
    const card = await assess(dir, { findings: [] });
    assert.equal(card.levels[2]!.checks.find((c) => c.id === 'L3.quality-gates')!.status, 'pass');
  });
});
