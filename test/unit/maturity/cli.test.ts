import * as assert from 'node:assert/strict';
import { Command } from 'commander';
import { registerScore } from '../../../src/cli/commands/score';
import { MlopsError } from '../../../src/core/errors';
import { fixture } from './helpers';

/** Runs `score` through commander as main.ts does, capturing stdout. */
async function score(args: string[]): Promise<{ stdout: string; error: unknown }> {
  const program = new Command().exitOverride();
  registerScore(program, () => ({}));
  const write = process.stdout.write.bind(process.stdout);
  const errWrite = process.stderr.write.bind(process.stderr);
  let stdout = '';
  process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  let error: unknown = null;
  try {
    await program.parseAsync(['node', 'mlops-lens', 'score', ...args]);
  } catch (err) {
    error = err;
  } finally {
    process.stdout.write = write;
    process.stderr.write = errWrite;
  }
  return { stdout, error };
}

describe('mlops-lens score', function () {
  this.timeout(60_000);

  it('prints the JSON shape of the issue', async () => {
    const { stdout, error } = await score([fixture('level-2'), '--format', 'json']);
    assert.equal(error, null);
    const card = JSON.parse(stdout) as Record<string, unknown>;
    for (const k of ['level', 'progressToNext', 'levels', 'antiPatterns', 'mlTestScore', 'roadmap']) assert.ok(k in card, k);
    const level = (card.levels as Record<string, unknown>[])[1]!;
    assert.deepEqual(Object.keys(level).slice(0, 4), ['level', 'name', 'reached', 'score']);
    const check = (level.checks as Record<string, unknown>[])[0]!;
    for (const k of ['id', 'title', 'status', 'weight', 'evidence', 'fix']) assert.ok(k in check, k);
    assert.deepEqual(Object.keys((card.mlTestScore as { sections: object }).sections), ['data', 'model', 'infrastructure', 'monitoring']);
    assert.deepEqual(Object.keys((card.roadmap as object[])[0]!).slice(0, 4), ['level', 'title', 'fix', 'timeline']);
  });

  it('fails the check (exit 1) below --min-level', async () => {
    const { error } = await score([fixture('level-2'), '--min-level', '3', '--format', 'json']);
    assert.ok(error instanceof MlopsError && error.kind === 'check');
    assert.equal(error.message, 'maturity below the minimum: level 2: --min-level 3');
  });

  it('passes at --min-level equal to the level', async () => {
    assert.equal((await score([fixture('level-2'), '--min-level', '2', '--format', 'json'])).error, null);
  });

  it('prints a Markdown report with the level table', async () => {
    const { stdout } = await score([fixture('level-1'), '--format', 'markdown']);
    assert.match(stdout, /^# MLOps maturity: Level 1 · Manual process · 9% of the way to level 2\n/);
    assert.match(stdout, /\| 2 \| ML pipeline automation \| 7% \| no \|/);
  });

  describe('in a workspace of several projects (the monorepo fixture: projects/churn at level 3, projects/notebook at level 1)', () => {
    it('adds each project\'s level, progress, checks and roadmap to the JSON', async () => {
      const { stdout, error } = await score([fixture('monorepo'), '--format', 'json']);
      assert.equal(error, null);
      const card = JSON.parse(stdout) as { level: number; projectScores: { root: string; level: number; progressToNext: number; levels: { checks: { id: string; status: string }[] }[]; roadmap: { checkId: string }[] }[] };
      assert.equal(card.level, 3);
      assert.deepEqual(card.projectScores.map((p) => [p.root, p.level, p.progressToNext]), [['projects/churn', 3, 0], ['projects/notebook', 1, 0]]);
      assert.equal(card.projectScores[1]!.levels[0]!.checks.find((c) => c.id === 'L1.ml-code')!.status, 'pass');
      assert.equal(card.projectScores[1]!.roadmap[0]!.checkId, 'L2.tracking');
    });

    it('prints a table of the projects with their next step', async () => {
      const { stdout } = await score([fixture('monorepo')]);
      assert.ok(stdout.includes([
        'By project',
        '  Project            Level  Progress       Next step',
        '  projects/churn     3      0% to level 4  Level 4: Data-drift detection',
        '  projects/notebook  1      0% to level 2  Level 2: Experiment tracking in use',
      ].join('\n')), stdout);
    });

    it('prints the table in Markdown', async () => {
      const { stdout } = await score([fixture('monorepo'), '--format', 'markdown']);
      assert.match(stdout, /\n## Projects\n\n.*\n\n\| Project \| Level \| Progress \| Next step \|\n\| --- \| --- \| --- \| --- \|\n\| `projects\/churn` \| 3 \| 0% to level 4 \| Level 4: Data-drift detection \|\n\| `projects\/notebook` \| 1 \| 0% to level 2 \| Level 2: Experiment tracking in use \|\n/);
    });

    it('fails --min-level when any project is below it, naming it, though the pooled level reaches it', async () => {
      const { error } = await score([fixture('monorepo'), '--min-level', '2', '--format', 'json']);
      assert.ok(error instanceof MlopsError && error.kind === 'check');
      assert.equal(error.message, 'maturity below the minimum: projects/notebook at level 1: --min-level 2');
    });

    it('names every project below the minimum', async () => {
      const { error } = await score([fixture('monorepo'), '--min-level', '4', '--format', 'json']);
      assert.equal((error as MlopsError).message, 'maturity below the minimum: projects/churn at level 3, projects/notebook at level 1: --min-level 4');
    });

    it('passes --min-level when every project reaches it', async () => {
      assert.equal((await score([fixture('monorepo'), '--min-level', '1'])).error, null);
    });
  });
});
