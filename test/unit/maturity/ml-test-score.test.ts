import * as assert from 'node:assert/strict';
import { assess, ML_TESTS } from '../../../src/core/maturity';
import { readConfirmations } from '../../../src/core/maturity/confirmations';
import { fixture, workspace } from './helpers';
import * as fs from 'node:fs';
import * as path from 'node:path';

describe('ML Test Score', () => {
  it('has 28 tests, 7 in each of the 4 sections', () => {
    assert.equal(ML_TESTS.length, 28);
    for (const s of ['data', 'model', 'infrastructure', 'monitoring']) assert.equal(ML_TESTS.filter((t) => t.section === s).length, 7);
  });

  it('scores the minimum of the section sums, with confirmations giving 0.5 for manual and 1 for automated', async () => {
    const dir = workspace({
      'train.py': 'model.fit(X, y)\n',
      '.mlops/assessment.toml': '[ml-test-score.data]\n2 = "manual"\n3 = "automated"\n[ml-test-score.model]\n2 = "manual"\n[ml-test-score.infrastructure]\n5 = "automated"\n[ml-test-score.monitoring]\n1 = "manual"\n',
    });
    const m = (await assess(dir, { findings: [] })).mlTestScore;
    // Nothing else is detected in this workspace: data 1.5, model 0.5, infrastructure 1, monitoring 0.5.
    assert.deepEqual(m.sections, { data: 1.5, model: 0.5, infrastructure: 1, monitoring: 0.5 });
    assert.equal(m.score, 0.5);
    assert.equal(m.confirmations, '.mlops/assessment.toml');
    assert.equal(m.tests.find((t) => t.id === 'data.3')!.source, 'confirmed');
    assert.equal(m.tests.find((t) => t.id === 'data.4')!.source, 'confirm manually');
  });

  it('scores the level-4 fixture from evidence alone (hand-counted per test)', async () => {
    const m = (await assess(fixture('level-4'))).mlTestScore;
    // data: 6 (feature path 0.5) + 7 (CI tests 1) = 1.5; model: 6 slices 1 + 7 fairness 1 = 2;
    // infrastructure: 1 reproducible 1, 2 tests+CI 1, 3 CI trains 1, 4 gates 1, 6 canary 1, 7 registry 0.5 = 5.5;
    // monitoring: 2 drift 1, 3 feature path 1, 4 retraining 1, 6 ground truth 1, 7 SLA 1 = 5.
    assert.deepEqual(m.sections, { data: 1.5, model: 2, infrastructure: 5.5, monitoring: 5 });
    assert.equal(m.score, 1.5);
  });

  it('names the line of a bad confirmation value', () => {
    const dir = workspace({ '.mlops/assessment.toml': '[ml-test-score.data]\n1 = "manual"\n2 = "yes"\n' });
    assert.equal(readConfirmations(dir).error, 'line 3: "data.2" must be "automated", "manual" or "no"');
  });

  it('names the line of invalid TOML and scores without confirmations', async () => {
    const dir = workspace({ 'train.py': 'model.fit(X, y)\n', '.mlops/assessment.toml': '[ml-test-score.data]\n1 = \n' });
    const card = await assess(dir, { findings: [] });
    assert.match(card.unreadable[0]!.why, /^line 2: invalid TOML: /);
    assert.equal(card.mlTestScore.tests.find((t) => t.id === 'data.1')!.source, 'confirm manually');
  });

  it('rejects an unknown section', () => {
    const dir = workspace({ '.mlops/assessment.toml': '[ml-test-score.training]\n1 = "manual"\n' });
    assert.match(readConfirmations(dir).error!, /^line 1: unknown section "training"/);
  });

  it('treats a missing file as no confirmation', () => {
    const dir = workspace({});
    fs.mkdirSync(path.join(dir, '.mlops'));
    assert.deepEqual(readConfirmations(dir), { byTest: new Map(), file: null, error: null });
  });
});
