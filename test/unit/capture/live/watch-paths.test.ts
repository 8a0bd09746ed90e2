import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ignoreFilter, isWatchLimitError, pollingRoots, rebaseGlobs, watchRoots } from '../../../../src/core/capture/watch-paths';
import { defaultConfig } from '../../../../src/core/config';
import { tempDir, write } from './repo';

describe('watched paths', () => {
  describe('ignoreFilter', () => {
    const root = '/ws';
    const ignored = ignoreFilter(root, '/ws/.mlops/registry.db', ['data/raw', '*.tmp', 'exp/**/cache']);
    const cases: [string, boolean][] = [
      ['/ws', false],
      ['/ws/train.py', false],
      ['/ws/lightning_logs/version_0/metrics.csv', false],
      ['/ws/.git/index', true],
      ['/ws/pkg/node_modules/x/index.js', true],
      ['/ws/.venv/lib/site.py', true],
      ['/ws/venv', true],
      ['/ws/src/__pycache__/a.pyc', true],
      ['/ws/.mlops/artifacts/a.patch', true],
      ['/ws/.dvc/cache/00/abc', true],
      ['/ws/data/raw/x.csv', true],
      ['/ws/data/rawer/x.csv', false],
      ['/ws/deep/a.tmp', true],
      ['/ws/exp/1/2/cache/f', true],
      ['/ws/my_venv_notes/x', false],
    ];
    for (const [p, expected] of cases) it(`${expected ? 'skips' : 'watches'} ${p}`, () => assert.equal(ignored(p), expected));

    it('skips the registry files wherever --registry put them', () => {
      const f = ignoreFilter('/ws', '/ws/reg/custom.db', []);
      assert.deepEqual(['/ws/reg/custom.db', '/ws/reg/custom.db-wal', '/ws/reg/custom.db-shm', '/ws/reg/other.db'].map(f), [true, true, true, false]);
    });

    it('reads exclude globs relative to the config folder', () => {
      const f = ignoreFilter('/ws/proj', null, ['proj/out'], '/ws');
      assert.deepEqual([f('/ws/proj/out/a'), f('/ws/proj/in/a')], [true, false]);
    });
  });

  describe('rebaseGlobs', () => {
    const cases: [string[], string, string, string[]][] = [
      [['a/b', 'c'], '/ws', '/ws', ['a/b', 'c']],
      [['a/b', 'c', './d/e'], '/ws/proj', '/ws', ['proj/a/b', 'c', 'proj/d/e']],
      [['runs/old', 'other/x', 'c', '**/tmp'], '/ws', '/ws/runs', ['old', 'c', '**/tmp']],
      [['a/b', 'c'], '/ws/one', '/ws/two', ['c']],
    ];
    for (const [globs, base, dir, expected] of cases) {
      it(`rewrites ${JSON.stringify(globs)} from ${base} for ${dir}`, () => assert.deepEqual(rebaseGlobs(globs, base, dir), expected));
    }
  });

  it('polls the configured outputs and the logger folders found at the root or one level down', () => {
    const root = tempDir();
    write(root, { 'mlruns/0/meta.yaml': '', 'proj/lightning_logs/x': '', 'proj/deep/runs/x': '', 'results/x': '', 'node_modules/runs/x': '' });
    assert.deepEqual(pollingRoots(root, { ...defaultConfig(root), outputs: ['results', 'missing'] }),
      [path.join(root, 'mlruns'), path.join(root, 'proj/lightning_logs'), path.join(root, 'results')]);
  });

  it('watches the configured watch entries instead of the whole root', () => {
    assert.deepEqual(watchRoots('/ws', { ...defaultConfig('/ws'), watch: ['outputs', 'src/logs'] }), ['/ws/outputs', '/ws/src/logs']);
    assert.deepEqual(watchRoots('/ws'), ['/ws']);
  });

  it('knows the errors that mean the system ran out of watches', () => {
    const e = (code: string) => Object.assign(new Error(code), { code });
    assert.deepEqual([e('ENOSPC'), e('EMFILE'), e('ENFILE'), e('EACCES'), new Error('x'), 'ENOSPC'].map(isWatchLimitError), [true, true, true, false, false, false]);
  });
});
