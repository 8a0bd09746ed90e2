/**
 * Activation cost of the extension bundle: time for `require('dist/extension.js')` plus `activate()` to return,
 * and the bundle size. Measured in plain Node child processes by `activation-driver.cjs` (median of several
 * cold starts); the baseline is an empty activate() bundle timed the same way in the same run.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const bundle = path.resolve(__dirname, '..', 'dist', 'extension.js');
const driver = path.resolve(__dirname, 'activation-driver.cjs');
const RUNS = 7;

export const targets = { activationMs: { max: 50 }, bundleBytes: { max: 500_000 } };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(file: string): { requireMs: number; activateMs: number } {
  const samples = Array.from({ length: RUNS }, () => JSON.parse(execFileSync(process.execPath, [driver, file], { encoding: 'utf8' })) as { requireMs: number; activateMs: number });
  return { requireMs: median(samples.map((s) => s.requireMs)), activateMs: median(samples.map((s) => s.activateMs)) };
}

export async function run(): Promise<Record<string, unknown>> {
  if (!fs.existsSync(bundle)) throw new Error(`build first: ${bundle} is missing`);
  const empty = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'act-bench-')), 'empty.js');
  fs.writeFileSync(empty, "'use strict';exports.activate=function(){return {}};");
  const baseline = time(empty);
  const ours = time(bundle);
  const activationMs = ours.requireMs + ours.activateMs;
  const bytes = fs.statSync(bundle).size;
  const round = (x: number) => Number(x.toFixed(2));
  return {
    activationMs: round(activationMs),
    requireMs: round(ours.requireMs),
    activateMs: round(ours.activateMs),
    baselineMs: round(baseline.requireMs + baseline.activateMs),
    ratioToBaseline: round(activationMs / Math.max(1e-3, baseline.requireMs + baseline.activateMs)),
    bundleBytes: bytes,
  };
}
