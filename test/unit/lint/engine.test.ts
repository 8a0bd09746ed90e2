import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintPaths, lintText, noqaEdit } from '../../../src/core/lint';
import { config, notebook, tempDir, workspace } from './helpers';

const TORCH_LOAD = 'import torch\nm = torch.load("a.pt")\n';

describe('lint engine', () => {
  describe('suppression', () => {
    it('drops a finding whose line has "# noqa: CODE" naming it', async () => {
      const found = await lintText('train.py', 'import torch\nm = torch.load("a.pt")  # noqa: MLO101, MLO102\n', config());
      assert.deepEqual(found, []);
    });
    it('drops every finding on a line with a bare "# noqa"', async () => {
      assert.deepEqual(await lintText('train.py', 'import torch\nm = torch.load("a.pt")  # noqa\n', config()), []);
    });
    it('keeps a finding when the noqa comment names another code', async () => {
      const found = await lintText('train.py', 'import torch\nm = torch.load("a.pt")  # noqa: MLO101\n', config());
      assert.deepEqual(found.map((f) => f.code), ['MLO102']);
    });
    it('builds the noqa edit that appends a comment, or extends an existing one', () => {
      assert.deepEqual(noqaEdit('x = 1', 4, 'MLO103'), { range: { start: { line: 4, character: 5 }, end: { line: 4, character: 5 } }, newText: '  # noqa: MLO103' });
      assert.deepEqual(noqaEdit('x = 1  # noqa: MLO101', 0, 'MLO103').newText, ', MLO103');
      assert.deepEqual(noqaEdit('x = 1  # noqa: MLO101', 0, 'MLO103').range.start.character, 21);
    });
  });

  describe('configuration', () => {
    it('reports only selected codes (prefixes allowed)', async () => {
      const text = 'import torch\nm = torch.load("/home/al/a.pt")\n';
      assert.deepEqual((await lintText('t.py', text, config(undefined, { select: ['MLO103'] }))).map((f) => f.code), ['MLO103']);
      assert.deepEqual((await lintText('t.py', text, config(undefined, { select: ['MLO1'] }))).map((f) => f.code), ['MLO102', 'MLO103']);
    });
    it('drops ignored codes', async () => {
      assert.deepEqual(await lintText('t.py', TORCH_LOAD, config(undefined, { ignore: ['MLO102'] })), []);
    });
    it('applies per-file-ignores by glob relative to the config root', async () => {
      const dir = tempDir();
      const cfg = config(dir, { perFileIgnores: { 'scripts/*.py': ['MLO102'] } });
      assert.deepEqual(await lintText(path.join(dir, 'scripts/load.py'), TORCH_LOAD, cfg), []);
      assert.equal((await lintText(path.join(dir, 'src/load.py'), TORCH_LOAD, cfg)).length, 1);
    });
    it('skips excluded files', async () => {
      const dir = tempDir();
      assert.deepEqual(await lintText(path.join(dir, 'vendor/x/load.py'), TORCH_LOAD, config(dir, { exclude: ['vendor'] })), []);
    });
  });

  describe('files that cannot be analysed', () => {
    it('reports invalid notebook JSON as one MLO000 finding', async () => {
      const found = await lintText('nb.ipynb', '{"cells": [', config());
      assert.deepEqual(found.map((f) => [f.code, f.severity]), [['MLO000', 'warning']]);
      assert.match(found[0]!.message, /invalid notebook JSON/);
    });
    it('reports a YAML syntax error with its line', async () => {
      const found = await lintText('.github/workflows/ci.yml', 'on: push\njobs:\n  a: [1,\n', config());
      assert.equal(found.length, 1);
      assert.equal(found[0]!.code, 'MLO000');
      assert.match(found[0]!.message, /YAML syntax error/);
    });
    it('reports binary bytes in a .py file and goes on with the other files', async () => {
      const dir = workspace({ 'a.py': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]), 'b.py': TORCH_LOAD });
      const r = await lintPaths([dir], { config: config(dir) });
      assert.deepEqual(r.findings.map((f) => [path.basename(f.file), f.code]), [['a.py', 'MLO000'], ['b.py', 'MLO102']]);
      assert.equal(r.filesScanned, 2);
    });
    it('reports a file over 10 MB without reading it as code', async () => {
      const dir = workspace({ 'gen.py': 'x = 1\n'.repeat(2_000_000) });
      const r = await lintPaths([dir], { config: config(dir) });
      assert.deepEqual(r.findings.map((f) => f.code), ['MLO000']);
      assert.match(r.findings[0]!.message, /over the 10 MB limit/);
    });
  });

  describe('notebooks', () => {
    it('maps findings to (cell, line within the cell) with magics and shell escapes blanked', async () => {
      const nb = JSON.stringify({ cells: [
        { cell_type: 'markdown', metadata: {}, source: ['# title'] },
        { cell_type: 'code', execution_count: 1, metadata: {}, outputs: [], source: ['%load_ext autoreload\n', '!pip install torch\n', 'import torch'] },
        { cell_type: 'code', execution_count: 2, metadata: {}, outputs: [], source: ['%%bash\n', 'python -c "torch.load(1)"'] },
        { cell_type: 'code', execution_count: 3, metadata: {}, outputs: [], source: ['x = 1\n', 'm = torch.load("a.pt")'] },
      ], metadata: {}, nbformat: 4, nbformat_minor: 5 });
      const found = await lintText('nb.ipynb', nb, config());
      assert.deepEqual(found.map((f) => [f.code, f.cell, f.range.start.line, f.range.start.character]), [['MLO102', 3, 1, 4]]);
      assert.equal(found[0]!.fix!.edits[0]!.cell, 3);
    });
    it('honours noqa comments inside a cell', async () => {
      assert.deepEqual(await lintText('nb.ipynb', notebook('import torch', 'm = torch.load("a.pt")  # noqa: MLO102'), config()), []);
    });
  });

  describe('quick fixes', () => {
    it('adds weights_only=True to torch.load', async () => {
      const [f] = await lintText('t.py', TORCH_LOAD, config());
      assert.deepEqual(f!.fix!.edits, [{ range: { start: { line: 1, character: 21 }, end: { line: 1, character: 21 } }, newText: ', weights_only=True' }]);
    });
    it('adds random_state=42 to a scikit-learn call', async () => {
      const [f] = await lintText('t.py', 'from sklearn.model_selection import train_test_split\na, b = train_test_split(X)\n', config());
      assert.deepEqual(f!.fix!.edits, [{ range: { start: { line: 1, character: 25 }, end: { line: 1, character: 25 } }, newText: ', random_state=42' }]);
    });
    it('adds a seed line after the imports', async () => {
      const [f] = await lintText('t.py', '"""Doc."""\nimport torch\nfrom torch import nn\n\nlayer = nn.Linear(2, 1)\n', config());
      assert.deepEqual(f!.fix!.edits, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: 'torch.manual_seed(42)\n' }]);
    });
    it('replaces a hard-coded path with one relative to the script and imports Path', async () => {
      const dir = tempDir();
      const [f] = await lintText(path.join(dir, 'src/train.py'), 'import pandas as pd\ndf = pd.read_csv("/home/al/proj/data/train.csv")\n', config(dir));
      assert.deepEqual(f!.fix!.edits, [
        { range: { start: { line: 1, character: 17 }, end: { line: 1, character: 47 } }, newText: 'Path(__file__).resolve().parents[1] / "data/train.csv"' },
        { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: 'from pathlib import Path\n' },
      ]);
    });
    it('pins a dependency to the installed version when one is known', async () => {
      const [f] = await lintText('requirements.txt', 'pandas==2.2.3\nscikit-learn[all]  # model\n', config(), { installedVersions: new Map([['scikit-learn', '1.5.2']]) });
      assert.match(f!.message, /scikit-learn==1\.5\.2/);
      assert.deepEqual(f!.fix!.edits, [{ range: { start: { line: 1, character: 17 }, end: { line: 1, character: 17 } }, newText: '==1.5.2' }]);
    });
    it('keeps the finding but offers no pin without an installed version', async () => {
      const [f] = await lintText('requirements.txt', 'numpy\n', config());
      assert.equal(f!.code, 'MLO106');
      assert.equal(f!.fix, undefined);
    });
  });

  describe('editor re-lint', () => {
    it('gives the same findings after an incremental re-parse as a fresh parse', async () => {
      const before = 'import torch\n\nx = 1\n';
      const after = 'import torch\n\nx = torch.load("m.pt")\n';
      await lintText('/w/edit.py', before, config());
      const incremental = await lintText('/w/edit.py', after, config());
      const fresh = await lintText('/w/other.py', after, config());
      assert.deepEqual(incremental.map((f) => ({ ...f, file: '' })), fresh.map((f) => ({ ...f, file: '' })));
      assert.equal(incremental.length, 1);
    });
  });

  describe('workspace runs', () => {
    it('skips .git, node_modules, .venv, __pycache__ and .mlops folders', async () => {
      const files: Record<string, string> = {};
      for (const d of ['.git', 'node_modules/p', '.venv/lib', '__pycache__', '.mlops']) files[`${d}/x.py`] = TORCH_LOAD;
      files['src/x.py'] = TORCH_LOAD;
      const dir = workspace(files);
      const r = await lintPaths([dir], { config: config(dir) });
      assert.deepEqual(r.findings.map((f) => path.relative(dir, f.file)), [path.join('src', 'x.py')]);
    });
    it('finds the same results with worker threads as on one thread', async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 60; i++) files[`pkg${i % 3}/m${i}.py`] = i % 2 ? TORCH_LOAD : 'import os\n';
      files['nb.ipynb'] = '{"cells": [';
      const dir = workspace(files);
      const one = await lintPaths([dir], { config: config(dir), workers: 0 });
      const many = await lintPaths([dir], { config: config(dir), workers: 2 });
      assert.deepEqual(many.findings, one.findings);
      assert.equal(one.findings.length, 31);
      assert.equal(many.filesScanned, 61);
    });
    it('stops when its signal is aborted', async () => {
      const dir = workspace({ 'a.py': TORCH_LOAD });
      const ac = new AbortController();
      ac.abort(new Error('cancelled'));
      await assert.rejects(lintPaths([dir], { config: config(dir), signal: ac.signal }), /cancelled/);
    });
    it('reports progress up to the number of files', async () => {
      const dir = workspace({ 'a.py': 'x = 1\n', 'b.py': 'y = 2\n' });
      const seen: [number, number][] = [];
      await lintPaths([dir], { config: config(dir), onProgress: (d, t) => seen.push([d, t]) });
      assert.deepEqual(seen.at(-1), [2, 2]);
      assert.ok(fs.existsSync(dir));
    });
  });
});
