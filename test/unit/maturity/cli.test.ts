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
});
