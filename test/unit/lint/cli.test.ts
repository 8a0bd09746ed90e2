import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { registerLint } from '../../../src/cli/commands/lint';
import { MlopsError } from '../../../src/core/errors';
import { workspace } from './helpers';

/** Runs `mlops-lens lint ...` in-process from `cwd`; returns stdout and the exit code set. */
async function run(cwd: string, ...args: string[]): Promise<{ out: string; code: number }> {
  const program = new Command('mlops-lens').exitOverride().configureOutput({ writeErr: () => undefined });
  registerLint(program, () => ({}));
  for (const c of program.commands) c.exitOverride();
  const write = process.stdout.write.bind(process.stdout);
  const before = process.cwd();
  let out = '';
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.exitCode = undefined;
  process.chdir(cwd);
  try {
    await program.parseAsync(['lint', ...args], { from: 'user' });
    return { out, code: Number(process.exitCode ?? 0) };
  } finally {
    process.stdout.write = write;
    process.chdir(before);
    process.exitCode = undefined;
  }
}

const FILES = {
  '.git/HEAD': 'ref: refs/heads/main\n',
  'src/train.py': 'import torch\n\nm = torch.load("m.pt")\n',
  'requirements.txt': 'numpy\n',
};

describe('mlops-lens lint', () => {
  it('prints Ruff-style text lines with 1-based positions and exits 1', async () => {
    const dir = workspace(FILES);
    const r = await run(dir);
    assert.equal(r.code, 1);
    assert.deepEqual(r.out.split('\n').slice(0, 2), [
      'requirements.txt:1:1: MLO106 "numpy" has no version, so every install may get a different one: pin it (numpy==X.Y.Z)',
      `${path.join('src', 'train.py')}:3:5: MLO102 torch.load() without weights_only=True can run code stored in the file: pass weights_only=True`,
    ]);
  });

  it('prints the JSON array with 0-based LSP ranges', async () => {
    const dir = workspace(FILES);
    const r = await run(dir, '--format', 'json', 'src');
    assert.deepEqual(JSON.parse(r.out), [{
      file: 'src/train.py', cell: null, range: { start: { line: 2, character: 4 }, end: { line: 2, character: 22 } },
      code: 'MLO102', severity: 'error', message: 'torch.load() without weights_only=True can run code stored in the file: pass weights_only=True',
      fix: { title: 'Add weights_only=True', edits: [{ range: { start: { line: 2, character: 21 }, end: { line: 2, character: 21 } }, newText: ', weights_only=True' }] },
    }]);
  });

  it('writes SARIF 2.1.0 with rules, help and repository-relative 1-based locations', async () => {
    const dir = workspace(FILES);
    const sarif = JSON.parse((await run(path.join(dir, 'src'), '--format', 'sarif', '.')).out);
    assert.equal(sarif.version, '2.1.0');
    const runObj = sarif.runs[0];
    const rule = runObj.tool.driver.rules.find((r: { id: string }) => r.id === 'MLO102');
    assert.equal(rule.defaultConfiguration.level, 'error');
    assert.match(rule.helpUri, /docs\/rules\.md#mlo102-unsafe-model-loading$/);
    assert.ok(rule.help.text.length > 0 && rule.help.markdown.includes('**Why is this bad?**'));
    assert.deepEqual(runObj.results.map((r: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: object } }[] }) =>
      [r.ruleId, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region]), [
      ['MLO102', 'error', 'src/train.py', { startLine: 3, startColumn: 5, endLine: 3, endColumn: 23 }],
    ]);
  });

  it('exits 0 with --exit-zero despite findings', async () => {
    assert.equal((await run(workspace(FILES), '--exit-zero')).code, 0);
  });

  it('exits 0 and says so when nothing is found', async () => {
    const r = await run(workspace({ 'a.py': 'x = 1\n' }));
    assert.deepEqual(r, { out: 'All checks passed!\n', code: 0 });
  });

  it('narrows the rules with --select and --ignore', async () => {
    const dir = workspace(FILES);
    assert.match((await run(dir, '--select', 'MLO106')).out, /^requirements\.txt:1:1: MLO106 .*\nFound 1 finding in 1 file\.\n$/);
    assert.equal((await run(dir, '--ignore', 'MLO102,MLO106')).code, 0);
  });

  it('rejects an unknown rule code as a usage error', async () => {
    await assert.rejects(run(workspace(FILES), '--select', 'E501'), (e: unknown) => e instanceof CommanderError && e.code === 'commander.invalidArgument');
  });

  it('rejects a missing path as an input error', async () => {
    await assert.rejects(run(workspace(FILES), 'nope'), (e: unknown) => e instanceof MlopsError && e.kind === 'input' && e.where === 'nope');
  });
});
