/**
 * What the sample workspace's MLflow file store (`mlruns/`) holds, read straight from its files: the editor
 * tests expect the product to show exactly these experiments, runs and last metric values once it has
 * captured the workspace, so their expectations never come from the code under test.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface MlflowRun {
  name: string;
  /** Metric key → its value at the highest step, as written in the file. */
  lastMetrics: Record<string, { step: number; value: string }>;
  metricPoints: number;
  /** Param key → value, as the file holds it. */
  params: Record<string, string>;
}

export interface MlflowExperiment {
  name: string;
  runs: MlflowRun[];
}

const metaName = (file: string): string | undefined => /^name:\s*(.+)$/m.exec(fs.readFileSync(file, 'utf8'))?.[1]?.trim();

export function readMlflowStore(workspace: string): MlflowExperiment[] {
  const root = path.join(workspace, 'mlruns');
  if (!fs.existsSync(root)) return [];
  const dirs = (p: string) => fs.readdirSync(p, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => path.join(p, d.name));
  return dirs(root).flatMap((expDir) => {
    const name = fs.existsSync(path.join(expDir, 'meta.yaml')) ? metaName(path.join(expDir, 'meta.yaml')) : undefined;
    const runs = dirs(expDir).filter((d) => fs.existsSync(path.join(d, 'meta.yaml'))).map(readRun);
    return name && runs.length ? [{ name, runs }] : [];
  });
}

function readRun(runDir: string): MlflowRun {
  const tag = path.join(runDir, 'tags', 'mlflow.runName');
  const name = fs.existsSync(tag) ? fs.readFileSync(tag, 'utf8').trim() : path.basename(runDir);
  const lastMetrics: MlflowRun['lastMetrics'] = {};
  let metricPoints = 0;
  const metricsDir = path.join(runDir, 'metrics');
  for (const key of fs.existsSync(metricsDir) ? fs.readdirSync(metricsDir) : []) {
    // Each line: `<timestamp ms> <value> <step>`.
    for (const line of fs.readFileSync(path.join(metricsDir, key), 'utf8').split('\n').filter((l) => l.trim())) {
      const [, value, step] = line.trim().split(/\s+/);
      metricPoints += 1;
      if (!lastMetrics[key] || Number(step) >= lastMetrics[key].step) lastMetrics[key] = { step: Number(step), value: value! };
    }
  }
  const paramsDir = path.join(runDir, 'params');
  const params = Object.fromEntries((fs.existsSync(paramsDir) ? fs.readdirSync(paramsDir) : []).map((k) => [k, fs.readFileSync(path.join(paramsDir, k), 'utf8').trim()]));
  return { name, lastMetrics, metricPoints, params };
}
