import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assess, type Scorecard } from '../../../src/core/maturity';
import { workspace } from './helpers';

const check = (card: Scorecard, id: string) => card.levels.flatMap((l) => l.checks).find((c) => c.id === id)!;

describe('unreadable evidence', () => {
  it('makes CI checks unknown, naming the file and line, when a workflow is invalid YAML', async () => {
    const dir = workspace({ 'train.py': 'model.fit(X, y)\n', '.github/workflows/ci.yml': 'on: push\njobs:\n  t:\n    steps: [\n' });
    const card = await assess(dir, { findings: [] });
    const c = check(card, 'L3.ci-tests');
    assert.equal(c.status, 'unknown');
    assert.match(c.why!, /^cannot read \.github\/workflows\/ci\.yml: invalid YAML at line \d+: /);
    assert.ok(card.levels[2]!.unknown.includes('L3.ci-tests'));
  });

  it('keeps a check passing on other evidence when an unrelated file of its kind cannot be read', async () => {
    const dir = workspace({ 'train.py': 'model.fit(X, y)\n', '.github/workflows/ok.yml': 'on: push\njobs:\n  t:\n    steps:\n      - run: pytest\n', '.github/workflows/bad.yml': ': : :\n  - [\n' });
    assert.equal(check(await assess(dir, { findings: [] }), 'L3.ci-tests').status, 'pass');
  });

  it('reports a folder named like a file (dvc.yaml/) and makes the pipeline check unknown', async () => {
    const dir = workspace({ 'train.py': 'model.fit(X, y)\n', 'dvc.yaml/README': 'not a pipeline\n' });
    const card = await assess(dir, { findings: [] });
    assert.deepEqual(card.unreadable.find((u) => u.file === 'dvc.yaml'), { file: 'dvc.yaml', why: 'is a folder, not a file' });
    assert.equal(check(card, 'L2.pipeline').status, 'unknown');
  });

  it('reports a broken symbolic link to a workflow', async () => {
    const dir = workspace({ 'train.py': 'model.fit(X, y)\n' });
    fs.mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
    fs.symlinkSync(path.join(dir, 'missing.yml'), path.join(dir, '.github/workflows/ci.yml'));
    const card = await assess(dir, { findings: [] });
    assert.deepEqual(card.unreadable, [{ file: '.github/workflows/ci.yml', why: 'broken symbolic link' }]);
    assert.equal(check(card, 'L3.ci-tests').status, 'unknown');
  });

  it('reports a binary file with a Python name and goes on', async () => {
    const dir = workspace({ 'train.py': 'model.fit(X, y)\n', 'model.py': Buffer.from([0x80, 0x04, 0x00, 0x95, 0x01]) });
    const card = await assess(dir, { findings: [] });
    assert.deepEqual(card.unreadable, [{ file: 'model.py', why: 'binary content (NUL byte) in a text file' }]);
    assert.equal(check(card, 'L1.ml-code').status, 'pass');
    assert.equal(check(card, 'L2.tracking').status, 'unknown');
  });

  it('reports an invalid pyproject.toml with its line and still scores', async () => {
    const dir = workspace({ 'train.py': 'model.fit(X, y)\n', 'pyproject.toml': '[project]\nname = "x"\n[tool.mlops-lens\n' });
    const card = await assess(dir, { findings: [] });
    const u = card.unreadable.find((x) => x.file === 'pyproject.toml')!;
    assert.match(u.why, /line 3/);
    assert.equal(card.level, 0);
  });

  it('reports an invalid notebook', async () => {
    const dir = workspace({ 'train.py': 'model.fit(X, y)\n', 'explore.ipynb': '{"cells": [' });
    const card = await assess(dir, { findings: [] });
    assert.match(card.unreadable[0]!.why, /^invalid notebook JSON: /);
  });

  it('skips a file over the size limit with the reason', async () => {
    const dir = workspace({ 'train.py': 'model.fit(X, y)\n', 'generated.py': 'x = 1\n'.repeat(400_000) });
    const card = await assess(dir, { findings: [] });
    assert.match(card.unreadable[0]!.why, /^file is 2\.3 MB, over the 2 MB limit/);
  });

  it('survives a symbolic link loop', async () => {
    const dir = workspace({ 'src/train.py': 'model.fit(X, y)\n' });
    fs.symlinkSync(dir, path.join(dir, 'src', 'loop'));
    const card = await assess(dir, { findings: [] });
    assert.equal(check(card, 'L1.ml-code').status, 'pass');
  });

  it('makes registry checks unknown when the registry could not be opened', async () => {
    const dir = workspace({ 'train.py': 'model.fit(X, y)\n' });
    const card = await assess(dir, { findings: [], registryProblem: { file: '.mlops/registry.db', why: 'the file is not a SQLite database' } });
    assert.equal(check(card, 'L2.tracking').status, 'unknown');
    assert.equal(check(card, 'L2.tracking').why, 'cannot read .mlops/registry.db: the file is not a SQLite database');
  });
});
