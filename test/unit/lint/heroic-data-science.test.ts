import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintPaths } from '../../../src/core/lint';
import { config, workspace } from './helpers';

/** A training script of `n` lines: one fit call, then plain statements. */
function trainingScript(n: number): string {
  const head = ['from sklearn.linear_model import LogisticRegression', 'model = LogisticRegression(random_state=0)', 'model.fit(X, y)'];
  return [...head, ...Array.from({ length: n - head.length }, (_, i) => `step_${i} = ${i}`)].join('\n') + '\n';
}

function git(dir: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], { cwd: dir, stdio: 'ignore' });
}

function commitAs(dir: string, author: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, '-c', `user.name=${author}`, '-c', `user.email=${author.toLowerCase()}@example.com`, 'commit', '-q', '-m', message);
}

/** A repository whose train.py has `own` lines by Ada and `other` lines by Bob. */
function repo(own: number, other: number, extra: Record<string, string> = {}): string {
  const dir = workspace({ 'src/train.py': trainingScript(own), ...extra });
  git(dir, 'init', '-q');
  commitAs(dir, 'Ada', 'first model');
  if (other > 0) {
    fs.appendFileSync(path.join(dir, 'src/train.py'), Array.from({ length: other }, (_, i) => `extra_${i} = ${i}`).join('\n') + '\n');
    commitAs(dir, 'Bob', 'more steps');
  }
  return dir;
}

async function mlo303(dir: string) {
  return (await lintPaths([dir], { config: config(dir), select: ['MLO303'] })).findings;
}

describe('MLO303 heroic-data-science (git blame in a real repository)', () => {
  it('reports training code of 200+ lines written 90%+ by one author with no docs, on the fit call', async () => {
    const dir = repo(230, 10);
    const found = await mlo303(dir);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.file, path.join(dir, 'src/train.py'));
    assert.equal(found[0]!.range.start.line, 2);
    // 230 of 240 lines by Ada: floor(95.8) = 95.
    assert.match(found[0]!.message, /240 lines\) is 95% written by Ada/);
  });

  it('does not report when a second author wrote more than 10% of the lines', async () => {
    assert.deepEqual(await mlo303(repo(200, 30)), []);
  });

  it('does not report training code under 200 lines', async () => {
    assert.deepEqual(await mlo303(repo(150, 0)), []);
  });

  it('does not report when the README names the training script', async () => {
    assert.deepEqual(await mlo303(repo(240, 0, { 'README.md': '# Churn\n\nRun `python src/train.py`.\n' })), []);
  });

  it('does not report when the README has a training section', async () => {
    assert.deepEqual(await mlo303(repo(240, 0, { 'README.md': '# Churn\n\n## How to retrain\n\nAsk the data team.\n' })), []);
  });

  it('does not report when a Makefile target or a dvc.yaml stage runs it', async () => {
    assert.deepEqual(await mlo303(repo(240, 0, { 'Makefile': 'model:\n\tpython src/train.py\n' })), []);
    assert.deepEqual(await mlo303(repo(240, 0, { 'dvc.yaml': 'stages:\n  fit:\n    cmd: python src/train.py\n' })), []);
  });

  it('does not report when a docs/ page names the script', async () => {
    assert.deepEqual(await mlo303(repo(240, 0, { 'docs/guide/training.md': 'Use train.py with the prod config.\n' })), []);
  });

  it('reports nothing outside a git repository', async () => {
    assert.deepEqual(await mlo303(workspace({ 'src/train.py': trainingScript(300) })), []);
  });

  it('counts only committed lines: uncommitted edits by anyone do not add up to 200', async () => {
    const dir = repo(120, 0);
    fs.appendFileSync(path.join(dir, 'src/train.py'), Array.from({ length: 150 }, (_, i) => `wip_${i} = ${i}`).join('\n') + '\n');
    assert.deepEqual(await mlo303(dir), []);
  });

  it('is silenced by "# noqa: MLO303" on the reported line', async () => {
    const dir = workspace({ 'src/train.py': trainingScript(240).replace('model.fit(X, y)', 'model.fit(X, y)  # noqa: MLO303') });
    git(dir, 'init', '-q');
    commitAs(dir, 'Ada', 'first model');
    assert.deepEqual(await mlo303(dir), []);
  });
});
