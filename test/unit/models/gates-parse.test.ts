import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../../src/core/config';
import { MlopsError } from '../../../src/core/errors';
import { parseGate, parseGatesConfig } from '../../../src/core/models';
import { cleanup, tempDir } from './helpers';

/** Writes pyproject.toml with `body` under [tool.mlops-lens.gates] (line 3 onwards) and parses it. */
function gatesFrom(body: string) {
  const dir = tempDir();
  const file = path.join(dir, 'pyproject.toml');
  fs.writeFileSync(file, `[project]\nname = "x"\n[tool.mlops-lens.gates]\n${body}\n`);
  return { file, parse: () => parseGatesConfig(loadConfig(dir)) };
}

function syntaxError(text: string): string {
  try {
    parseGate(text);
  } catch (err) {
    return (err as Error).message;
  }
  assert.fail(`"${text}" parsed`);
}

describe('models: gate grammar', () => {
  afterEach(cleanup);

  it('parses a metric threshold with each operator', () => {
    assert.deepEqual(['>=', '<=', '>', '<', '=='].map((op) => parseGate(`accuracy ${op} 0.9`)),
      ['>=', '<=', '>', '<', '=='].map((op) => ({ kind: 'metric', text: `accuracy ${op} 0.9`, metric: 'accuracy', op, threshold: 0.9 })));
  });

  it('accepts metric keys with slashes and parentheses and no spaces around the operator', () => {
    assert.deepEqual(parseGate('metrics/mAP50(B)>=5e-1'), { kind: 'metric', text: 'metrics/mAP50(B)>=5e-1', metric: 'metrics/mAP50(B)', op: '>=', threshold: 0.5 });
  });

  it('parses latency_p95_ms and max_psi as their own gate kinds', () => {
    assert.deepEqual([parseGate('latency_p95_ms <= 100').kind, parseGate('max_psi <= 0.2').kind], ['latency', 'drift']);
  });

  it('parses not_worse_than_current with an absolute tolerance, higher being better for accuracy', () => {
    assert.deepEqual(parseGate('not_worse_than_current: accuracy 0.01'),
      { kind: 'not_worse', text: 'not_worse_than_current: accuracy 0.01', metric: 'accuracy', tolerance: 0.01, relative: false, better: 'higher' });
  });

  it('takes lower as better for a loss and honours an explicit maximize', () => {
    const better = (text: string) => { const g = parseGate(text); return g.kind === 'not_worse' ? g.better : null; };
    assert.deepEqual([better('not_worse_than_current: val_loss'), better('not_worse_than_current: val_loss 2% maximize')], ['lower', 'higher']);
  });

  it('parses a percentage tolerance as relative', () => {
    const g = parseGate('not_worse_than_current: f1 2%');
    assert.deepEqual(g.kind === 'not_worse' && [g.tolerance, g.relative], [2, true]);
  });

  it('parses the two lineage requirements', () => {
    assert.deepEqual([parseGate('require_git_clean').kind, parseGate(' require_dataset ').kind], ['git_clean', 'dataset']);
  });

  const BAD: [string, string][] = [
    ['accuracy >>= 0.9', 'expected an operator (>=, <=, >, <, ==)'],
    ['accuracy = 0.9', 'expected an operator (>=, <=, >, <, ==)'],
    ['accuracy 0.9', 'expected an operator (>=, <=, >, <, ==)'],
    ['accuracy >= high', 'expected a number after the operator, got "high"'],
    ['accuracy >=', 'expected a number after the operator, got nothing'],
    ['accuracy >= 0.9 or 0.8', 'unexpected text after the threshold: "or 0.8"'],
    ['require_tests', 'unknown requirement (expected require_git_clean or require_dataset)'],
    ['not_worse_than_current accuracy', 'expected ":" after not_worse_than_current, e.g. "not_worse_than_current: accuracy 0.01"'],
    ['not_worse_than_current:', 'expected a metric name after ":"'],
    ['not_worse_than_current: accuracy -1', 'the tolerance must not be negative, got -1'],
    ['not_worse_than_current: accuracy 0.01 a lot', 'unexpected text after the tolerance: "a lot" (expected maximize or minimize)'],
    ['', 'empty gate expression'],
  ];
  for (const [text, message] of BAD) {
    it(`rejects ${JSON.stringify(text)}: ${message}`, () => {
      assert.equal(syntaxError(text), message);
    });
  }

  it('reads gate lists per alias, with stage names lowercased and data paths resolved from the config folder', () => {
    const { file, parse } = gatesFrom('Production = ["accuracy >= 0.9"]\nchampion = []\nreference = "data/ref.csv"');
    const g = parse();
    assert.deepEqual([[...g.targets.keys()], g.reference, g.current], [['production', 'champion'], path.join(path.dirname(file), 'data/ref.csv'), null]);
  });

  it('names the config file and the line of a bad expression in a one-line list', () => {
    const { file, parse } = gatesFrom('staging = ["accuracy >= 0.8"]\nproduction = ["val_loss <= 0.4", "accuracy >>= 0.9"]');
    assert.throws(parse, (err: MlopsError) => err.message === `invalid gate: ${file}:5: "accuracy >>= 0.9": expected an operator (>=, <=, >, <, ==)`);
  });

  it('names the exact line of a bad expression in a multi-line list', () => {
    const { file, parse } = gatesFrom('production = [\n  "accuracy >= 0.9",\n  "latency_p95_ms <= fast",\n]');
    assert.throws(parse, (err: MlopsError) => err.message === `invalid gate: ${file}:6: "latency_p95_ms <= fast": expected a number after the operator, got "fast"`);
  });

  it('rejects a target whose value is not a list of strings, naming its line', () => {
    const { file, parse } = gatesFrom('\nproduction = "accuracy >= 0.9"');
    assert.throws(parse, (err: MlopsError) => err.message.startsWith(`invalid gate: ${file}:5: "production" must be a list of gate expressions`));
  });

  it('rejects a target that is not a valid alias name', () => {
    const { file, parse } = gatesFrom('"my stage" = ["accuracy >= 0.9"]');
    assert.throws(parse, (err: MlopsError) => err.message.startsWith(`invalid gate: ${file}:4: "my stage" is not an alias or stage name`));
  });

  it('rejects a reference that is not a path string', () => {
    const { file, parse } = gatesFrom('reference = 3');
    assert.throws(parse, (err: MlopsError) => err.message === `invalid gate: ${file}:4: "reference" must be a path to a data file`);
  });

  it('gives no targets when the project has no gates section', () => {
    const dir = tempDir();
    assert.equal(parseGatesConfig(loadConfig(dir)).targets.size, 0);
  });
});
