// `npm run demo`: runs the CLI over the sample workspace in examples/ and prints what it finds.
// The registry it fills is examples/.mlops/registry.db (ignored by git); re-running adds nothing new.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ws = path.join(root, 'examples');
const cli = path.join(root, 'bin', 'mlops-lens.js');
// examples/ sits inside this repository's git checkout: name its own registry so the CLI does not pick the repo root.
const registry = path.join(ws, '.mlops', 'registry.db');

const steps = [
  ['Import logger output (MLflow, Lightning)', ['ingest', '.']],
  ['Registry status', ['status']],
  ['Tracked runs', ['runs', 'list']],
  ['MLOps anti-patterns', ['lint', '.']],
  ['The exported model', ['inspect', 'models/churn.onnx']],
  ['Maturity scorecard', ['score', '.']],
  ['Data and prediction drift, this month vs training data', ['drift', 'data/reference.csv', 'data/current.csv', '--model', 'models/churn.onnx']],
];

let failed = 0;
for (const [title, args] of steps) {
  process.stdout.write(`\n\x1b[1m== ${title}: mlops-lens ${args.join(' ')}\x1b[0m\n`);
  const r = spawnSync(process.execPath, [cli, ...args, '--registry', registry], { cwd: ws, stdio: 'inherit' });
  // Exit 1 means "findings" (lint, drift, gates): expected on a sample full of anti-patterns.
  if (r.status !== 0 && r.status !== 1) failed++;
}
process.stdout.write(`\nSample workspace: ${ws}\nTry it in the editor: npm run editor\n`);
process.exit(failed ? 1 : 0);
