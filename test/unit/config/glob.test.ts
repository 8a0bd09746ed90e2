import * as assert from 'node:assert/strict';
import { globMatcher } from '../../../src/core/config/glob';

const yes = (glob: string, ...paths: string[]) => paths.forEach((p) => assert.ok(globMatcher(glob).test(p), `${glob} should match ${p}`));
const no = (glob: string, ...paths: string[]) => paths.forEach((p) => assert.ok(!globMatcher(glob).test(p), `${glob} should not match ${p}`));

describe('configuration globs', () => {
  it('matches a glob without a slash as a file or folder name at any depth, with all below a matched folder', () => {
    yes('outputs', 'outputs', 'a/b/outputs', 'a/outputs/model.pt');
    no('outputs', 'outputs2', 'my-outputs/x');
    yes('*.ipynb', 'n.ipynb', 'notebooks/scratch/n.ipynb');
    no('*.ipynb', 'n.ipynb.bak');
  });

  it('anchors a glob with a slash at the root, with * inside one segment and ** across segments', () => {
    yes('data/*.csv', 'data/a.csv', 'data/a.csv/inner');
    no('data/*.csv', 'data/x/a.csv', 'src/data/a.csv');
    yes('data/**/*.csv', 'data/a.csv', 'data/x/y/z.csv');
    yes('notebooks/scratch/**', 'notebooks/scratch/a.py', 'notebooks/scratch/x/b.ipynb');
    no('notebooks/scratch/**', 'notebooks/scratch', 'notebooks/scratchpad/a.py');
    yes('**/test_*.py', 'test_a.py', 'tests/unit/test_a.py');
  });

  it('reads ? as one character, {a,b} as alternatives, and other characters literally', () => {
    yes('run?.log', 'run1.log');
    no('run?.log', 'run10.log', 'run/.log');
    yes('{train,serve}/*.py', 'train/a.py', 'serve/b.py');
    no('{train,serve}/*.py', 'eval/a.py');
    yes('a+b (1).py', 'x/a+b (1).py');
    no('a.py', 'axpy');
  });

  it('takes ./ in front, a trailing slash and Windows separators as the same glob', () => {
    for (const g of ['./build/', 'build/', 'build', '.\\build\\']) yes(g, 'build/out.txt');
    yes('data\\raw\\*.csv', 'data/raw/a.csv');
  });
});
