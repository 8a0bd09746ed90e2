import * as assert from 'node:assert/strict';
import { assess, type Scorecard } from '../../../src/core/maturity';
import { scopeChoices, scopeOf } from '../../../webview-ui/scorecard/scope';
import { fixture } from '../maturity/helpers';

describe('scorecard webview: workspace or one project', function () {
  this.timeout(60_000);
  let mono: Scorecard;
  let single: Scorecard;
  before(async () => {
    [mono, single] = await Promise.all([assess(fixture('monorepo')), assess(fixture('level-2'))]);
  });

  it('offers no picker for a single project and shows the workspace card', () => {
    assert.deepEqual(scopeChoices(single), []);
    const s = scopeOf(single, null);
    assert.deepEqual([s.root, s.level, s.progressToNext, s.levels, s.roadmap, s.shared], [null, single.level, single.progressToNext, single.levels, single.roadmap, []]);
  });

  it('offers the pooled workspace first, then each project with its level', () => {
    assert.deepEqual(scopeChoices(mono), [
      { value: '', label: 'Workspace, pooled · level 3' },
      { value: 'projects/churn', label: 'projects/churn · level 3' },
      { value: 'projects/notebook', label: 'projects/notebook · level 1' },
    ]);
  });

  it('shows the picked project\'s levels, roadmap and shared evidence', () => {
    const s = scopeOf(mono, 'projects/churn');
    assert.equal(s.root, 'projects/churn');
    assert.equal(s.level, 3);
    assert.deepEqual(s.shared.map((e) => e.file), ['.github/workflows/churn-ci.yml', '.github/workflows/churn-retrain.yml']);
    assert.equal(scopeOf(mono, 'projects/notebook').roadmap[0]!.checkId, 'L2.tracking');
  });

  it('falls back to the workspace when a re-assessment no longer has the picked project', () => {
    assert.equal(scopeOf(mono, 'projects/removed').root, null);
    assert.equal(scopeOf(single, 'projects/churn').level, single.level);
  });
});
