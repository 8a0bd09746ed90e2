import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../config';
import { describeError, errnoCode, MlopsError } from '../errors';
import { parseGatesConfig } from '../models';

/** What a scaffold writes; `paths` of the data are filled in from the gates config when it names them. */
interface Scaffold {
  path: string;
  title: string;
  render(data: { reference: string; current: string }): string;
}

const SETUP = `      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - uses: actions/setup-node@v4
        with:
          node-version: "20"
      - name: Install dependencies
        run: |
          if [ -f requirements.txt ]; then pip install -r requirements.txt; fi
          if [ -f pyproject.toml ]; then pip install -e .; fi
`;

const QUALITY: Scaffold = {
  path: '.github/workflows/mlops-quality.yml',
  title: 'Add a CI quality gate',
  render: () => `# Written by MLOps Lens ("Add a CI quality gate"): tests, MLOps lint as code scanning alerts, model gates.
name: MLOps quality
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
  security-events: write
jobs:
  quality:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
${SETUP}      - name: Tests
        run: python -m pytest
      - name: MLOps lint
        run: npx --yes mlops-lens lint --format sarif --exit-zero > mlops-lens.sarif
      - name: Upload lint results
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: mlops-lens.sarif
      # The gates judge the registered model versions, so they need the registry in the checkout (commit
      # .mlops/registry.db and .mlops/models/); without it there is nothing to judge and the step is skipped.
      - name: Model quality gates
        if: hashFiles('.mlops/registry.db') != ''
        run: npx --yes mlops-lens gate
`,
};

const DRIFT: Scaffold = {
  path: '.github/workflows/mlops-drift.yml',
  title: 'Add a drift check',
  render: ({ reference, current }) => `# Written by MLOps Lens ("Add a drift check"): compares current data with the reference every day.
name: MLOps drift
on:
  schedule:
    - cron: "17 5 * * *"
  workflow_dispatch:
permissions:
  contents: read
jobs:
  drift:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
${SETUP}      - name: Data drift
        run: npx --yes mlops-lens drift ${reference} ${current} --fail-on-drift
`,
};

const RETRAIN: Scaffold = {
  path: '.github/workflows/mlops-retrain.yml',
  title: 'Add a scheduled retraining workflow',
  render: ({ reference, current }) => `# Written by MLOps Lens: validates the new data, retrains, then runs the quality gates.
name: MLOps retrain
on:
  schedule:
    - cron: "0 3 * * 1"
  workflow_dispatch:
permissions:
  contents: read
jobs:
  retrain:
    runs-on: ubuntu-latest
    timeout-minutes: 120
    steps:
${SETUP}      - name: Validate data
        run: npx --yes mlops-lens drift ${reference} ${current}
      - name: Train
        run: python train.py
      # The gates judge the newest version of each model by the run that produced it: record the run (the
      # training has exited, so runs of loggers with no end marker are finished) and register its model.
      - name: Record the run and register the model
        run: |
          npx --yes mlops-lens ingest --ended
          npx --yes mlops-lens models register models/model.onnx --name model  # edit: the file train.py writes
      - name: Model quality gates
        run: npx --yes mlops-lens gate
`,
};

/** Scaffolds by check id (the Scorecard's action buttons). */
export const SCAFFOLDS: Record<string, Scaffold> = {
  'L3.ci-tests': QUALITY,
  'L3.quality-gates': QUALITY,
  'L4.data-drift': DRIFT,
  'L4.retrain-trigger': DRIFT,
  'L2.retraining': RETRAIN,
};

/**
 * Writes the file that starts a check's fix; never overwrites. Returns the path written (relative to root).
 * Throws an MlopsError when the check has no scaffold, the file exists, or it cannot be written.
 */
export function scaffoldFix(root: string, checkId: string): { path: string; title: string } {
  const s = SCAFFOLDS[checkId];
  if (!s) throw new MlopsError('no scaffold for this check', checkId, `scaffolds exist for ${Object.keys(SCAFFOLDS).join(', ')}`);
  const abs = path.join(path.resolve(root), s.path);
  const text = s.render(dataPaths(root));
  try {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text, { flag: 'wx' });
  } catch (err) {
    if (errnoCode(err) === 'EEXIST') throw new MlopsError('file already exists, not overwritten', s.path, 'edit it, or delete it and run the fix again');
    throw new MlopsError('cannot write scaffold', s.path, errnoCode(err) ?? describeError(err));
  }
  return { path: s.path, title: s.title };
}

/** The drift data paths from `[tool.mlops-lens.gates]`, else placeholders to edit. */
function dataPaths(root: string): { reference: string; current: string } {
  try {
    const config = loadConfig(root);
    const g = parseGatesConfig(config);
    const rel = (p: string | null, dflt: string) => (p ? path.relative(path.resolve(root), p).split(path.sep).join('/') : dflt);
    return { reference: rel(g.reference, 'data/reference.csv'), current: rel(g.current, 'data/current.csv') };
  } catch {
    return { reference: 'data/reference.csv', current: 'data/current.csv' };
  }
}
